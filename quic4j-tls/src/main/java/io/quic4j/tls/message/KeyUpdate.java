package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;

/**
 * KeyUpdate (RFC 8446 §4.6.3). QUIC replaces it with the key phase bit and treats it as
 * unexpected_message (RFC 9001 §6); it is decoded so the error is precise.
 *
 * @param requestUpdate 0 update_not_requested, 1 update_requested
 */
public record KeyUpdate(int requestUpdate) implements HandshakeMessage {
    @Override
    public int type() {
        return HandshakeType.KEY_UPDATE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u8(requestUpdate);
    }

    static KeyUpdate decode(TlsReader r) {
        int v = r.u8("request_update");
        if (v > 1) {
            // RFC 8446 §4.6.3: any other value is illegal_parameter
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "request_update " + v);
        }
        return new KeyUpdate(v);
    }
}
