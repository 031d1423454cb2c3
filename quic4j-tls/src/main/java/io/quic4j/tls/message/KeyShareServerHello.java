package io.quic4j.tls.message;

/**
 * key_share in a ServerHello (RFC 8446 §4.2.8): the server's single share.
 *
 * @param share the share
 */
public record KeyShareServerHello(KeyShareEntry share) implements Extension {
    @Override
    public int type() {
        return ExtensionType.KEY_SHARE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        share.encode(w);
    }

    static KeyShareServerHello decode(TlsReader r) {
        return new KeyShareServerHello(KeyShareEntry.decode(r));
    }
}
