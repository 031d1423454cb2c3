package io.quic4j.transport.engine;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServer;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A server and a client over real loopback UDP, for the engine's tests (and the real-loopback attack tests of
 * {@code io.quic4j.transport.abuse}, hence public). The certificate is the test CA's {@code localhost}/127.0.0.1
 * server certificate shared with the connection tests.
 */
public final class Loopback implements AutoCloseable {
    /** The application protocol of both sides. */
    public static final String ALPN = "quic4j-test";
    private static final String RESOURCES = "/io/quic4j/transport/connection/";

    /** The server, bound to an ephemeral port of 127.0.0.1. */
    public final QuicServer server;
    /** The client. */
    public final QuicClient client;

    /**
     * @param serverConfig the server's settings
     * @param clientConfig the client's settings
     * @throws IOException if the server cannot bind
     */
    public Loopback(QuicConfig serverConfig, QuicConfig clientConfig) throws IOException {
        this.server = QuicServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverConfig,
                serverTls());
        this.client = QuicClient.create(clientConfig, clientTls());
    }

    Loopback() throws IOException {
        this(QuicConfig.defaults(), QuicConfig.builder().eventLoops(1).build());
    }

    static TlsConfig serverTls() {
        return TlsConfig.builder().applicationProtocols(ALPN).keyLogFile(null)
                .certificate(CertificateCredentials.fromPem(resource("server-ecdsa.pem"), resource("server-ecdsa.key")))
                .build();
    }

    static TlsConfig clientTls() {
        return TlsConfig.builder().applicationProtocols(ALPN).keyLogFile(null).trustManager(trust()).build();
    }

    /** @return a new connection of the client to the server, established */
    public QuicConnection connect() {
        return client.connect(server.localAddress(), "localhost").orTimeout(20, TimeUnit.SECONDS).join();
    }

    static String resource(String name) {
        try (InputStream in = Loopback.class.getResourceAsStream(RESOURCES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a trust manager trusting the test CA (what a client of the test certificate needs) */
    public static X509TrustManager trust() {
        try (InputStream in = Loopback.class.getResourceAsStream(RESOURCES + "ca.pem")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
