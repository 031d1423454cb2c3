/**
 * The quic4j web server. {@link io.quic4j.server.StaticSite} is an {@link io.quic4j.http3.Http3Handler} serving a
 * directory (start there), {@link io.quic4j.server.DemoSite} the page {@code quic4j serve} shows without
 * {@code --root}. Internal packages: {@code files} (static files: path safety, validators, conditional and range
 * requests), {@code tls} (self-signed certificates) and {@code cli} (the {@code quic4j} command line).
 */
package io.quic4j.server;
