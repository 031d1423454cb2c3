package io.quic4j.testkit;

/** A scenario run once per seed by {@link SeedRunner}. */
@FunctionalInterface
public interface SeededScenario {

    /**
     * Runs the scenario.
     *
     * @param seed the seed for this run
     * @throws Exception any failure fails this seed
     */
    void run(long seed) throws Exception;
}
