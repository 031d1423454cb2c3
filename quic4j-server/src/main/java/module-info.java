/**
 * The runnable quic4j web server: static files, TLS certificates, and (as they land) the CLI, reverse
 * proxy, HTTPS/TCP fallback and admin page. Only {@code io.quic4j.server} is API; {@code files} and
 * {@code tls} are internal.
 */
module io.quic4j.server {
    requires transitive io.quic4j.http3;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    // `exports io.quic4j.server;` arrives with the package's first type (the server): javac refuses to
    // export a package that holds only its package-info.
}
