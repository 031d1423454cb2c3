package io.quic4j.tls.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificate (RFC 8446 §4.4.2). An empty list is legal on the wire (a client without a
 * certificate); the handshake decides whether it is acceptable.
 *
 * @param context certificate_request_context, read-only
 * @param entries the chain, end-entity first
 */
public record CertificateMessage(ByteBuffer context, List<CertificateEntry> entries) implements HandshakeMessage {
    /** Keeps a read-only view and copies the list. */
    public CertificateMessage {
        context = context.slice().asReadOnlyBuffer();
        entries = List.copyOf(entries);
    }

    @Override
    public int type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector(1, context);
        int list = w.beginVector(3);
        for (CertificateEntry e : entries) {
            w.vector(3, e.certData());
            e.extensions().encode(w);
        }
        w.endVector(list, 3);
    }

    static CertificateMessage decode(TlsReader r) {
        ByteBuffer context = r.vector(1, 0, 0xff, "certificate_request_context");
        TlsReader list = new TlsReader(r.vector(3, 0, 0xffffff, "certificate_list"));
        List<CertificateEntry> entries = new ArrayList<>();
        while (list.hasRemaining()) {
            ByteBuffer cert = list.vector(3, 1, 0xffffff, "cert_data");
            entries.add(new CertificateEntry(cert, Extensions.decode(list, MessageContext.CERTIFICATE)));
        }
        return new CertificateMessage(context, entries);
    }
}
