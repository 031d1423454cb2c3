package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * NewSessionTicket (RFC 8446 §4.6.1).
 *
 * @param lifetimeSeconds ticket_lifetime, at most 604800 (7 days)
 * @param ageAdd ticket_age_add, added to the age the client reports
 * @param nonce ticket_nonce, read-only
 * @param ticket the opaque ticket (our server encrypts its state into it), read-only
 * @param extensions may hold early_data
 */
public record NewSessionTicket(long lifetimeSeconds, long ageAdd, ByteBuffer nonce, ByteBuffer ticket,
        Extensions extensions) implements HandshakeMessage {

    /** The longest lifetime allowed: seven days (RFC 8446 §4.6.1). */
    public static final long MAX_LIFETIME_SECONDS = 604800;

    /** Keeps read-only views. */
    public NewSessionTicket {
        nonce = nonce.slice().asReadOnlyBuffer();
        ticket = ticket.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u32(lifetimeSeconds);
        w.u32(ageAdd);
        w.vector(1, nonce);
        w.vector(2, ticket);
        extensions.encode(w);
    }

    static NewSessionTicket decode(TlsReader r) {
        long lifetime = r.u32("ticket_lifetime");
        if (lifetime > MAX_LIFETIME_SECONDS) {
            // RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds"
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "ticket_lifetime " + lifetime + " > 7 days");
        }
        long ageAdd = r.u32("ticket_age_add");
        ByteBuffer nonce = r.vector(1, 0, 0xff, "ticket_nonce");
        ByteBuffer ticket = r.vector(2, 1, 0xffff, "ticket");
        return new NewSessionTicket(lifetime, ageAdd, nonce, ticket,
                Extensions.decode(r, MessageContext.NEW_SESSION_TICKET));
    }
}
