package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The seed runner: which seeds run, and the replay command a failing seed reports. */
class SeedRunnerTest {

    /** Run only through the launcher below; surefire does not pick up nested classes. */
    static final class FailingFixture {
        static boolean launched;
        static final List<Long> seedsRun = new ArrayList<>();

        @SeededTest(seeds = 4)
        void failsOnSeedThree(long seed) {
            Assumptions.assumeTrue(launched, "only run by SeedRunnerTest");
            seedsRun.add(seed);
            assertThat(seed).as("the deliberately failing seed").isNotEqualTo(3L);
        }
    }

    private static <T> T withProperties(String seed, String count, String base, Supplier<T> body) {
        String[] names = {Seeds.SEED_PROPERTY, Seeds.COUNT_PROPERTY, Seeds.BASE_PROPERTY};
        String[] values = {seed, count, base};
        String[] saved = new String[3];
        for (int i = 0; i < 3; i++) {
            saved[i] = System.getProperty(names[i]);
            set(names[i], values[i]);
        }
        try {
            return body.get();
        } finally {
            for (int i = 0; i < 3; i++) {
                set(names[i], saved[i]);
            }
        }
    }

    private static void set(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void seedsDefaultToCountFromOne() {
        assertThat(withProperties(null, null, null, () -> Seeds.list(5))).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void seedCountAndBaseComeFromProperties() {
        assertThat(withProperties(null, "3", "100", () -> Seeds.list(5))).containsExactly(100, 101, 102);
    }

    @Test
    void oneSeedPropertyReplaysExactlyThatSeed() {
        assertThat(withProperties("1234", "50", null, () -> Seeds.list(5))).containsExactly(1234);
        assertThat(withProperties("1234", null, null, Seeds::replaying)).isTrue();
    }

    @Test
    void malformedSeedPropertyNamesTheProperty() {
        assertThatThrownBy(() -> withProperties("12x", null, null, () -> Seeds.list(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Dquic4j.seed");
        assertThatThrownBy(() -> withProperties(null, "0", null, () -> Seeds.list(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quic4j.seeds");
    }

    @Test
    void replayCommandNamesModuleTestAndSeed() {
        assertThat(ReplayCommand.moduleDirectory()).isEqualTo("quic4j-testkit");
        assertThat(ReplayCommand.of(SeedRunnerTest.class, "someScenario", 1234)).isEqualTo(
                "mvn -B -pl quic4j-testkit -am test -Dtest=SeedRunnerTest#someScenario -Dquic4j.seed=1234"
                        + " -Dsurefire.failIfNoSpecifiedTests=false");
        assertThat(ReplayCommand.of("", SeedRunnerTest.class, "m", -7))
                .isEqualTo(
                        "mvn -B test -Dtest=SeedRunnerTest#m -Dquic4j.seed=-7 -Dsurefire.failIfNoSpecifiedTests=false");
    }

    @Test
    void forEachSeedReportsTheFirstFailingSeedWithItsReplayCommand(TestInfo info) {
        List<Long> ran = new ArrayList<>();
        SeedFailure f = catchThrowableOfType(SeedFailure.class,
                () -> withProperties(null, "6", null, () -> {
                    SeedRunner.forEachSeed(info, 20, seed -> {
                        ran.add(seed);
                        if (seed == 3 || seed == 5) {
                            throw new IllegalStateException("boom at " + seed);
                        }
                    });
                    return null;
                }));
        assertThat(ran).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(f.seed()).isEqualTo(3);
        assertThat(f.replayCommand()).isEqualTo("mvn -B -pl quic4j-testkit -am test"
                + " -Dtest=SeedRunnerTest#forEachSeedReportsTheFirstFailingSeedWithItsReplayCommand"
                + " -Dquic4j.seed=3 -Dsurefire.failIfNoSpecifiedTests=false");
        assertThat(f).hasMessageContaining("seed 3 failed").hasMessageContaining("boom at 3")
                .hasMessageContaining("2 of 6 seeds failed: [3, 5]").hasMessageContaining(f.replayCommand())
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(f.getSuppressed()).singleElement().extracting(Throwable::getMessage).isEqualTo("boom at 5");
    }

    @Test
    void forEachSeedPassesWhenEverySeedPasses(TestInfo info) {
        List<Long> ran = new ArrayList<>();
        withProperties(null, null, null, () -> {
            SeedRunner.forEachSeed(info, 3, ran::add);
            return null;
        });
        assertThat(ran).containsExactly(1L, 2L, 3L);
    }

    private static TestExecutionSummary launchFixture() {
        FailingFixture.launched = true;
        FailingFixture.seedsRun.clear();
        try {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FailingFixture.class))
                    .build(), listener);
            return listener.getSummary();
        } finally {
            FailingFixture.launched = false;
        }
    }

    @Test
    void seededTestFailsTheFailingSeedWithTheCommandThatReplaysIt() {
        TestExecutionSummary summary = withProperties(null, null, null, SeedRunnerTest::launchFixture);
        assertThat(FailingFixture.seedsRun).containsExactly(1L, 2L, 3L, 4L);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getTestIdentifier().getDisplayName()).isEqualTo("seed 3");
            assertThat(failure.getException()).isInstanceOf(SeedFailure.class)
                    .hasMessageContaining("seed 3 failed").hasMessageContaining("the deliberately failing seed")
                    .hasMessageContaining("replay with: mvn -B -pl quic4j-testkit -am test"
                            + " -Dtest='SeedRunnerTest$FailingFixture#failsOnSeedThree' -Dquic4j.seed=3"
                            + " -Dsurefire.failIfNoSpecifiedTests=false");
        });
    }

    @Test
    void seededTestRunsOnlyTheReplayedSeed() {
        TestExecutionSummary summary = withProperties("3", null, null, SeedRunnerTest::launchFixture);
        assertThat(FailingFixture.seedsRun).containsExactly(3L);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    }
}
