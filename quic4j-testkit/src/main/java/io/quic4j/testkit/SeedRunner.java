package io.quic4j.testkit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * Runs a scenario for every seed of {@link Seeds#list} inside one test method. When seeds fail, it throws a
 * {@link SeedFailure} for the first of them, naming the command that replays exactly that seed, with the
 * other failures attached as suppressed exceptions.
 *
 * <pre>{@code
 * @Test
 * void transferSurvivesLoss(TestInfo info) {
 *     SeedRunner.forEachSeed(info, 50, seed -> {
 *         Simulator sim = new Simulator(seed);
 *         ...
 *     });
 * }
 * }</pre>
 *
 * <p>{@link SeededTest} is the alternative that reports each seed as its own test.
 */
public final class SeedRunner {
    private static final int MAX_SUPPRESSED = 5;

    private SeedRunner() {
    }

    /**
     * Runs {@code scenario} for each seed.
     *
     * @param info the running test (JUnit injects it as a method parameter)
     * @param defaultCount how many seeds when {@value Seeds#COUNT_PROPERTY} is not set
     * @param scenario the scenario
     * @throws SeedFailure when any seed fails
     */
    public static void forEachSeed(TestInfo info, int defaultCount, SeededScenario scenario) {
        Class<?> testClass = info.getTestClass()
                .orElseThrow(() -> new IllegalArgumentException("TestInfo has no test class"));
        String method = info.getTestMethod()
                .orElseThrow(() -> new IllegalArgumentException("TestInfo has no test method")).getName();
        forEachSeed(testClass, method, Seeds.list(defaultCount), scenario);
    }

    /**
     * Runs {@code scenario} for the given seeds, reporting failures against {@code testClass#method}.
     *
     * @param testClass the test class, for the replay command
     * @param method the test method's name, for the replay command
     * @param seeds the seeds
     * @param scenario the scenario
     * @throws SeedFailure when any seed fails
     */
    public static void forEachSeed(Class<?> testClass, String method, long[] seeds, SeededScenario scenario) {
        List<Long> failedSeeds = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (long seed : seeds) {
            try {
                scenario.run(seed);
            } catch (Exception | AssertionError e) {
                failedSeeds.add(seed);
                failures.add(e);
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        long first = failedSeeds.getFirst();
        String detail = failedSeeds.size() == 1
                ? ""
                : "\n  " + failedSeeds.size() + " of " + seeds.length + " seeds failed: "
                        + failedSeeds.subList(0, Math.min(20, failedSeeds.size()))
                        + (failedSeeds.size() > 20 ? " ..." : "");
        SeedFailure f = new SeedFailure(first, ReplayCommand.of(testClass, method, first), detail, failures.getFirst());
        for (int i = 1; i < Math.min(failures.size(), MAX_SUPPRESSED + 1); i++) {
            f.addSuppressed(failures.get(i));
        }
        throw f;
    }
}
