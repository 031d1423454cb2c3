package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ClientHello (RFC 8446 §4.1.2).
 *
 * @param legacyVersion 0x0303 in TLS 1.3
 * @param random 32 random bytes, read-only
 * @param legacySessionId 0-32 bytes, read-only (empty in QUIC, RFC 9001 §8.4)
 * @param cipherSuites offered suite code points, in preference order
 * @param legacyCompressionMethods must be the single byte 0 in TLS 1.3
 * @param extensions the extensions
 */
public record ClientHello(int legacyVersion, ByteBuffer random, ByteBuffer legacySessionId, List<Integer> cipherSuites,
        ByteBuffer legacyCompressionMethods, Extensions extensions) implements HandshakeMessage {

    /** Keeps read-only views and copies the list. */
    public ClientHello {
        random = random.slice().asReadOnlyBuffer();
        legacySessionId = legacySessionId.slice().asReadOnlyBuffer();
        cipherSuites = List.copyOf(cipherSuites);
        legacyCompressionMethods = legacyCompressionMethods.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return HandshakeType.CLIENT_HELLO;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(legacyVersion);
        w.bytes(random);
        w.vector(1, legacySessionId);
        SupportedVersionsClientHello.writeU16List(w, 2, cipherSuites);
        w.vector(1, legacyCompressionMethods);
        extensions.encode(w);
    }

    static ClientHello decode(TlsReader r) {
        int version = r.u16("legacy_version");
        ByteBuffer random = r.bytes(32, "random");
        ByteBuffer sessionId = r.vector(1, 0, 32, "legacy_session_id");
        List<Integer> suites = SupportedVersionsClientHello.readU16List(r, 2, 2, 0xfffe, "cipher_suites");
        ByteBuffer compression = r.vector(1, 1, 0xff, "legacy_compression_methods");
        if (!r.hasRemaining()) {
            // RFC 8446 §4.1.2: a TLS 1.3 ClientHello always has supported_versions, so extensions
            throw new TlsAlertException(TlsAlert.PROTOCOL_VERSION, "ClientHello without extensions (pre-TLS 1.3)");
        }
        Extensions extensions = Extensions.decode(r, MessageContext.CLIENT_HELLO);
        return new ClientHello(version, random, sessionId, suites, compression, extensions);
    }
}
