package io.quic4j.transport.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The blocking {@link OutputStream} view of a stream's sending half: each write waits until the stream
 * took all the bytes (so the array may be reused at once), {@link #close()} sends FIN. Each write is one
 * command to the loop: wrap it in a {@link java.io.BufferedOutputStream} for small writes.
 */
final class StreamOutput extends OutputStream {
    private final StreamHandle stream;
    private volatile boolean closed;

    StreamOutput(StreamHandle stream) {
        this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream output is closed");
        }
        if (len == 0) {
            return;
        }
        Blocking.await(stream.write(ByteBuffer.wrap(b, off, len)), stream.onLoopThread());
    }

    /** Sends FIN after the bytes written, and waits until it is queued. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Blocking.await(stream.finish(), stream.onLoopThread());
        }
    }
}
