package io.quic4j.testkit;

/**
 * How a call to {@link Simulator#runUntil} ended.
 *
 * @param reason why the run stopped
 * @param time the simulated time when it stopped, in nanoseconds
 * @param events events processed during this run
 */
public record RunResult(StopReason reason, long time, long events) {

    /** Why a run stopped. */
    public enum StopReason {
        /** The condition became true. */
        CONDITION_MET,
        /** The time limit given to the run was reached first. */
        TIME_LIMIT,
        /** Nothing was left to do: no datagram in flight, no timer, no task. */
        IDLE
    }

    /**
     * Tells whether the run's condition became true.
     *
     * @return {@code true} for {@link StopReason#CONDITION_MET}
     */
    public boolean conditionMet() {
        return reason == StopReason.CONDITION_MET;
    }
}
