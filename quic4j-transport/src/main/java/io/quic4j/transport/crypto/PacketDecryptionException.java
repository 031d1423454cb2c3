package io.quic4j.transport.crypto;

import java.io.Serial;

/**
 * A received packet could not be unprotected. This is not a connection error: RFC 9001 §5.5 and
 * §5.4.2 say to discard such a packet, so the caller drops it and carries on (after checking the
 * integrity limit of §6.6, see {@link PacketOpener#integrityLimitReached()}).
 *
 * <p>Checked, so that no caller forgets the "drop, don't close" rule; and without a stack trace,
 * because a peer or an attacker can trigger it at line rate.
 */
public final class PacketDecryptionException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the packet was dropped. */
    public enum Reason {
        /** The packet is too short to hold a header protection sample or a tag (RFC 9001 §5.4.2). */
        TOO_SHORT,
        /** The AEAD tag did not verify (RFC 9001 §5.5); counts towards the integrity limit. */
        AUTHENTICATION_FAILED
    }

    private final Reason reason;

    PacketDecryptionException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** @return why the packet was dropped */
    public Reason reason() {
        return reason;
    }
}
