package io.quic4j.testkit;

/**
 * The seeds a seeded scenario runs with, from system properties: {@value #SEED_PROPERTY} replays one seed;
 * otherwise {@value #COUNT_PROPERTY} seeds (or a test's default count) from {@value #BASE_PROPERTY}
 * (default 1) upwards. Seeds are consecutive on purpose: they are short to type, and the simulator mixes
 * them before use.
 *
 * <pre>
 * mvn test -Dquic4j.seeds=5000               # more seeds than the default
 * mvn test -Dquic4j.seedBase=20250101        # another range
 * mvn test -Dtest=X#y -Dquic4j.seed=1234     # exactly one seed (what a failure prints)
 * </pre>
 */
public final class Seeds {
    /** The system property naming the one seed to run. */
    public static final String SEED_PROPERTY = "quic4j.seed";
    /** The system property giving how many seeds to run. */
    public static final String COUNT_PROPERTY = "quic4j.seeds";
    /** The system property giving the first seed. */
    public static final String BASE_PROPERTY = "quic4j.seedBase";

    private Seeds() {
    }

    /**
     * The seeds to run.
     *
     * @param defaultCount how many seeds when {@value #COUNT_PROPERTY} is not set, {@code >= 1}
     * @return the single seed of {@value #SEED_PROPERTY}, or the range
     * @throws IllegalArgumentException when a property is not a number, or a count is below 1
     */
    public static long[] list(int defaultCount) {
        String one = System.getProperty(SEED_PROPERTY);
        if (one != null && !one.isBlank()) {
            return new long[]{parseLong(SEED_PROPERTY, one)};
        }
        String countText = System.getProperty(COUNT_PROPERTY);
        long count = countText == null || countText.isBlank() ? defaultCount : parseLong(COUNT_PROPERTY, countText);
        if (count < 1 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(COUNT_PROPERTY + " (or the default count) must be in [1, "
                    + (Integer.MAX_VALUE - 8) + "], got " + count);
        }
        String baseText = System.getProperty(BASE_PROPERTY);
        long base = baseText == null || baseText.isBlank() ? 1 : parseLong(BASE_PROPERTY, baseText);
        long[] seeds = new long[(int) count];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = base + i;
        }
        return seeds;
    }

    /**
     * Tells whether one seed is being replayed ({@value #SEED_PROPERTY} is set).
     *
     * @return {@code true} when replaying
     */
    public static boolean replaying() {
        String one = System.getProperty(SEED_PROPERTY);
        return one != null && !one.isBlank();
    }

    private static long parseLong(String property, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be a whole number, got '" + text + "'", e);
        }
    }
}
