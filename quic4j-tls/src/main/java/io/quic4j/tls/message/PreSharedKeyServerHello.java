package io.quic4j.tls.message;

/**
 * pre_shared_key in a ServerHello (RFC 8446 §4.2.11): the index of the identity the server chose.
 *
 * @param selectedIdentity zero-based index into the client's identities
 */
public record PreSharedKeyServerHello(int selectedIdentity) implements Extension {
    @Override
    public int type() {
        return ExtensionType.PRE_SHARED_KEY;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(selectedIdentity);
    }

    static PreSharedKeyServerHello decode(TlsReader r) {
        return new PreSharedKeyServerHello(r.u16("selected_identity"));
    }
}
