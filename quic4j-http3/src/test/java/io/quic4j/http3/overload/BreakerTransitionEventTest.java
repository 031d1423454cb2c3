package io.quic4j.http3.overload;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BreakerTransitionEvent}: a circuit breaker transition is recorded as a JFR event with its states, rate,
 * threshold, window counts and reason (DESIGN.md §7), read back from a recording file.
 */
class BreakerTransitionEventTest {
    private static final String EVENT = "io.quic4j.http3.CircuitBreakerTransition";
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aTransitionIsRecordedWithItsFields(@TempDir Path dir) throws Exception {
        AtomicLong clock = new AtomicLong(42 * SECOND);
        Path file = dir.resolve("breaker.jfr");
        CircuitBreakerSnapshot after;
        try (Recording recording = new Recording()) {
            recording.enable(EVENT);
            recording.start();
            try (SharedBreaker breaker = SharedBreaker.start(CircuitBreakerConfig.defaults(), clock::get)) {
                for (int i = 0; i < 100; i++) {
                    breaker.streamEnded(i < 30); // 30 % reset: above any threshold (at most 30 %, DESIGN.md §5)
                }
                after = breaker.evaluateNow().get(30, TimeUnit.SECONDS);
            }
            recording.stop();
            recording.dump(file);
        }
        assertThat(after.state()).isEqualTo(CircuitBreakerState.DEGRADED);

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(EVENT)).toList();

        assertThat(events).hasSize(1);
        RecordedEvent e = events.getFirst();
        assertThat(e.getString("from")).isEqualTo("HEALTHY");
        assertThat(e.getString("to")).isEqualTo("DEGRADED");
        assertThat(e.getDouble("rate")).isEqualTo(0.30);
        assertThat(e.getDouble("threshold")).isEqualTo(after.threshold()).isGreaterThan(0).isLessThan(0.30);
        assertThat(e.getLong("ended")).isEqualTo(100);
        assertThat(e.getLong("resets")).isEqualTo(30);
        assertThat(e.getString("reason")).isNotBlank();
    }
}
