package io.quic4j.tls.message;

/**
 * early_data in a ClientHello (the client sends 0-RTT) or EncryptedExtensions (the server accepts
 * it), RFC 8446 §4.2.10: an empty body.
 */
public record EarlyDataExtension() implements Extension {
    @Override
    public int type() {
        return ExtensionType.EARLY_DATA;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty
    }
}
