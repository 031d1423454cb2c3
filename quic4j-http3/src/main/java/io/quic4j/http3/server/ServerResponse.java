package io.quic4j.http3.server;

import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.Http3Response;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.transport.QuicStreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handler's response: HEADERS encoded on the loop by the session's QPACK encoder, then DATA frames written from
 * the handler's thread (each write waits for room in the stream's send buffer: that is the backpressure). Used by
 * one thread, the handler's.
 */
final class ServerResponse implements Http3Response {
    /** Body bytes gathered into one DATA frame. */
    private static final int FRAME_SIZE = 32 * 1024;

    private final RequestStream rs;
    private final boolean head;
    private int status = 200;
    private final Http3Headers.Builder headers = Http3Headers.builder();
    private Http3Headers trailers = Http3Headers.EMPTY;
    private boolean committed;
    private boolean closed;
    private final Body body = new Body();

    ServerResponse(RequestStream rs, boolean head) {
        this.rs = rs;
        this.head = head;
    }

    @Override
    public Http3Response status(int status) {
        requireNotCommitted();
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be a final status, 200 to 599, was " + status);
        }
        this.status = status;
        return this;
    }

    @Override
    public Http3Response header(String name, String value) {
        requireNotCommitted();
        requireAllowed(name);
        headers.add(name, value);
        return this;
    }

    private static void requireAllowed(String name) {
        Objects.requireNonNull(name, "name");
        if (RequestHead.CONNECTION_SPECIFIC.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("'" + name + "' is connection-specific and not allowed in HTTP/3"
                    + " (RFC 9114 §4.2); leave it out");
        }
    }

    @Override
    public void sendInterim(int interimStatus, Http3Headers fields) throws IOException {
        requireNotCommitted();
        if (interimStatus < 100 || interimStatus > 199 || interimStatus == 101) {
            throw new IllegalArgumentException("an interim status must be 100 or 102 to 199 (101 has no meaning in"
                    + " HTTP/3, RFC 9114 §4.5), was " + interimStatus);
        }
        for (Map.Entry<String, String> f : fields.fields()) {
            requireAllowed(f.getKey());
        }
        writeHeaders(interimStatus, lines(fields));
    }

    @Override
    public OutputStream body() {
        return body;
    }

    @Override
    public Http3Response trailers(Http3Headers trailers) {
        if (closed) {
            throw new IllegalStateException("the body is closed: trailers must be set before");
        }
        this.trailers = Objects.requireNonNull(trailers, "trailers");
        return this;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    private void requireNotCommitted() {
        if (committed) {
            throw new IllegalStateException("the response headers were sent already: set status and headers before"
                    + " writing the body");
        }
    }

    /** The handler returned: send what is not sent yet and end the stream. */
    void complete() throws IOException {
        body.close();
    }

    /** Answers with an empty error response; only before anything was sent. */
    void sendError(int errorStatus) throws IOException {
        status = errorStatus;
        committed = true;
        closed = true;
        writeHeaders(status, List.of(FieldLine.of("content-length", "0")));
        await(rs.stream.finish());
    }

    private void commit() throws IOException {
        if (committed) {
            return;
        }
        committed = true;
        writeHeaders(status, lines(headers.build()));
    }

    private static List<FieldLine> lines(Http3Headers fields) {
        List<FieldLine> lines = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> f : fields.fields()) {
            lines.add(FieldLine.of(f.getKey(), f.getValue()));
        }
        return lines;
    }

    private void writeHeaders(int code, List<FieldLine> fields) throws IOException {
        List<FieldLine> lines = new ArrayList<>(fields.size() + 1);
        lines.add(FieldLine.of(":status", Integer.toString(code)));
        lines.addAll(fields);
        FieldSection section = new FieldSection(lines);
        await(rs.onLoop(() -> rs.stream.write(rs.session().encodeHeaders(rs.id, section))));
    }

    private void await(CompletableFuture<?> f) throws IOException {
        try {
            Duration limit = rs.writeTimeout();
            f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // RFC 9000 §4.1: the client controls our sending by its credit; one that grants none (a slow reader)
            // must not hold the handler's thread for ever. The stream is reset, which also fails the write.
            rs.onWriteTimeout();
            throw new IOException("the client read nothing of the response for " + rs.writeTimeout()
                    + " (responseWriteTimeout); the stream is reset with H3_REQUEST_CANCELLED", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the response", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof QuicStreamException s && s.kind() == QuicStreamException.Kind.STOPPED_BY_PEER) {
                rs.cancellation.complete(null); // RFC 9000 §3.5: the client no longer wants the response
            }
            throw cause instanceof IOException io
                    ? io
                    : new IOException("sending the response failed: " + cause,
                            cause);
        }
    }

    private void writeData(byte[] b, int off, int len) throws IOException {
        if (head || len == 0) {
            return; // RFC 9110 §9.3.2: a response to HEAD has no content
        }
        ByteBuffer frame = ByteBuffer.allocate(16 + len);
        Http3FrameWriter.writeHeader(frame, FrameType.DATA, len);
        frame.put(b, off, len).flip();
        await(rs.stream.write(frame));
    }

    /** Gathers writes into DATA frames of up to {@link #FRAME_SIZE}. */
    private final class Body extends OutputStream {
        private final byte[] buf = new byte[FRAME_SIZE];
        private int count;

        private void requireOpen() throws IOException {
            if (closed) {
                throw new IOException("the response body is closed");
            }
        }

        @Override
        public void write(int b) throws IOException {
            requireOpen();
            if (count == buf.length) {
                flushBuffer();
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            requireOpen();
            if (len <= buf.length - count) {
                System.arraycopy(b, off, buf, count, len);
                count += len;
                if (count == buf.length) {
                    flushBuffer();
                }
                return;
            }
            flushBuffer();
            while (len > 0) {
                int n = Math.min(len, 4 * FRAME_SIZE);
                writeData(b, off, n);
                off += n;
                len -= n;
            }
        }

        private void flushBuffer() throws IOException {
            commit();
            if (count > 0) {
                int n = count;
                count = 0;
                writeData(buf, 0, n);
            }
        }

        @Override
        public void flush() throws IOException {
            requireOpen();
            flushBuffer();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            flushBuffer();
            closed = true;
            if (!trailers.isEmpty()) {
                FieldSection section = new FieldSection(lines(trailers));
                await(rs.onLoop(() -> rs.stream.write(rs.session().encodeHeaders(rs.id, section))));
            }
            await(rs.stream.finish());
        }
    }
}
