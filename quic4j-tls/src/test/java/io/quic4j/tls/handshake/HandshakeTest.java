package io.quic4j.tls.handshake;

import static io.quic4j.tls.testing.Pipe.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.ClientAuth;
import io.quic4j.tls.EarlyDataReplayGuard;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.SessionTicket;
import io.quic4j.tls.SessionTicketKeys;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.TlsEvent.Direction;
import io.quic4j.tls.TlsEvent.HandshakeComplete;
import io.quic4j.tls.TlsEvent.TrafficSecret;
import io.quic4j.tls.TlsEvent;
import io.quic4j.tls.testing.Pipe;
import io.quic4j.tls.testing.TestPki;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Client and server engines against each other in memory (RFC 8446 §2 flows). */
class HandshakeTest {
    private static final byte[] CLIENT_TP = {1, 2, 3};
    static final byte[] CLIENT_TP_FOR_RULES = CLIENT_TP;
    private static final byte[] SERVER_TP = {4, 5, 6, 7};

    static TlsEngineConfig.Builder clientConfig() {
        return TlsEngineConfig.builder().applicationProtocols(List.of("h3")).trustManager(TestPki.trust());
    }

    static TlsEngineConfig.Builder serverConfig(String cert) {
        return TlsEngineConfig.builder().applicationProtocols(List.of("h3")).credentials(TestPki.credentials(cert))
                .trustManager(TestPki.trust());
    }

