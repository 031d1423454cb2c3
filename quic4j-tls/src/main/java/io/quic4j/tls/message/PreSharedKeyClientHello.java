package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * pre_shared_key in a ClientHello (RFC 8446 §4.2.11): identities and one binder per identity. It is
 * always the last extension; the binders are the last bytes of the ClientHello.
 *
 * @param identities offered identities
 * @param binders one HMAC per identity, read-only slices
 */
public record PreSharedKeyClientHello(List<PskIdentity> identities, List<ByteBuffer> binders) implements Extension {
    /** Copies the lists. */
    public PreSharedKeyClientHello {
        identities = List.copyOf(identities);
        binders = binders.stream().map(b -> b.slice().asReadOnlyBuffer()).toList();
    }

    @Override
    public int type() {
        return ExtensionType.PRE_SHARED_KEY;
    }

    /** @return bytes the binders take at the end of the ClientHello, with their 2-byte list length */
    public int bindersLength() {
        int n = 2;
        for (ByteBuffer b : binders) {
            n += 1 + b.remaining();
        }
        return n;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int ids = w.beginVector(2);
        for (PskIdentity id : identities) {
            w.vector(2, id.identity());
            w.u32(id.obfuscatedTicketAge());
        }
        w.endVector(ids, 2);
        int bs = w.beginVector(2);
        binders.forEach(b -> w.vector(1, b));
        w.endVector(bs, 2);
    }

    static PreSharedKeyClientHello decode(TlsReader r) {
        TlsReader ids = new TlsReader(r.vector(2, 7, 0xffff, "identities"));
        List<PskIdentity> identities = new ArrayList<>();
        while (ids.hasRemaining()) {
            ByteBuffer identity = ids.vector(2, 1, 0xffff, "identity");
            identities.add(new PskIdentity(identity, ids.u32("obfuscated_ticket_age")));
        }
        TlsReader bs = new TlsReader(r.vector(2, 33, 0xffff, "binders"));
        List<ByteBuffer> binders = new ArrayList<>();
        while (bs.hasRemaining()) {
            binders.add(bs.vector(1, 32, 255, "binder"));
        }
        if (binders.size() != identities.size()) {
            // RFC 8446 §4.2.11: one binder per identity
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                    "pre_shared_key: " + identities.size() + " identities but " + binders.size() + " binders");
        }
        return new PreSharedKeyClientHello(identities, binders);
    }
}
