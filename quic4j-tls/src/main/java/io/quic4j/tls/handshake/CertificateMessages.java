package io.quic4j.tls.handshake;

import io.quic4j.tls.message.CertificateEntry;
import io.quic4j.tls.message.CertificateMessage;
import io.quic4j.tls.message.Extensions;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Builds our Certificate message from a chain. */
final class CertificateMessages {
    private CertificateMessages() {
    }

    static CertificateMessage of(ByteBuffer context, List<X509Certificate> chain) {
        List<CertificateEntry> entries = new ArrayList<>(chain.size());
        for (X509Certificate c : chain) {
            try {
                entries.add(new CertificateEntry(ByteBuffer.wrap(c.getEncoded()), Extensions.NONE));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("our own certificate does not encode", e);
            }
        }
        return new CertificateMessage(context, entries);
    }
}
