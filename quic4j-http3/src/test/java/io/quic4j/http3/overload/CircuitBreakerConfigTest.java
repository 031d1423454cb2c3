package io.quic4j.http3.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.Http3ServerConfig;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link CircuitBreakerConfig} validation: each bad setting fails with a message that names it. */
class CircuitBreakerConfigTest {

    private static void rejects(CircuitBreakerConfig.Builder b, String... words) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).message().contains(words);
    }

    @Test
    void serverConfigHasTheBreakerOnByDefault() {
        assertThat(Http3ServerConfig.defaults().circuitBreaker()).isEqualTo(CircuitBreakerConfig.defaults());
        assertThat(Http3ServerConfig.defaults().circuitBreaker().enabled()).isTrue();
        assertThat(Http3ServerConfig.defaults().circuitBreaker().healthPaths()).containsExactly("/healthz");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        CircuitBreakerConfig c = CircuitBreakerConfig.builder().capacity(7).minSamples(3).healthCheck(() -> true)
                .retryAfter(Duration.ofSeconds(9)).build();

        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void rejectsThresholdClampUpsideDown() {
        rejects(CircuitBreakerConfig.builder().thresholdClamp(0.3, 0.02), "minThreshold", "maxThreshold");
    }

    @Test
    void rejectsThresholdsOutsideZeroToOne() {
        rejects(CircuitBreakerConfig.builder().baseThreshold(0), "baseThreshold");
        rejects(CircuitBreakerConfig.builder().thresholdClamp(0.02, 1.5), "maxThreshold");
        rejects(CircuitBreakerConfig.builder().baseThreshold(Double.NaN), "baseThreshold");
    }

    @Test
    void rejectsLoadFactorClampUpsideDownOrZero() {
        rejects(CircuitBreakerConfig.builder().loadFactorClamp(2.0, 0.8), "minLoadFactor <= maxLoadFactor");
        rejects(CircuitBreakerConfig.builder().loadFactorClamp(0, 2), "0 < minLoadFactor");
    }

    @Test
    void rejectsMinSamplesBelowOne() {
        rejects(CircuitBreakerConfig.builder().minSamples(0), "minSamples");
    }

    @Test
    void rejectsBucketsTooSmall() {
        rejects(CircuitBreakerConfig.builder().window(Duration.ofMillis(10)).windowBuckets(100), "fewer windowBuckets");
        rejects(CircuitBreakerConfig.builder().windowBuckets(0), "windowBuckets");
    }

    @Test
    void rejectsNonPositiveDurations() {
        rejects(CircuitBreakerConfig.builder().cooldown(Duration.ZERO), "cooldown");
        rejects(CircuitBreakerConfig.builder().blockAfter(Duration.ofSeconds(-1)), "blockAfter");
        rejects(CircuitBreakerConfig.builder().window(Duration.ZERO), "window");
    }

    @Test
    void rejectsRetryAfterNotWholeSeconds() {
        rejects(CircuitBreakerConfig.builder().retryAfter(Duration.ofMillis(1500)), "whole number of seconds");
        rejects(CircuitBreakerConfig.builder().retryAfter(Duration.ZERO), "retryAfter");
    }

    @Test
    void rejectsHealthPathWithoutSlashOrWithQuery() {
        rejects(CircuitBreakerConfig.builder().healthPaths(Set.of("healthz")), "must start with '/'");
        rejects(CircuitBreakerConfig.builder().healthPaths(Set.of("/healthz?x")), "no query");
    }

    @Test
    void rejectsEvaluationIntervalLongerThanABucket() {
        rejects(CircuitBreakerConfig.builder().evaluationInterval(Duration.ofSeconds(2)), "evaluationInterval",
                "shorten it");
    }

    @Test
    void rejectsCapacityBelowOne() {
        rejects(CircuitBreakerConfig.builder().capacity(0), "capacity");
    }
}
