package io.quic4j.http3.server;

import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.session.ChunkedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The handler's view of a request: the checked head and a body pulled from the {@link RequestStream}. */
final class ServerRequest implements Http3Request {
    private final RequestStream rs;
    private final RequestHead head;
    private final InputStream body = new Body();
    private volatile boolean bodyEnded;

    ServerRequest(RequestStream rs, RequestHead head) {
        this.rs = rs;
        this.head = head;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String scheme() {
        return head.scheme();
    }

    @Override
    public String authority() {
        return head.authority();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public Http3Headers headers() {
        return head.headers();
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public Http3Headers trailers() {
        if (!bodyEnded) {
            throw new IllegalStateException("the trailers come after the body: read body() to its end first");
        }
        return rs.trailers;
    }

    @Override
    public CompletableFuture<Void> cancellation() {
        return rs.cancellation;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return rs.stream.connection().remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return rs.stream.connection().localAddress();
    }

    @Override
    public String toString() {
        return head.method() + " " + head.path() + " (stream " + rs.id + ")";
    }

    /** Pulls DATA from the loop one piece at a time: nothing is read ahead beyond the stream's small buffer. */
    private final class Body extends ChunkedInputStream {
        private boolean closed;

        @Override
        protected boolean fill() throws IOException {
            if (closed) {
                throw new IOException("the request body was closed");
            }
            while (!current.hasRemaining()) {
                if (bodyEnded) {
                    return false;
                }
                ByteBuffer next;
                try {
                    next = rs.pullBody().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading the request body", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io
                            ? io
                            : new IOException("reading the request body failed", e.getCause());
                }
                if (next == RequestStream.EOF) {
                    bodyEnded = true;
                    return false;
                }
                current = next;
            }
            return true;
        }

        @Override
        public void close() {
            // The rest of the body is abandoned when the handler returns (RequestStream.handlerDone).
            closed = true;
        }
    }
}