    static Pipe pipe(TlsEngineConfig client, TlsEngineConfig server) {
        return new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, null), TlsEngine.server(server, SERVER_TP));
    }

    static Stream<Arguments> suitesAndGroups() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            for (NamedGroup g : NamedGroup.values()) {
                out.add(Arguments.of(s, g));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("suitesAndGroups")
    void completesFullHandshakeWithEverySuiteAndGroup(CipherSuite suite, NamedGroup group) {
        Pipe p = pipe(clientConfig().cipherSuites(List.of(suite)).groups(List.of(group)).build(),
                serverConfig("server-ecdsa").build());
        p.run();

        assertThat(p.client.isHandshakeComplete()).isTrue();
        assertThat(p.server.isHandshakeComplete()).isTrue();
        HandshakeComplete done = events(p.clientEvents, HandshakeComplete.class).getFirst();
        assertThat(done.cipherSuite()).isEqualTo(suite);
        assertThat(done.group()).isEqualTo(group);
        assertThat(done.resumed()).isFalse();
        assertThat(done.peerCertificates()).hasSize(1);
        assertSecretsMatch(p, EncryptionLevel.HANDSHAKE);
        assertSecretsMatch(p, EncryptionLevel.ONE_RTT);
        assertThat(events(p.clientEvents, TrafficSecret.class)).allSatisfy(t -> {
            assertThat(t.cipherSuite()).isEqualTo(suite);
            assertThat(t.secret()).hasSize(suite.hashLength());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-ecdsa", "server-p384", "server-rsa", "server-ed25519"})
    void authenticatesEveryServerKeyType(String cert) {
        Pipe p = pipe(clientConfig().build(), serverConfig(cert).build());
        p.run();
        assertThat(p.client.isHandshakeComplete()).isTrue();
        assertSecretsMatch(p, EncryptionLevel.ONE_RTT);
    }

    @Test
    void exchangesTransportParametersAndAlpn() {
        Pipe p = pipe(clientConfig().applicationProtocols(List.of("h3-29", "h3")).build(),
                serverConfig("server-ecdsa").applicationProtocols(List.of("h3", "hq")).build());
        p.run();
        assertThat(events(p.clientEvents, TlsEvent.PeerTransportParameters.class).getFirst().parameters())
                .isEqualTo(SERVER_TP);
        assertThat(events(p.serverEvents, TlsEvent.PeerTransportParameters.class).getFirst().parameters())
                .isEqualTo(CLIENT_TP);
        assertThat(events(p.clientEvents, TlsEvent.ApplicationProtocol.class).getFirst().protocol()).isEqualTo("h3");
        assertThat(events(p.serverEvents, TlsEvent.ApplicationProtocol.class).getFirst().protocol()).isEqualTo("h3");
    }

    @Test
    void hybridFirstClientAlsoSendsX25519SoAServerWithoutMlKemNeedsNoRetry() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-ecdsa").groups(List.of(NamedGroup.X25519)).build());
        p.run();
        assertThat(events(p.clientEvents, HandshakeComplete.class).getFirst().group()).isEqualTo(NamedGroup.X25519);
    }

    /** RFC 8446 §4.1.4: the server asks for a share in a group the client supports but did not send. */
    @Test
    void helloRetryRequestWhenClientShareDoesNotMatch() {
        Pipe p = pipe(clientConfig().groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1)).build(),
                serverConfig("server-ecdsa").groups(List.of(NamedGroup.SECP256R1)).build());
        p.run();
        assertThat(events(p.clientEvents, HandshakeComplete.class).getFirst().group())
                .isEqualTo(NamedGroup.SECP256R1);
        assertSecretsMatch(p, EncryptionLevel.ONE_RTT);
    }

    @Test
    void rejectsDisjointAlpnWithNoApplicationProtocol() {
        Pipe p = pipe(clientConfig().applicationProtocols(List.of("h2")).build(), serverConfig("server-ecdsa").build());
        assertAlert(p::run, TlsAlert.NO_APPLICATION_PROTOCOL);
        assertThat(events(p.serverEvents, TlsEvent.Alert.class)).isEmpty(); // reported on the next poll
        assertThat(p.server.pollEvent()).isEqualTo(
                new TlsEvent.Alert(TlsAlert.NO_APPLICATION_PROTOCOL,
                        "no application protocol in common: client offers [h2]"));
    }

    @Test
    void rejectsClientHelloWithoutTransportParametersWithMissingExtension() {
        TlsEngine client = TlsEngine.client(clientConfig().quic(false).build(), "localhost", null, null);
        Pipe p = new Pipe(client, TlsEngine.server(serverConfig("server-ecdsa").build(), SERVER_TP));
        assertAlert(p::run, TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void rejectsServerCertificateForAnotherHostWithBadCertificate() {
        Pipe p = new Pipe(TlsEngine.client(clientConfig().build(), "example.com", CLIENT_TP, null),
                TlsEngine.server(serverConfig("server-ecdsa").build(), SERVER_TP));
        assertAlert(p::run, TlsAlert.BAD_CERTIFICATE);
    }

    @Test
    void acceptsServerCertificateForIpAddressInSubjectAltName() {
        Pipe p = new Pipe(TlsEngine.client(clientConfig().build(), "127.0.0.1", CLIENT_TP, null),
                TlsEngine.server(serverConfig("server-ecdsa").build(), SERVER_TP));
        p.run();
        assertThat(p.client.isHandshakeComplete()).isTrue();
    }

    @Test
    void rejectsUntrustedChainWithUnknownCa() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-untrusted").build());
        assertAlert(p::run, TlsAlert.UNKNOWN_CA);
    }

    @Test
    void rejectsTamperedServerFinishedWithDecryptError() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-ecdsa").build());
        p.mutateToClient(b -> {
            if (b[0] == 8) { // the Handshake flight: EncryptedExtensions ... Finished
                b[b.length - 1] ^= 1;
            }
            return b;
        });
        assertAlert(p::run, TlsAlert.DECRYPT_ERROR);
    }

    @Test
    void rejectsTamperedCertificateVerifyWithDecryptError() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-ed25519").build());
        p.mutateToClient(b -> {
            if (b[0] == 8) {
                // Ed25519 signature is the 64 bytes before Finished (4 + 32): flip one of them
                b[b.length - 36 - 10] ^= 1;
            }
            return b;
        });
        assertAlert(p::run, TlsAlert.DECRYPT_ERROR);
    }

    @Test
    void clientCertificateIsValidatedAndReportedToServer() {
        Pipe p = pipe(clientConfig().credentials(TestPki.credentials("client-ecdsa")).build(),
                serverConfig("server-ecdsa").clientAuth(ClientAuth.REQUIRED).build());
        p.run();
        HandshakeComplete done = events(p.serverEvents, HandshakeComplete.class).getFirst();
        assertThat(done.peerCertificates().getFirst().getSubjectX500Principal().getName())
                .isEqualTo("CN=quic4j test client-ecdsa");
    }

    @Test
    void requiredClientCertificateMissingIsCertificateRequired() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-ecdsa").clientAuth(ClientAuth.REQUIRED).build());
        assertAlert(p::run, TlsAlert.CERTIFICATE_REQUIRED);
    }

    @Test
    void requestedClientCertificateMayBeAbsent() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-ecdsa").clientAuth(ClientAuth.REQUESTED).build());
        p.run();
        assertThat(events(p.serverEvents, HandshakeComplete.class).getFirst().peerCertificates()).isEmpty();
    }

    @Test
    void keyLogLinesCarryTheSecretsTheEngineReports() {
        List<String> lines = new ArrayList<>();
        Pipe p = pipe(clientConfig().keyLogger(lines::add).build(), serverConfig("server-ecdsa").build());
        p.run();
        assertThat(lines).extracting(l -> l.split(" ")[0]).containsExactly("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0",
                "EXPORTER_SECRET");
        byte[] clientApp = secret(p.clientEvents, EncryptionLevel.ONE_RTT, Direction.WRITE);
        assertThat(lines.get(2).split(" ")[2]).isEqualTo(HexFormat.of().formatHex(clientApp));
    }

    @Test
    void resumesWithTicketWithoutCertificates() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).build();
        Pipe first = pipe(clientConfig().build(), server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        assertThat(ticket.applicationProtocol()).isEqualTo("h3");

        Pipe second = new Pipe(TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.now = first.now + 5_000;
        second.run();
        HandshakeComplete done = events(second.clientEvents, HandshakeComplete.class).getFirst();
        assertThat(done.resumed()).isTrue();
        assertThat(done.peerCertificates()).isEmpty();
        assertThat(events(second.serverEvents, HandshakeComplete.class).getFirst().resumed()).isTrue();
        assertSecretsMatch(second, EncryptionLevel.ONE_RTT);
    }

    @Test
    void ticketFromRotatedOutKeyFallsBackToFullHandshake() {
        SessionTicketKeys keys = new SessionTicketKeys(new java.security.SecureRandom(), 1);
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).build();
        Pipe first = pipe(clientConfig().build(), server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        keys.rotate();
        Pipe second = new Pipe(TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.run();
        assertThat(events(second.clientEvents, HandshakeComplete.class).getFirst().resumed()).isFalse();
    }

    @Test
    void acceptsZeroRttOnceAndRejectsReplay() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).earlyData(true)
                .replayGuard(EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 1000)).build();
        TlsEngineConfig client = clientConfig().earlyData(true).build();
        Pipe first = pipe(client, server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        assertThat(ticket.allowsEarlyData()).isTrue();

        Pipe second = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.now = first.now + 2_000;
        List<byte[]> clientHellos = new ArrayList<>();
        second.mutateToServer(b -> {
            if (b[0] == 1) {
                clientHellos.add(b.clone());
            }
            return b;
        });
        second.run();
        assertThat(events(second.clientEvents, HandshakeComplete.class).getFirst().earlyData())
                .isEqualTo(TlsEvent.EarlyDataStatus.ACCEPTED);
        assertThat(secret(second.clientEvents, EncryptionLevel.ZERO_RTT, Direction.WRITE))
                .isEqualTo(secret(second.serverEvents, EncryptionLevel.ZERO_RTT, Direction.READ));

        // RFC 8446 §8: the same ClientHello replayed to the server gets no early data
        TlsEngine replayTarget = TlsEngine.server(server, SERVER_TP);
        replayTarget.receive(EncryptionLevel.INITIAL, java.nio.ByteBuffer.wrap(clientHellos.getFirst()),
                second.now + 100);
        List<TlsEvent> replayEvents = new ArrayList<>();
        for (TlsEvent e; (e = replayTarget.pollEvent()) != null;) {
            replayEvents.add(e);
        }
        assertThat(events(replayEvents, TrafficSecret.class))
                .noneMatch(t -> t.level() == EncryptionLevel.ZERO_RTT);
    }

    /** RFC 9001 §4.6.3: the transport's remembered state decides, through the validator, whether 0-RTT is accepted. */
    @Test
    void earlyDataValidatorSeesTicketDataAndCanReject() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        List<byte[]> seen = new ArrayList<>();
        TlsEngineConfig.Builder server = serverConfig("server-ecdsa").sessionTicketKeys(keys).earlyData(true)
                .replayGuard(EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 1000)).earlyDataValidator(data -> {
                    seen.add(data);
                    return data.length > 0 && data[0] == 1;
                });
        TlsEngineConfig client = clientConfig().earlyData(true).build();
        for (byte remembered : new byte[]{1, 2}) {
            TlsEngine issuing = TlsEngine.server(server.build(), SERVER_TP);
            issuing.setTicketData(new byte[]{remembered});
            Pipe first = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, null), issuing);
            first.run();
            SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
            Pipe second = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, ticket),
                    TlsEngine.server(server.build(), SERVER_TP));
            second.run();
            assertThat(events(second.clientEvents, HandshakeComplete.class).getFirst().earlyData())
                    .isEqualTo(remembered == 1 ? TlsEvent.EarlyDataStatus.ACCEPTED : TlsEvent.EarlyDataStatus.REJECTED);
            assertThat(seen.getLast()).containsExactly(remembered);
        }
    }

    @Test
    void rejectsZeroRttWhenTicketAgeIsStale() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).earlyData(true)
                .replayGuard(EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 1000)).build();
        TlsEngineConfig client = clientConfig().earlyData(true).build();
        Pipe first = pipe(client, server);
        first.run();
        SessionTicket t = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        // the client's clock says the ticket was received 60 s later than the server issued it
        SessionTicket skewed = new SessionTicket(t.ticket(), t.psk(), t.cipherSuite(), t.ageAdd(), t.lifetimeSeconds(),
                t.receivedAtMillis() + 60_000, t.maxEarlyDataSize(), t.applicationProtocol(), t.serverName(),
                t.peerTransportParameters());
        Pipe second = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, skewed),
                TlsEngine.server(server, SERVER_TP));
        second.now = first.now + 61_000;
        second.run();
        HandshakeComplete done = events(second.clientEvents, HandshakeComplete.class).getFirst();
        assertThat(done.resumed()).isTrue();
        assertThat(done.earlyData()).isEqualTo(TlsEvent.EarlyDataStatus.REJECTED);
    }

    @Test
    void tamperedBinderIsDecryptError() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).build();
        Pipe first = pipe(clientConfig().build(), server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        Pipe second = new Pipe(TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.mutateToServer(b -> {
            if (b[0] == 1) {
                b[b.length - 1] ^= 1; // the binder is the last byte of the ClientHello
            }
            return b;
        });
        assertAlert(second::run, TlsAlert.DECRYPT_ERROR);
    }

    @Test
    void resumedConnectionKeepsTheClientIdentityFromTheTicket() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).clientAuth(ClientAuth.REQUIRED)
                .build();
        TlsEngineConfig client = clientConfig().credentials(TestPki.credentials("client-ecdsa")).build();
        Pipe first = pipe(client, server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        Pipe second = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.run();
        HandshakeComplete done = events(second.serverEvents, HandshakeComplete.class).getFirst();
        assertThat(done.resumed()).isTrue();
        assertThat(done.peerCertificates()).isEqualTo(
                events(first.serverEvents, HandshakeComplete.class).getFirst().peerCertificates());
    }

    /** RFC 8446 §4.2.11.2: after a HelloRetryRequest the binder covers message_hash, the HRR and ClientHello2. */
    @Test
    void resumesAcrossHelloRetryRequest() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys)
                .groups(List.of(NamedGroup.SECP256R1)).build();
        Pipe first = pipe(clientConfig().build(), server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        TlsEngineConfig client = clientConfig().groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1)).build();
        Pipe second = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.run();
        HandshakeComplete done = events(second.clientEvents, HandshakeComplete.class).getFirst();
        assertThat(done.resumed()).isTrue();
        assertThat(done.group()).isEqualTo(NamedGroup.SECP256R1);
        assertSecretsMatch(second, EncryptionLevel.ONE_RTT);
    }

    /** RFC 8446 §4.2.10: after a HelloRetryRequest the client cannot send early data; it learns 0-RTT was rejected. */
    @Test
    void zeroRttIsRejectedAfterHelloRetryRequest() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig.Builder server = serverConfig("server-ecdsa").sessionTicketKeys(keys).earlyData(true)
                .replayGuard(EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 1000));
        TlsEngineConfig client = clientConfig().earlyData(true)
                .groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1)).build();
        Pipe first = pipe(client, server.build());
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        Pipe second = new Pipe(TlsEngine.client(client, "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server.groups(List.of(NamedGroup.SECP256R1)).build(), SERVER_TP));
        second.run();
        HandshakeComplete done = events(second.clientEvents, HandshakeComplete.class).getFirst();
        assertThat(done.resumed()).isTrue();
        assertThat(done.earlyData()).isEqualTo(TlsEvent.EarlyDataStatus.REJECTED);
        assertThat(events(second.serverEvents, TrafficSecret.class))
                .noneMatch(t -> t.level() == EncryptionLevel.ZERO_RTT);
    }

    @Test
    void ticketIsNotOfferedToAnotherServerName() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys).build();
        Pipe first = new Pipe(TlsEngine.client(clientConfig().build(), "127.0.0.1", CLIENT_TP, null),
                TlsEngine.server(server, SERVER_TP));
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        Pipe second = new Pipe(TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.run();
        assertThat(events(second.clientEvents, HandshakeComplete.class).getFirst().resumed()).isFalse();
    }

    @Test
    void expiredTicketIsNotOffered() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        TlsEngineConfig server = serverConfig("server-ecdsa").sessionTicketKeys(keys)
                .ticketLifetime(Duration.ofMinutes(1))
                .build();
        Pipe first = pipe(clientConfig().build(), server);
        first.run();
        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        assertThat(ticket.lifetimeSeconds()).isEqualTo(60);
        Pipe second = new Pipe(TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP, ticket),
                TlsEngine.server(server, SERVER_TP));
        second.now = first.now + 61_000;
        second.run();
        assertThat(events(second.clientEvents, HandshakeComplete.class).getFirst().resumed()).isFalse();
    }

    /** With no trust manager configured, the JDK's default trust store decides: it does not know the test CA. */
    @Test
    void defaultJdkTrustStoreRejectsTestCaWithUnknownCa() {
        Pipe p = pipe(clientConfig().trustManager(null).build(), serverConfig("server-ecdsa").build());
        assertAlert(p::run, TlsAlert.UNKNOWN_CA);
    }

    @Test
    void serverCredentialsFromPkcs12KeyStore() throws Exception {
        io.quic4j.tls.CertificateCredentials pem = TestPki.credentials("server-ed25519");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = "secret".toCharArray();
        ks.setKeyEntry("server", pem.privateKey(), password,
                pem.chain().toArray(java.security.cert.Certificate[]::new));
        io.quic4j.tls.CertificateCredentials fromStore = io.quic4j.tls.CertificateCredentials.fromKeyStore(ks, "server",
                password);
        Pipe p = pipe(clientConfig().build(), serverConfig("server-ecdsa").credentials(fromStore).build());
        p.run();
        assertThat(events(p.clientEvents, HandshakeComplete.class).getFirst().peerCertificates())
                .isEqualTo(pem.chain());
    }

    @Test
    void engineIsDeadAfterAnAlert() {
        Pipe p = pipe(clientConfig().build(), serverConfig("server-untrusted").build());
        assertAlert(p::run, TlsAlert.UNKNOWN_CA);
        assertThatThrownBy(() -> p.client.receive(EncryptionLevel.HANDSHAKE, java.nio.ByteBuffer.allocate(0), 0))
                .isInstanceOf(IllegalStateException.class);
        for (EncryptionLevel level : EncryptionLevel.values()) {
            assertThat(p.client.pollOutput(level)).as("nothing but the alert is sent after a failure").isNull();
        }
    }

    static void assertAlert(Runnable r, TlsAlert alert) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TlsAlertException.class,
                e -> assertThat(e.alert()).as(e.getMessage()).isEqualTo(alert));
    }

    static byte[] secret(List<TlsEvent> events, EncryptionLevel level, Direction direction) {
        return events(events, TrafficSecret.class).stream()
                .filter(t -> t.level() == level && t.direction() == direction).findFirst().orElseThrow().secret();
    }

    static void assertSecretsMatch(Pipe p, EncryptionLevel level) {
        assertThat(secret(p.clientEvents, level, Direction.WRITE))
                .isEqualTo(secret(p.serverEvents, level, Direction.READ));
        assertThat(secret(p.serverEvents, level, Direction.WRITE))
                .isEqualTo(secret(p.clientEvents, level, Direction.READ));
    }
}
