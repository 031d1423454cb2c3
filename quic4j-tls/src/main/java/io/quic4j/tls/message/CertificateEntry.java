package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * One CertificateEntry (RFC 8446 §4.4.2): a DER X.509 certificate and its extensions.
 *
 * @param certData the DER certificate, read-only
 * @param extensions per-certificate extensions (none are requested by this engine)
 */
public record CertificateEntry(ByteBuffer certData, Extensions extensions) {
    /** Keeps a read-only view. */
    public CertificateEntry {
        certData = certData.slice().asReadOnlyBuffer();
    }
}
