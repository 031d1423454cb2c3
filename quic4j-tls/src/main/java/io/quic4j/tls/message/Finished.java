package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * Finished (RFC 8446 §4.4.4): verify_data, as long as the suite's hash. The codec cannot know the
 * hash, so the handshake checks the length (decode_error) before comparing in constant time.
 *
 * @param verifyData the MAC, read-only
 */
public record Finished(ByteBuffer verifyData) implements HandshakeMessage {
    /** Keeps a read-only view. */
    public Finished {
        verifyData = verifyData.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return HandshakeType.FINISHED;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.bytes(verifyData);
    }

    static Finished decode(TlsReader r) {
        if (r.remaining() < 32) {
            // every TLS 1.3 hash is at least 32 bytes; the exact length is the handshake's check
            throw new TlsAlertException(TlsAlert.DECODE_ERROR, "verify_data of " + r.remaining() + " bytes");
        }
        return new Finished(r.bytes(r.remaining(), "verify_data"));
    }
}
