package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's log events (DESIGN.md §7): WARNING per shed connection with its ID and bytes, INFO when memory
 * pressure starts and ends, and a summary of refusals and rate limiting at most once per 10 seconds that covers
 * everything since the previous one.
 */
class EndpointLogTest {
    private static final long SECOND = 1_000_000_000L;

    /** Records what is logged at INFO and above. */
    private static final class Recorder implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return EndpointLog.NAME;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                lines.add(level + " " + msg);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                lines.add(level + " " + java.text.MessageFormat.format(format, params));
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                lines.add(level + " " + msgSupplier.get());
            }
        }
    }

    @Test
    void aShedConnectionIsAWarningWithItsIdAndBytes() {
        Recorder r = new Recorder();
        new EndpointLog(r).shed("c0ffee", 1_234_567, 7_000_000, 6_000_000);
        assertThat(r.lines).singleElement().asString().startsWith("WARNING").contains("c0ffee", "1234567",
                "6000000");
    }

    @Test
    void memoryPressureStartingAndEndingIsInfo() {
        Recorder r = new Recorder();
        EndpointLog log = new EndpointLog(r);
        log.pressure(true, 800, 750, 1_000);
        log.pressure(false, 600, 625, 1_000);
        assertThat(r.lines).hasSize(2);
        assertThat(r.lines.get(0)).startsWith("INFO memory pressure:").contains("800", "750");
        assertThat(r.lines.get(1)).startsWith("INFO memory pressure over").contains("600", "625");
    }

    @Test
    void refusalsAreSummarizedAtMostOncePerTenSeconds() {
        Recorder r = new Recorder();
        EndpointLog log = new EndpointLog(r);
        long t = 5 * SECOND;
        log.refused(ServerEndpoint.Refusal.MEMORY, t);
        assertThat(r.lines).singleElement().asString().contains("1 new connections refused (memory)");

        for (int i = 0; i < 1_000; i++) {
            log.refused(ServerEndpoint.Refusal.CONNECTION_LIMIT, t + i * 1_000_000L);
            log.rateLimited(t + i * 1_000_000L);
            log.suppressed(t + i * 1_000_000L);
        }
        assertThat(r.lines).as("a flood is not a flood of lines").hasSize(1);

        log.refused(ServerEndpoint.Refusal.SHUTTING_DOWN, t + 10 * SECOND);
        assertThat(r.lines).hasSize(2);
        assertThat(r.lines.get(1)).contains("(last 10 s)", "1000 new connections refused (connection limit)",
                "1 new connections refused (shutting down)", "1000 handshakes over their address rate",
                "1000 stateless answers");
        assertThat(log.summaries()).isEqualTo(2);
    }
}
