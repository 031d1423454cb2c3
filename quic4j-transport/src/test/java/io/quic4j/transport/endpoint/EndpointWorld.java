package io.quic4j.transport.endpoint;

import io.quic4j.testkit.Datagram;
import io.quic4j.testkit.Endpoint;
import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.Node;
import io.quic4j.testkit.Simulator;
import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.token.AddressValidationTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** A client endpoint and a server endpoint over the simulator. */
final class EndpointWorld {
    static final InetSocketAddress CLIENT = Simulator.address("10.0.0.1", 50000);
    static final InetSocketAddress SERVER = Simulator.address("10.0.0.2", 4433);
    private static final String RESOURCES = "/io/quic4j/transport/connection/";

    /**
     * An endpoint as a simulator node; {@link #endpoint} may be replaced (a restarted server, a new
     * client connection).
     */
    static final class EndpointNode<E extends DatagramEndpoint> implements Endpoint {
        E endpoint;
        private final InetSocketAddress local;
        private final ByteBuffer out = ByteBuffer.allocate(1500);

        EndpointNode(InetSocketAddress local) {
            this.local = local;
        }

        @Override
        public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
            endpoint.receive(datagram, from, now);
        }

        @Override
        public Datagram poll(long now) {
            InetSocketAddress to = endpoint.send(out.clear(), now);
            return to == null ? null : new Datagram(local, to, out.flip());
        }

        @Override
        public long nextTimeout() {
            return endpoint.nextTimeout();
        }

        @Override
        public void onTimeout(long now) {
            endpoint.onTimeout(now);
        }
    }

    final Simulator sim;
    final ServerEndpointConfig serverConfig;
    final EndpointNode<ServerEndpoint> server = new EndpointNode<>(SERVER);
    final EndpointNode<ClientEndpoint> client = new EndpointNode<>(CLIENT);
    final Node serverNode;
    final Node clientNode;
    final long seed;

    EndpointWorld(long seed, ConnectionConfig clientConfig, ConnectionConfig serverConnectionConfig, boolean retry,
            LinkConfig link) {
        this.seed = seed;
        sim = new Simulator(seed);
        SecureRandom keys = seeded(seed * 31 + 7);
        byte[] tokenKey = new byte[AddressValidationTokens.KEY_LENGTH];
        keys.nextBytes(tokenKey);
        serverConfig = new ServerEndpointConfig(serverConnectionConfig, serverTls(), retry,
                new AddressValidationTokens(tokenKey), StatelessResetTokens.generate(keys), 100,
                now -> 1_700_000_000_000L + now / 1_000_000);
        server.endpoint = new ServerEndpoint(serverConfig, seeded(seed * 31 + 1));
        client.endpoint = ClientEndpoint.connect(clientConfig, clientTls(), "localhost", SERVER, seeded(seed), 0);
        serverNode = sim.addEndpoint("server", server, SERVER);
        clientNode = sim.addEndpoint("client", client, CLIENT);
        sim.connect(clientNode, serverNode, link);
    }

    boolean handshakeConfirmed() {
        return client.endpoint.connection().isHandshakeConfirmed() && !server.endpoint.connections().isEmpty()
                && server.endpoint.connections().getFirst().isHandshakeConfirmed();
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = EndpointWorld.class.getResourceAsStream(RESOURCES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TlsEngineConfig serverTls() {
        return TlsEngineConfig.builder().applicationProtocols(List.of("test"))
                .credentials(CertificateCredentials.fromPem(resource("server-ecdsa.pem"), resource("server-ecdsa.key")))
                .build();
    }

    static TlsEngineConfig clientTls() {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate ca = (X509Certificate) cf
                    .generateCertificate(EndpointWorld.class.getResourceAsStream(RESOURCES + "ca.pem"));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
            return TlsEngineConfig.builder().applicationProtocols(List.of("test")).trustManager(trust).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
