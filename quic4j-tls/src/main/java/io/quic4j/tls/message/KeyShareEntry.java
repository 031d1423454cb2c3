package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * One KeyShareEntry (RFC 8446 §4.2.8): {@code NamedGroup group; opaque key_exchange<1..2^16-1>}.
 *
 * @param group the group code point
 * @param keyExchange the share, a read-only slice
 */
public record KeyShareEntry(int group, ByteBuffer keyExchange) {
    /** Keeps a read-only view. */
    public KeyShareEntry {
        keyExchange = keyExchange.slice().asReadOnlyBuffer();
    }

    void encode(TlsWriter w) {
        w.u16(group);
        w.vector(2, keyExchange);
    }

    static KeyShareEntry decode(TlsReader r) {
        int group = r.u16("key_share group");
        return new KeyShareEntry(group, r.vector(2, 1, 0xffff, "key_exchange"));
    }
}
