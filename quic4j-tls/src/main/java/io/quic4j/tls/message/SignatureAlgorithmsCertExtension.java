package io.quic4j.tls.message;

import java.util.List;

/**
 * signature_algorithms_cert (RFC 8446 §4.2.3): schemes accepted in certificate signatures.
 *
 * @param schemes scheme code points, most preferred first
 */
public record SignatureAlgorithmsCertExtension(List<Integer> schemes) implements Extension {
    /** Copies the list. */
    public SignatureAlgorithmsCertExtension {
        schemes = List.copyOf(schemes);
    }

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS_CERT;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        SupportedVersionsClientHello.writeU16List(w, 2, schemes);
    }

    static SignatureAlgorithmsCertExtension decode(TlsReader r) {
        return new SignatureAlgorithmsCertExtension(
                SupportedVersionsClientHello.readU16List(r, 2, 2, 0xfffe, "supported_signature_algorithms_cert"));
    }
}
