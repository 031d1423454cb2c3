package io.quic4j.http3.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link InputStream} over a message body that arrives as a sequence of byte buffers (the DATA frames of a
 * request or response): subclasses say how to get the next buffer, this class hands its bytes out. Shared by
 * the server's request bodies and the client's response bodies.
 */
public abstract class ChunkedInputStream extends InputStream {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** The buffer being read; {@link #fill()} replaces it once it is used up. */
    protected ByteBuffer current = EMPTY;

    /** For subclasses. */
    protected ChunkedInputStream() {
    }

    /**
     * Makes {@link #current} hold unread bytes, waiting for the next buffer if needed.
     *
     * @return false at the end of the body
     * @throws IOException if the body failed or the stream was closed
     */
    protected abstract boolean fill() throws IOException;

    @Override
    public int read() throws IOException {
        return fill() ? current.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current.remaining();
    }
}
