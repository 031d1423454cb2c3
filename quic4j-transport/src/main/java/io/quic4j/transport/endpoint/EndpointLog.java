package io.quic4j.transport.endpoint;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The endpoint's log lines (DESIGN.md §7), through {@link System.Logger} {@code io.quic4j.transport.endpoint}:
 * WARNING for each connection shed for memory, INFO when memory pressure starts and ends, and an INFO summary of
 * refusals and rate limiting. A flood must not turn into a flood of log lines, so the summary is written at the
 * first such event and then at most once per {@link #SUMMARY_INTERVAL_NANOS}, at the first event after it,
 * covering everything since the previous one. Time is passed in (sans-I/O); one owner thread.
 */
final class EndpointLog {
    static final String NAME = "io.quic4j.transport.endpoint";
    /** The least time between two summaries. */
    static final long SUMMARY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    /** Refusals by {@link ServerEndpoint.Refusal} ordinal since the last summary. */
    private final long[] refused = new long[ServerEndpoint.Refusal.values().length];
    private long rateLimited;
    private long suppressed;
    private long lastSummaryAt;
    private boolean summarized;
    private long summaries;

    EndpointLog() {
        this(System.getLogger(NAME));
    }

    EndpointLog(Logger log) {
        this.log = log;
    }

    void refused(ServerEndpoint.Refusal reason, long now) {
        refused[reason.ordinal()]++;
        maybeSummarize(now);
    }

    void rateLimited(long now) {
        rateLimited++;
        maybeSummarize(now);
    }

    void suppressed(long now) {
        suppressed++;
        maybeSummarize(now);
    }

    private void maybeSummarize(long now) {
        if (summarized && now - lastSummaryAt < SUMMARY_INTERVAL_NANOS) {
            return;
        }
        long seconds = summarized ? TimeUnit.NANOSECONDS.toSeconds(now - lastSummaryAt) : 0;
        summarized = true;
        lastSummaryAt = now;
        summaries++;
        if (log.isLoggable(Level.INFO)) {
            StringBuilder b = new StringBuilder("endpoint under load");
            if (seconds > 0) {
                b.append(" (last ").append(seconds).append(" s)");
            }
            String sep = ": ";
            for (ServerEndpoint.Refusal r : ServerEndpoint.Refusal.values()) {
                if (refused[r.ordinal()] > 0) {
                    b.append(sep).append(refused[r.ordinal()]).append(" new connections refused (").append(r.label())
                            .append(')');
                    sep = ", ";
                }
            }
            if (rateLimited > 0) {
                b.append(sep).append(rateLimited).append(" handshakes over their address rate sent a Retry");
                sep = ", ";
            }
            if (suppressed > 0) {
                b.append(sep).append(suppressed).append(" stateless answers or refusals not sent (over their rate)");
            }
            log.log(Level.INFO, b.toString());
        }
        java.util.Arrays.fill(refused, 0);
        rateLimited = 0;
        suppressed = 0;
    }

    void shed(Object connectionId, long held, long used, long ceiling) {
        log.log(Level.WARNING, () -> String.format(Locale.ROOT,
                "connection %s shed (INTERNAL_ERROR): it holds the most buffered data, %d bytes, and the"
                        + " connections hold %d bytes, past the buffer ceiling of %d",
                connectionId, held, used, ceiling));
    }

    void pressure(boolean on, long used, long limit, long ceiling) {
        log.log(Level.INFO, () -> on
                ? String.format(Locale.ROOT, "memory pressure: buffers hold %d bytes, at or above %d (the pressure"
                        + " level; ceiling %d): connections hold back flow-control credit", used, limit, ceiling)
                : String.format(Locale.ROOT, "memory pressure over: buffers hold %d bytes, below %d (ceiling %d):"
                        + " flow-control credit flows again", used, limit, ceiling));
    }

    /** @return summaries written (or that would have been, had INFO been enabled) */
    long summaries() {
        return summaries;
    }
}
