package io.quic4j.tls.message;

import java.util.List;

/**
 * signature_algorithms (RFC 8446 §4.2.3): schemes accepted in CertificateVerify (and, without a
 * signature_algorithms_cert, in certificates). Unknown code points are kept.
 *
 * @param schemes scheme code points, most preferred first
 */
public record SignatureAlgorithmsExtension(List<Integer> schemes) implements Extension {
    /** Copies the list. */
    public SignatureAlgorithmsExtension {
        schemes = List.copyOf(schemes);
    }

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        SupportedVersionsClientHello.writeU16List(w, 2, schemes);
    }

    static SignatureAlgorithmsExtension decode(TlsReader r) {
        return new SignatureAlgorithmsExtension(
                SupportedVersionsClientHello.readU16List(r, 2, 2, 0xfffe, "supported_signature_algorithms"));
    }
}
