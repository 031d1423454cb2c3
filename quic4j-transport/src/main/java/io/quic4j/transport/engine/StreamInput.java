package io.quic4j.transport.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The blocking {@link InputStream} view of a stream's receiving half: each read waits for one asynchronous
 * read. Reading in large arrays is much cheaper than byte by byte (each read is one command to the loop).
 */
final class StreamInput extends InputStream {
    private final StreamHandle stream;
    private volatile boolean eof;
    private volatile boolean closed;

    StreamInput(StreamHandle stream) {
        this.stream = stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream input is closed");
        }
        if (len == 0) {
            return 0;
        }
        if (eof) {
            return -1;
        }
        int n = Blocking.await(stream.read(ByteBuffer.wrap(b, off, len)), stream.onLoopThread());
        if (n < 0) {
            eof = true;
        }
        return n;
    }

    /** Copies in 64 KiB steps rather than the JDK's 16 KiB: each step is a round trip to the event loop. */
    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = read(buf, 0, buf.length)) >= 0;) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Stops reading: STOP_SENDING with code 0 unless the end was reached (RFC 9000 §3.5). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (!eof) {
                stream.cancelRead(0);
            }
        }
    }
}
