/**
 * The public API of the QUIC transport (RFC 9000, 9001, 9002; v2 RFC 9369; datagrams RFC 9221).
 *
 * <p>Start with {@link io.quic4j.transport.QuicServer} and {@link io.quic4j.transport.QuicClient}, built from
 * an immutable {@link io.quic4j.transport.QuicConfig} and {@link io.quic4j.transport.TlsConfig}. Connections
 * ({@link io.quic4j.transport.QuicConnection}) and streams ({@link io.quic4j.transport.QuicStream}) are
 * thread-safe handles: each call posts a command to the event loop that owns the connection and answers
 * with a {@link java.util.concurrent.CompletableFuture}; blocking code uses the streams'
 * {@link java.io.InputStream}/{@link java.io.OutputStream} views, ideally on virtual threads.
 *
 * <pre>{@code
 * // An echo server: one virtual thread per stream.
 * TlsConfig serverTls = TlsConfig.builder().applicationProtocols("echo")
 *         .certificate(Path.of("cert.pem"), Path.of("key.pem")).build();
 * QuicServer server = QuicServer.bind(new InetSocketAddress(4433), QuicConfig.defaults(), serverTls);
 * Thread.startVirtualThread(() -> {
 *     while (true) {
 *         QuicConnection c = server.accept().join();
 *         Thread.startVirtualThread(() -> {
 *             while (c.isOpen()) {
 *                 QuicStream s = c.acceptStream().join();
 *                 Thread.startVirtualThread(() -> {
 *                     try (s) { s.inputStream().transferTo(s.outputStream()); s.outputStream().close(); }
 *                     catch (IOException e) { System.err.println(s + ": " + e); }
 *                 });
 *             }
 *         });
 *     }
 * });
 *
 * // A client.
 * TlsConfig clientTls = TlsConfig.builder().applicationProtocols("echo")
 *         .trustCertificates(Path.of("cert.pem")).build();
 * try (QuicClient client = QuicClient.create(QuicConfig.defaults(), clientTls)) {
 *     QuicConnection c = client.connect("localhost", 4433).join();
 *     QuicStream s = c.openBidirectionalStream().join();
 *     s.outputStream().write("hello".getBytes(StandardCharsets.UTF_8));
 *     s.outputStream().close(); // FIN
 *     System.out.println(new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8));
 *     s.close();
 *     c.close(0, "bye").join();
 * }
 * server.closeGracefully(Duration.ofSeconds(5)).join();
 * }</pre>
 *
 * <p>Errors: {@link io.quic4j.transport.QuicConnectionClosedException} (with the
 * {@link io.quic4j.transport.QuicCloseReason}) once a connection ends, {@link io.quic4j.transport.QuicStreamException}
 * when a stream half was reset, stopped, cancelled or closed, and {@link io.quic4j.transport.TransportError} /
 * {@link io.quic4j.transport.QuicTransportException} for the RFC 9000 §20.1 codes. Setting {@code SSLKEYLOGFILE}
 * writes TLS secrets for Wireshark, and {@code QLOGDIR} one qlog file per connection. A server's protection
 * against load and abuse (refusals by reason, Retry, rate limiting, memory back-pressure and shedding) shows in
 * {@link io.quic4j.transport.QuicServerStats} from {@link io.quic4j.transport.QuicServer#stats()} and in the
 * {@code io.quic4j.transport.endpoint} log.
 *
 * <p>Internals live in sub-packages, one concern each: {@code engine} (event loops, sockets, the handles),
 * {@code endpoint} and {@code connection} (the sans-I/O protocol core), {@code stream}, {@code recovery},
 * {@code congestion}, {@code cid}, {@code token}, {@code crypto}, {@code wire}, {@code qlog}.
 */
package io.quic4j.transport;
