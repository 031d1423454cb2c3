package io.quic4j.testkit;

/**
 * The Gilbert-Elliott two-state burst-loss model. Before each datagram the channel moves from the good to
 * the bad state with probability {@code goodToBad} (or back with {@code badToGood}); the datagram is then
 * lost with the loss probability of the state it is in. With the defaults of {@link #of} (no loss when
 * good, all lost when bad) the mean burst length is {@code 1 / badToGood} datagrams and the long-run loss
 * rate is {@code goodToBad / (goodToBad + badToGood)}.
 *
 * @param goodToBad probability of entering the bad state, per datagram, in [0, 1]
 * @param badToGood probability of leaving the bad state, per datagram, in [0, 1]
 * @param lossInGood loss probability in the good state, in [0, 1]
 * @param lossInBad loss probability in the bad state, in [0, 1]
 */
public record GilbertElliott(double goodToBad, double badToGood, double lossInGood, double lossInBad) {

    /** Checks that every component is a probability. */
    public GilbertElliott {
        LinkConfig.requireProbability("goodToBad", goodToBad);
        LinkConfig.requireProbability("badToGood", badToGood);
        LinkConfig.requireProbability("lossInGood", lossInGood);
        LinkConfig.requireProbability("lossInBad", lossInBad);
    }

    /**
     * The simple Gilbert model: nothing lost in the good state, everything lost in the bad state.
     *
     * @param goodToBad probability of entering the bad state, per datagram
     * @param badToGood probability of leaving it, per datagram
     * @return the model
     */
    public static GilbertElliott of(double goodToBad, double badToGood) {
        return new GilbertElliott(goodToBad, badToGood, 0.0, 1.0);
    }

    /**
     * The long-run fraction of datagrams lost.
     *
     * @return the stationary loss rate
     */
    public double meanLossRate() {
        double sum = goodToBad + badToGood;
        double bad = sum == 0 ? 0 : goodToBad / sum;
        return bad * lossInBad + (1 - bad) * lossInGood;
    }
}
