package io.quic4j.tls.message;

/**
 * EncryptedExtensions (RFC 8446 §4.3.1).
 *
 * @param extensions the extensions
 */
public record EncryptedExtensions(Extensions extensions) implements HandshakeMessage {
    @Override
    public int type() {
        return HandshakeType.ENCRYPTED_EXTENSIONS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        extensions.encode(w);
    }

    static EncryptedExtensions decode(TlsReader r) {
        return new EncryptedExtensions(Extensions.decode(r, MessageContext.ENCRYPTED_EXTENSIONS));
    }
}
