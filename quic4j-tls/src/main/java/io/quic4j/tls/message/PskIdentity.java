package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * A PskIdentity (RFC 8446 §4.2.11): {@code opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age}.
 *
 * @param identity the ticket, a read-only slice
 * @param obfuscatedTicketAge ticket age in ms plus ticket_age_add, modulo 2^32
 */
public record PskIdentity(ByteBuffer identity, long obfuscatedTicketAge) {
    /** Keeps a read-only view. */
    public PskIdentity {
        identity = identity.slice().asReadOnlyBuffer();
    }
}
