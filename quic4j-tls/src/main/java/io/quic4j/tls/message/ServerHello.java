package io.quic4j.tls.message;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * ServerHello, and HelloRetryRequest which is a ServerHello with a fixed random (RFC 8446 §4.1.3,
 * §4.1.4).
 *
 * @param legacyVersion 0x0303 in TLS 1.3
 * @param random 32 bytes, read-only; {@link #HELLO_RETRY_REQUEST_RANDOM} for a HelloRetryRequest
 * @param legacySessionIdEcho the client's legacy_session_id, read-only
 * @param cipherSuite the selected suite code point
 * @param legacyCompressionMethod 0
 * @param extensions the extensions
 */
public record ServerHello(int legacyVersion, ByteBuffer random, ByteBuffer legacySessionIdEcho, int cipherSuite,
        int legacyCompressionMethod, Extensions extensions) implements HandshakeMessage {

    /** SHA-256("HelloRetryRequest"), RFC 8446 §4.1.3. */
    public static final ByteBuffer HELLO_RETRY_REQUEST_RANDOM = ByteBuffer.wrap(HexFormat.of()
            .parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")).asReadOnlyBuffer();

    /** Keeps read-only views. */
    public ServerHello {
        random = random.slice().asReadOnlyBuffer();
        legacySessionIdEcho = legacySessionIdEcho.slice().asReadOnlyBuffer();
    }

    /** @return whether this is a HelloRetryRequest */
    public boolean isHelloRetryRequest() {
        return random.equals(HELLO_RETRY_REQUEST_RANDOM);
    }

    @Override
    public int type() {
        return HandshakeType.SERVER_HELLO;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(legacyVersion);
        w.bytes(random);
        w.vector(1, legacySessionIdEcho);
        w.u16(cipherSuite);
        w.u8(legacyCompressionMethod);
        extensions.encode(w);
    }

    static ServerHello decode(TlsReader r) {
        int version = r.u16("legacy_version");
        ByteBuffer random = r.bytes(32, "random");
        ByteBuffer sessionId = r.vector(1, 0, 32, "legacy_session_id_echo");
        int suite = r.u16("cipher_suite");
        int compression = r.u8("legacy_compression_method");
        MessageContext ctx = random.equals(HELLO_RETRY_REQUEST_RANDOM)
                ? MessageContext.HELLO_RETRY_REQUEST
                : MessageContext.SERVER_HELLO;
        Extensions extensions = Extensions.decode(r, ctx);
        return new ServerHello(version, random, sessionId, suite, compression, extensions);
    }
}
