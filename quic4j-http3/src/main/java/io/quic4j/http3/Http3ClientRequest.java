package io.quic4j.http3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A request for {@link Http3Client}: method, an {@code https} URI (its authority becomes {@code :authority}, its path
 * and query {@code :path}, RFC 9114 §4.3.1), header fields, an optional body and an optional timeout. Immutable;
 * built with {@link #newBuilder(URI)}.
 *
 * <pre>{@code
 * Http3ClientRequest get = Http3ClientRequest.newBuilder(URI.create("https://example.com/")).build();
 * Http3ClientRequest post = Http3ClientRequest.newBuilder(URI.create("https://example.com/upload"))
 *         .method("POST").header("content-type", "text/plain").body(Body.of(bytes)).build();
 * }</pre>
 *
 * @param method the method, such as {@code GET}
 * @param uri the target, {@code https} with a host
 * @param headers the header fields (no pseudo-headers, no connection-specific fields, RFC 9114 §4.2)
 * @param body the body, {@link Body#NONE} for none
 * @param timeout how long to wait for the response's header section; empty for the client's default
 */
public record Http3ClientRequest(String method, URI uri, Http3Headers headers, Body body, Optional<Duration> timeout) {
    /** The connection-specific fields of RFC 9114 §4.2. */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    /**
     * A request body: a fresh {@link InputStream} for each attempt, read on its own thread and sent as DATA frames as
     * fast as flow control allows, with its length if known (sent as {@code content-length}).
     *
     * @param stream opens the body's bytes
     * @param length the length in bytes, or -1 if unknown
     */
    public record Body(Supplier<? extends InputStream> stream, long length) {
        /** No body: the request ends after its header section. */
        public static final Body NONE = new Body(InputStream::nullInputStream, 0);

        /** Checks the fields. */
        public Body {
            Objects.requireNonNull(stream, "stream");
            if (length < -1) {
                throw new IllegalArgumentException("length must be -1 (unknown) or more, was " + length);
            }
        }

        /**
         * @param bytes the whole body (not copied: do not change it while the request is in flight)
         * @return a body of those bytes
         */
        public static Body of(byte[] bytes) {
            Objects.requireNonNull(bytes, "bytes");
            return new Body(() -> new ByteArrayInputStream(bytes), bytes.length);
        }

        /**
         * @param stream opens the body, streamed until its end
         * @return a body of unknown length
         */
        public static Body ofInputStream(Supplier<? extends InputStream> stream) {
            return new Body(stream, -1);
        }
    }

    /** Checks the fields (see {@link Builder}). */
    public Http3ClientRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        if (method.isEmpty() || !method.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the method must be a non-empty token, was '" + method + "'");
        }
        if (method.equals("CONNECT")) {
            throw new IllegalArgumentException("CONNECT (RFC 9114 §4.4) is not supported by Http3Client");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("HTTP/3 needs an https URI (RFC 9114 §3.1), was " + uri);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the URI has no host: " + uri);
        }
        for (var f : headers.fields()) {
            if (CONNECTION_SPECIFIC.contains(f.getKey()) || f.getKey().equals("host")) {
                throw new IllegalArgumentException("'" + f.getKey() + "' is not allowed in an HTTP/3 request (RFC 9114"
                        + " §4.2; the authority comes from the URI); leave it out");
            }
        }
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, was " + t);
            }
        });
    }

    /**
     * @param uri the target, {@code https}
     * @return a builder for a GET of {@code uri}
     */
    public static Builder newBuilder(URI uri) {
        return new Builder(uri);
    }

    /** @return {@code :authority}: the URI's host (bracketed if IPv6) and port if given, without userinfo */
    public String authority() {
        String host = uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    /** @return {@code :path}: the URI's raw path and query, {@code /} if the path is empty */
    public String path() {
        String p = uri.getRawPath();
        if (p == null || p.isEmpty()) {
            p = "/";
        }
        return uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery();
    }

    /** @return the port to connect to: the URI's, or 443 */
    public int port() {
        return uri.getPort() < 0 ? 443 : uri.getPort();
    }

    /** Builds an {@link Http3ClientRequest}. */
    public static final class Builder {
        private String method = "GET";
        private URI uri;
        private final Http3Headers.Builder headers = Http3Headers.builder();
        private Body body = Body.NONE;
        private Duration timeout;

        /**
         * A GET of {@code uri}; see {@link Http3ClientRequest#newBuilder(URI)}.
         *
         * @param uri the target
         */
        public Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * @param v the method, such as {@code POST} (uppercased)
         * @return this builder
         */
        public Builder method(String v) {
            method = Objects.requireNonNull(v, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * @param v the target
         * @return this builder
         */
        public Builder uri(URI v) {
            uri = Objects.requireNonNull(v, "uri");
            return this;
        }

        /**
         * Adds a header field.
         *
         * @param name the name (lowercased)
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * @param v the body
         * @return this builder
         */
        public Builder body(Body v) {
            body = Objects.requireNonNull(v, "body");
            return this;
        }

        /**
         * @param v how long to wait for the response's header section
         * @return this builder
         */
        public Builder timeout(Duration v) {
            timeout = Objects.requireNonNull(v, "timeout");
            return this;
        }

        /** @return the checked request */
        public Http3ClientRequest build() {
            return new Http3ClientRequest(method, uri, headers.build(), body, Optional.ofNullable(timeout));
        }
    }
}
