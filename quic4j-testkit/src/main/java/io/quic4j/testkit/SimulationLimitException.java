package io.quic4j.testkit;

import java.io.Serial;

/**
 * Thrown when a simulation exceeds one of its hard bounds (the simulator's maximum simulated time or event
 * count): a runaway scenario, such as endpoints ping-ponging forever or a timer that never advances.
 */
public final class SimulationLimitException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what bound was exceeded, and where the simulation was
     */
    public SimulationLimitException(String message) {
        super(message);
    }
}
