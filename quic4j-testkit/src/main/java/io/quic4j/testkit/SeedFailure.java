package io.quic4j.testkit;

import java.io.Serial;

/**
 * A seeded scenario failed: the message names the seed and the command that replays it, and the cause is
 * the original failure.
 */
public final class SeedFailure extends AssertionError {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final String replayCommand;

    /**
     * Creates the failure.
     *
     * @param seed the failing seed
     * @param replayCommand the command that replays it
     * @param detail extra text for the message (for example how many other seeds failed), or empty
     * @param cause the original failure
     */
    public SeedFailure(long seed, String replayCommand, String detail, Throwable cause) {
        super("seed " + seed + " failed: " + cause + detail + "\n  replay with: " + replayCommand, cause);
        this.seed = seed;
        this.replayCommand = replayCommand;
    }

    /**
     * The failing seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The command that replays the failing seed.
     *
     * @return the command line
     */
    public String replayCommand() {
        return replayCommand;
    }
}
