package io.quic4j.http3.overload;

import io.quic4j.http3.CircuitBreakerTransition;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event for each circuit breaker transition (DESIGN.md §7), recorded when JFR is on ({@code
 * -XX:StartFlightRecording}); {@code jfr print --events io.quic4j.http3.CircuitBreakerTransition rec.jfr} shows them.
 */
@Name("io.quic4j.http3.CircuitBreakerTransition")
@Label("HTTP/3 Circuit Breaker Transition")
@Category({"quic4j", "HTTP/3"})
@Description("The reset-rate circuit breaker changed state")
final class BreakerTransitionEvent extends Event {
    @Label("From")
    String from;
    @Label("To")
    String to;
    @Label("Reset Rate")
    double rate;
    @Label("Threshold")
    double threshold;
    @Label("Streams Ended In Window")
    long ended;
    @Label("Streams Reset In Window")
    long resets;
    @Label("Reason")
    String reason;

    /** @param t the transition to record, if the event is enabled */
    static void emit(CircuitBreakerTransition t) {
        BreakerTransitionEvent e = new BreakerTransitionEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.from = t.from().name();
        e.to = t.to().name();
        e.rate = t.after().rate();
        e.threshold = t.after().threshold();
        e.ended = t.after().endedInWindow();
        e.resets = t.after().resetsInWindow();
        e.reason = t.reason();
        e.commit();
    }
}
