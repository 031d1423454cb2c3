package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * CertificateVerify (RFC 8446 §4.4.3).
 *
 * @param scheme the signature scheme code point
 * @param signature the signature, read-only
 */
public record CertificateVerify(int scheme, ByteBuffer signature) implements HandshakeMessage {
    /** Keeps a read-only view. */
    public CertificateVerify {
        signature = signature.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(scheme);
        w.vector(2, signature);
    }

    static CertificateVerify decode(TlsReader r) {
        int scheme = r.u16("algorithm");
        return new CertificateVerify(scheme, r.vector(2, 1, 0xffff, "signature"));
    }
}
