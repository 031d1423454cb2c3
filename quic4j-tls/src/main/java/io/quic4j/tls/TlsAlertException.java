package io.quic4j.tls;

import java.io.Serial;
import java.util.Objects;

/**
 * The TLS handshake failed: carries the alert the engine sends (RFC 8446 §6.2). Every parser and
 * check in the engine reports failure with this exception and nothing else, so the transport can
 * close the connection with CRYPTO_ERROR {@link TlsAlert#quicErrorCode()} (RFC 9001 §4.8).
 */
public final class TlsAlertException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TlsAlert alert;

    /**
     * @param alert the alert to send to the peer
     * @param message what was wrong, for logs
     */
    public TlsAlertException(TlsAlert alert, String message) {
        super(message);
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    /**
     * @param alert the alert to send to the peer
     * @param message what was wrong, for logs
     * @param cause the underlying failure (a JCA or certificate exception)
     */
    public TlsAlertException(TlsAlert alert, String message, Throwable cause) {
        super(message, cause);
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    /** @return the alert to send */
    public TlsAlert alert() {
        return alert;
    }

    @Override
    public String toString() {
        return "TlsAlertException[" + alert + "]: " + getMessage();
    }
}
