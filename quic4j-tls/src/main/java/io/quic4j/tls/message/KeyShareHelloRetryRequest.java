package io.quic4j.tls.message;

/**
 * key_share in a HelloRetryRequest (RFC 8446 §4.2.8): the group the client must send a share for.
 *
 * @param selectedGroup the group code point
 */
public record KeyShareHelloRetryRequest(int selectedGroup) implements Extension {
    @Override
    public int type() {
        return ExtensionType.KEY_SHARE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(selectedGroup);
    }

    static KeyShareHelloRetryRequest decode(TlsReader r) {
        return new KeyShareHelloRetryRequest(r.u16("selected_group"));
    }
}
