package io.quic4j.tls.handshake;

import static io.quic4j.tls.handshake.HandshakeTest.assertSecretsMatch;
import static io.quic4j.tls.testing.Pipe.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.ClientAuth;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.SessionTicket;
import io.quic4j.tls.SessionTicketKeys;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.TlsEvent.HandshakeComplete;
import io.quic4j.tls.TlsEvent;
import io.quic4j.tls.testing.Pipe;
import io.quic4j.tls.testing.TestPki;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any compatible pair of configurations completes, agrees on every secret, and resumes. */
class HandshakePropertiesTest {
    private static final SessionTicketKeys KEYS = SessionTicketKeys.generate();

    @Provide
    Arbitrary<String> certificates() {
        return Arbitraries.of("server-ecdsa", "server-p384", "server-rsa", "server-ed25519");
    }

    @Property(tries = 40)
    void compatibleConfigurationsCompleteAgreeAndResume(@ForAll CipherSuite suite, @ForAll NamedGroup clientFirst,
            @ForAll NamedGroup serverGroup, @ForAll("certificates") String cert, @ForAll ClientAuth clientAuth,
            @ForAll boolean clientHasCertificate) {
        List<NamedGroup> clientGroups = new ArrayList<>(List.of(clientFirst));
        for (NamedGroup g : NamedGroup.values()) {
            if (g != clientFirst) {
                clientGroups.add(g);
            }
        }
        TlsEngineConfig.Builder client = HandshakeTest.clientConfig().groups(clientGroups);
        if (clientHasCertificate) {
            client.credentials(TestPki.credentials("client-ecdsa"));
        }
        TlsEngineConfig server = HandshakeTest.serverConfig(cert).cipherSuites(List.of(suite))
                .groups(List.of(serverGroup)).clientAuth(clientAuth).sessionTicketKeys(KEYS).build();
        boolean expectFailure = clientAuth == ClientAuth.REQUIRED && !clientHasCertificate;
        Pipe first = new Pipe(TlsEngine.client(client.build(), "localhost", new byte[]{1}, null),
                TlsEngine.server(server, new byte[]{2}));
        try {
            first.run();
        } catch (io.quic4j.tls.TlsAlertException e) {
            assertThat(expectFailure).as(e.toString()).isTrue();
            assertThat(e.alert()).isEqualTo(io.quic4j.tls.TlsAlert.CERTIFICATE_REQUIRED);
            return;
        }
        assertThat(expectFailure).isFalse();
        HandshakeComplete done = events(first.clientEvents, HandshakeComplete.class).getFirst();
        assertThat(done.cipherSuite()).isEqualTo(suite);
        assertThat(done.group()).isEqualTo(serverGroup);
        assertThat(events(first.serverEvents, HandshakeComplete.class).getFirst().peerCertificates())
                .hasSize(clientAuth != ClientAuth.NONE && clientHasCertificate ? 1 : 0);
        assertSecretsMatch(first, EncryptionLevel.HANDSHAKE);
        assertSecretsMatch(first, EncryptionLevel.ONE_RTT);

        SessionTicket ticket = events(first.clientEvents, TlsEvent.NewSessionTicket.class).getFirst().ticket();
        Pipe second = new Pipe(TlsEngine.client(client.build(), "localhost", new byte[]{1}, ticket),
                TlsEngine.server(server, new byte[]{2}));
        second.run();
        assertThat(events(second.clientEvents, HandshakeComplete.class).getFirst().resumed()).isTrue();
        assertSecretsMatch(second, EncryptionLevel.ONE_RTT);
    }
}
