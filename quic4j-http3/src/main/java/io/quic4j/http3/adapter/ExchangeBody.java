package io.quic4j.http3.adapter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The response body of an {@link Http3Exchange}: refuses writes before {@code sendResponseHeaders}, enforces the
 * length it announced (the JDK's server fails a write past it, and a close short of it), and passes the rest to the
 * HTTP/3 response body.
 */
final class ExchangeBody extends OutputStream {
    /** A body of unknown length ({@code sendResponseHeaders(code, 0)}). */
    static final long UNLIMITED = Long.MAX_VALUE;

    private final OutputStream out;
    private long limit = -1;
    private long written;
    private boolean closed;

    ExchangeBody(OutputStream out) {
        this.out = out;
    }

    void start(long limit) {
        this.limit = limit;
    }

    private void check(int len) throws IOException {
        if (limit < 0) {
            throw new IOException("response headers not sent yet: call sendResponseHeaders first");
        }
        if (closed) {
            throw new IOException("the response body is closed");
        }
        if (len > limit - written) {
            throw new IOException("too many bytes to write to stream: the response announced " + limit);
        }
    }

    @Override
    public void write(int b) throws IOException {
        check(1);
        out.write(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        check(len);
        out.write(b, off, len);
        written += len;
    }

    @Override
    public void flush() throws IOException {
        if (limit >= 0 && !closed) {
            out.flush();
        }
    }

    /** Ends the body; with a fixed length not reached, fails as the JDK's server does and leaves the stream open. */
    @Override
    public void close() throws IOException {
        if (closed || limit < 0) {
            return;
        }
        closed = true;
        if (limit != UNLIMITED && written < limit) {
            throw new IOException("insufficient bytes written to stream: " + written + " of " + limit);
        }
        out.close();
    }

    /** Throws if a fixed-length body fell short, so the server resets the stream rather than end it early. */
    void requireComplete() throws IOException {
        if (limit >= 0 && limit != UNLIMITED && written < limit) {
            throw new IOException("the handler wrote " + written + " of the " + limit
                    + " bytes it announced; resetting the stream");
        }
    }
}
