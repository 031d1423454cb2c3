package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * cookie (RFC 8446 §4.2.2): {@code opaque cookie<1..2^16-1>}, sent in a HelloRetryRequest and echoed
 * in the second ClientHello.
 *
 * @param cookie the cookie, a read-only slice
 */
public record CookieExtension(ByteBuffer cookie) implements Extension {
    /** Keeps a read-only view. */
    public CookieExtension {
        cookie = cookie.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return ExtensionType.COOKIE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector(2, cookie);
    }

    static CookieExtension decode(TlsReader r) {
        return new CookieExtension(r.vector(2, 1, 0xffff, "cookie"));
    }
}
