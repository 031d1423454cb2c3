package io.quic4j.http3.adapter;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.Http3Response;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Runs any {@link HttpHandler} (the JDK's {@code com.sun.net.httpserver}) unchanged over HTTP/3: each request is
 * presented as an {@link com.sun.net.httpserver.HttpExchange} whose {@code sendResponseHeaders(code, length)} keeps
 * the JDK's meaning: a positive length is sent as {@code content-length} and enforced (writing more fails, closing
 * with less resets the stream), {@code 0} means a body of unknown length (HTTP/3 needs no chunked encoding: DATA
 * frames delimit it, RFC 9114 §4.1), {@code -1} means no body. HEAD, 204 and 304 responses carry no content, as with
 * the JDK's server. {@code getProtocol()} is {@code "HTTP/3"}; the request's {@code :authority} is also given as a
 * {@code Host} header when the request has none, as HTTP/1.1 handlers expect one.
 *
 * <p>Differences from the JDK's server, because HTTP/3 has no such thing: connection-specific response fields such as
 * {@code Connection} or {@code Transfer-Encoding} are dropped (RFC 9114 §4.2); informational (1xx) responses are
 * refused with an {@link IOException}. {@code getHttpContext()} is a context for {@link #contextPath()} whose
 * {@code getServer()} is {@code null}; its filters run before the handler, its authenticator is not consulted.
 * Attributes belong to the exchange. A handler that returns without {@code sendResponseHeaders} gets a 500.
 *
 * <pre>{@code
 * HttpHandler hello = exchange -> {
 *     byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
 *     exchange.sendResponseHeaders(200, body.length);
 *     try (OutputStream out = exchange.getResponseBody()) {
 *         out.write(body);
 *     }
 * };
 * Http3Server server = Http3Server.bind(address, Http3ServerConfig.defaults(), tls, new HttpHandlerAdapter(hello));
 * }</pre>
 */
public final class HttpHandlerAdapter implements Http3Handler {
    private final AdapterContext context;

    /**
     * Runs {@code handler} for every request, in a context for {@code "/"}.
     *
     * @param handler the handler
     */
    public HttpHandlerAdapter(HttpHandler handler) {
        this(handler, "/");
    }

    /**
     * @param handler the handler
     * @param contextPath what {@code getHttpContext().getPath()} returns; it does not filter requests
     */
    public HttpHandlerAdapter(HttpHandler handler, String contextPath) {
        this.context = new AdapterContext(Objects.requireNonNull(contextPath, "contextPath"),
                Objects.requireNonNull(handler, "handler"));
    }

    /** @return the path {@code getHttpContext().getPath()} returns */
    public String contextPath() {
        return context.getPath();
    }

    @Override
    public void handle(Http3Request request, Http3Response response) throws IOException {
        URI uri;
        try {
            uri = new URI(request.path());
        } catch (URISyntaxException e) {
            // The JDK's server answers a request-target it cannot parse with 400 too.
            response.send(400, "text/plain; charset=utf-8",
                    ("bad request target: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Http3Exchange exchange = new Http3Exchange(request, response, uri, context, request.localAddress());
        new Filter.Chain(context.getFilters(), context.getHandler()).doFilter(exchange);
        exchange.finish(); // not after a throw: the server answers that one (500 or a reset)
    }

    @Override
    public String toString() {
        return "HttpHandlerAdapter[" + context.getHandler() + "]";
    }
}
