/**
 * The runnable quic4j web server: {@link io.quic4j.server.StaticSite} serves a directory over HTTP/3, and
 * {@code io.quic4j.server.cli.Main} is the {@code quic4j} command line ({@code quic4j serve}). Only
 * {@code io.quic4j.server} is API; {@code cli}, {@code files} and {@code tls} are internal.
 */
module io.quic4j.server {
    requires transitive io.quic4j.http3;
    requires info.picocli;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    exports io.quic4j.server;

    // picocli fills the command's option fields by reflection.
    opens io.quic4j.server.cli to info.picocli;
}
