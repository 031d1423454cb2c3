package io.quic4j.testkit.internal;

import io.quic4j.testkit.DropReason;
import io.quic4j.testkit.GilbertElliott;
import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.TimeWindow;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One direction of a link: applies a {@link LinkConfig}'s impairments, in the order that class documents,
 * to each datagram and says when its copies arrive. All randomness comes from the link's own stream.
 */
public final class LinkPipeline {

    /**
     * One copy of a datagram to deliver.
     *
     * @param arrival when it reaches the receiver, in nanoseconds
     * @param bytes its bytes (a private copy)
     * @param duplicate whether it is the extra copy
     * @param corrupted whether bits were flipped
     * @param reordered whether it was held back for reordering
     */
    public record Copy(long arrival, byte[] bytes, boolean duplicate, boolean corrupted, boolean reordered) {
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LinkConfig config;
    private final SplittableRandom random;
    private final long delay;
    private final long jitter;
    private final long reorderDelay;
    // Datagrams on the bandwidth queue, oldest first: {departure time, size}.
    private final ArrayDeque<long[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long busyUntil;
    private long lastArrival;
    private boolean burstBad;

    /**
     * Creates the pipeline.
     *
     * @param config the impairments
     * @param seed the seed of this link's random stream
     */
    public LinkPipeline(LinkConfig config, long seed) {
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.delay = config.delay().toNanos();
        this.jitter = config.jitter().toNanos();
        this.reorderDelay = config.reorderDelay().toNanos();
    }

    /**
     * The configuration.
     *
     * @return the impairments applied
     */
    public LinkConfig config() {
        return config;
    }

    /**
     * Takes a datagram sent at {@code now}; adds its copies to {@code out} unless it is dropped.
     *
     * @param now the send time
     * @param bytes the datagram (not modified; copies are made for corruption)
     * @param out where the copies go
     * @return why it was dropped, or {@code null} when it was not
     */
    public DropReason admit(long now, byte[] bytes, List<Copy> out) {
        for (TimeWindow w : config.blackholes()) {
            if (w.contains(now)) {
                return DropReason.BLACKHOLE;
            }
        }
        long departure = now;
        if (config.bandwidth() > 0) {
            while (!queue.isEmpty() && queue.peekFirst()[0] <= now) {
                queuedBytes -= queue.pollFirst()[1];
            }
            if (queuedBytes + bytes.length > config.queueBytes()) {
                return DropReason.QUEUE_FULL;
            }
            long serialization = Math.ceilDiv(bytes.length * 8L * NANOS_PER_SECOND, config.bandwidth());
            departure = Math.max(now, busyUntil) + serialization;
            busyUntil = departure;
            queue.addLast(new long[]{departure, bytes.length});
            queuedBytes += bytes.length;
        }
        // Loss happens on the wire, after the datagram has used its share of the bandwidth.
        if (config.lossRate() > 0 && random.nextDouble() < config.lossRate()) {
            return DropReason.RANDOM_LOSS;
        }
        GilbertElliott ge = config.burstLoss();
        if (ge != null) {
            burstBad = burstBad ? random.nextDouble() >= ge.badToGood() : random.nextDouble() < ge.goodToBad();
            double p = burstBad ? ge.lossInBad() : ge.lossInGood();
            if (p > 0 && random.nextDouble() < p) {
                return DropReason.BURST_LOSS;
            }
        }
        long arrival = departure + delay + (jitter > 0 ? random.nextLong(jitter + 1) : 0);
        boolean reordered = config.reorderRate() > 0 && random.nextDouble() < config.reorderRate();
        if (reordered) {
            arrival += reorderDelay;
        } else if (!config.jitterReorders()) {
            arrival = Math.max(arrival, lastArrival);
            lastArrival = arrival;
        }
        boolean duplicate = config.duplicateRate() > 0 && random.nextDouble() < config.duplicateRate();
        out.add(copy(arrival, bytes, false, reordered));
        if (duplicate) {
            out.add(copy(arrival, bytes, true, reordered));
        }
        return null;
    }

    private Copy copy(long arrival, byte[] bytes, boolean duplicate, boolean reordered) {
        byte[] c = bytes.clone();
        boolean corrupted = config.corruptRate() > 0 && c.length > 0 && random.nextDouble() < config.corruptRate();
        if (corrupted) {
            flipDistinctBits(c, Math.min(config.corruptBits(), c.length * 8));
        }
        return new Copy(arrival, c, duplicate, corrupted, reordered);
    }

    private void flipDistinctBits(byte[] c, int bits) {
        // Flipping the same bit twice would undo it: pick distinct positions (a partial Fisher-Yates over
        // the bit indexes would allocate; a rejection loop over a small set is enough for a few bits).
        long[] chosen = new long[bits];
        int n = 0;
        while (n < bits) {
            long pos = random.nextLong(c.length * 8L);
            boolean seen = false;
            for (int i = 0; i < n; i++) {
                seen |= chosen[i] == pos;
            }
            if (!seen) {
                chosen[n++] = pos;
                c[(int) (pos >>> 3)] ^= (byte) (1 << (pos & 7));
            }
        }
    }
}
