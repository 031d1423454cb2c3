package io.quic4j.testkit;

/**
 * Receives every {@link TraceEvent} of a simulation, in order, on the simulating thread. Listeners must not
 * keep the event's payload buffer beyond the call.
 */
@FunctionalInterface
public interface TraceListener {

    /**
     * Called for each event.
     *
     * @param event what happened
     */
    void onEvent(TraceEvent event);
}
