package io.quic4j.http3.adapter;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.Http3Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP/3 request as an {@link HttpExchange}, with the JDK server's semantics for
 * {@link #sendResponseHeaders(int, long)} (see {@link HttpHandlerAdapter}). Used by the handler's thread.
 */
final class Http3Exchange extends HttpExchange {
    /** RFC 9114 §4.2: connection-specific fields are malformed in HTTP/3; an HTTP/1.1 handler may still set them. */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "te");

    private final Http3Request request;
    private final Http3Response response;
    private final URI uri;
    private final HttpContext context;
    private final InetSocketAddress localAddress;
    private final Headers requestHeaders;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final ExchangeBody body;
    private InputStream requestBody;
    private OutputStream responseBody;
    private int responseCode = -1;

    Http3Exchange(Http3Request request, Http3Response response, URI uri, HttpContext context,
            InetSocketAddress localAddress) {
        this.request = request;
        this.response = response;
        this.uri = uri;
        this.context = context;
        this.localAddress = localAddress;
        this.requestHeaders = requestHeaders(request);
        this.body = new ExchangeBody(response.body());
        this.requestBody = request.body();
        this.responseBody = body;
    }

    private static Headers requestHeaders(Http3Request request) {
        Map<String, List<String>> map = new HashMap<>();
        for (Map.Entry<String, String> f : request.headers().fields()) {
            map.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue());
        }
        // RFC 9114 §4.3.1: :authority stands in for Host; handlers written for HTTP/1.1 read Host.
        if (!map.containsKey("host") && !request.authority().isEmpty()) {
            map.put("host", List.of(request.authority()));
        }
        return Headers.of(map); // unmodifiable, names normalized as the JDK's server does
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public void close() {
        try {
            requestBody.close();
        } catch (IOException e) {
            // the request body is abandoned anyway when the handler returns
        }
        try {
            responseBody.close();
        } catch (IOException e) {
            // as the JDK's server: a failed close ends the exchange; finish() reports a short body
        }
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (responseCode != -1) {
            throw new IOException("headers already sent");
        }
        if (rCode < 200 || rCode > 599) {
            throw new IOException("status " + rCode + " cannot be sent over HTTP/3 by this adapter: only final"
                    + " statuses 200 to 599 (no informational 1xx responses)");
        }
        if (responseLength < -1) {
            throw new IllegalArgumentException("responseLength must be -1 (no body), 0 (unknown) or positive, was "
                    + responseLength);
        }
        responseCode = rCode;
        long length = responseLength;
        boolean lengthField = true;
        if (rCode == 204 || rCode == 304) {
            length = -1;
            lengthField = rCode != 204; // RFC 9110 §8.6: never in a 204
        }
        responseHeaders.set("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        long limit;
        if ("HEAD".equals(request.method()) || rCode == 304) {
            // As the JDK's server: no content, and a Content-Length only if the handler set one itself.
            limit = 0;
        } else if (length == 0) {
            responseHeaders.remove("Content-length"); // RFC 9114 §4.1: DATA frames delimit the body
            limit = ExchangeBody.UNLIMITED;
        } else {
            limit = Math.max(length, 0);
            if (lengthField) {
                responseHeaders.set("Content-length", Long.toString(limit));
            }
        }
        response.status(rCode);
        for (Map.Entry<String, List<String>> field : responseHeaders.entrySet()) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (CONNECTION_SPECIFIC.contains(name)) {
                continue;
            }
            for (String value : field.getValue()) {
                response.header(name, value);
            }
        }
        body.start(limit);
        if (limit == 0) {
            body.close(); // no content: the response ends now, as the JDK's server ends it
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return request.remoteAddress();
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return localAddress;
    }

    @Override
    public String getProtocol() {
        return "HTTP/3";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(Objects.requireNonNull(name, "name"));
    }

    @Override
    public void setAttribute(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            requestBody = i;
        }
        if (o != null) {
            responseBody = o;
        }
    }

    /** @return {@code null}: the adapter does not authenticate */
    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /**
     * The handler returned: a response that was never started is an error (500), a fixed-length body that fell short
     * resets the stream (the exception makes the server do so), since the header section promised more.
     */
    void finish() throws IOException {
        if (responseCode == -1) {
            throw new IllegalStateException("the HttpHandler returned without calling sendResponseHeaders");
        }
        body.requireComplete();
    }
}
