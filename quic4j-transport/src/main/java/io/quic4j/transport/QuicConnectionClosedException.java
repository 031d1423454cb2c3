package io.quic4j.transport;

import java.io.Serial;
import java.util.Objects;

/**
 * The connection is closing or closed, so an operation on it or on one of its streams cannot complete;
 * {@link #reason()} says who closed it and with which code.
 *
 * <pre>{@code
 * try { stream.outputStream().write(data); }
 * catch (QuicConnectionClosedException e) { log(e.reason().errorCode()); }
 * }</pre>
 */
public final class QuicConnectionClosedException extends QuicException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient QuicCloseReason reason;

    /** @param reason why the connection ended */
    public QuicConnectionClosedException(QuicCloseReason reason) {
        super("connection closed: " + Objects.requireNonNull(reason, "reason"));
        this.reason = reason;
    }

    /** @return why the connection ended */
    public QuicCloseReason reason() {
        return reason;
    }
}
