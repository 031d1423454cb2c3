package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * An extension this engine does not implement, kept as bytes (a ClientHello may carry any; a server
 * message carrying one is rejected by the handshake as unsolicited).
 *
 * @param type the extension type
 * @param data the extension_data, a read-only slice
 */
public record UnknownExtension(int type, ByteBuffer data) implements Extension {
    /** Keeps a read-only view. */
    public UnknownExtension {
        data = data.slice().asReadOnlyBuffer();
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.bytes(data);
    }
}
