package io.quic4j.http3.client;

import io.quic4j.transport.QuicConnectionClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** Turns the transport's failures into the client's {@link IOException}s, with the reason in the message. */
final class Failures {
    private Failures() {
    }

    /**
     * @param f a failure of a connection or stream future
     * @param conn the connection
     * @return an IOException saying that the connection ended and why
     */
    static IOException connection(Throwable f, ClientConnection conn) {
        Throwable t = Exchange.unwrap(f);
        if (t instanceof QuicConnectionClosedException c) {
            return new IOException("the HTTP/3 connection " + conn.label() + " ended: " + c.reason(), c);
        }
        return t instanceof IOException io
                ? io
                : new IOException("the HTTP/3 connection " + conn.label()
                        + " failed: " + t, t);
    }

    /**
     * @param f a failure of {@code QuicClient.connect}
     * @param origin host:port
     * @return the {@link UnknownHostException}, or a {@link ConnectException} saying why connecting failed, caused
     *     by the transport's exception (a {@link QuicConnectionClosedException} carries the close reason)
     */
    static IOException connect(Throwable f, String origin) {
        Throwable t = Exchange.unwrap(f);
        if (t instanceof UnknownHostException u) {
            return u;
        }
        ConnectException e = new ConnectException("connecting to " + origin + " failed: "
                + (t instanceof QuicConnectionClosedException c ? c.reason() : t));
        e.initCause(t);
        return e;
    }
}
