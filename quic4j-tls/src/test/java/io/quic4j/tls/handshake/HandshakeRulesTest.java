package io.quic4j.tls.handshake;

import static io.quic4j.tls.handshake.HandshakeTest.CLIENT_TP_FOR_RULES;
import static io.quic4j.tls.handshake.HandshakeTest.assertAlert;
import static io.quic4j.tls.handshake.HandshakeTest.clientConfig;
import static io.quic4j.tls.handshake.HandshakeTest.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.message.AlpnExtension;
import io.quic4j.tls.message.CertificateMessage;
import io.quic4j.tls.message.ClientHello;
import io.quic4j.tls.message.EarlyDataExtension;
import io.quic4j.tls.message.EarlyDataTicketExtension;
import io.quic4j.tls.message.EncryptedExtensions;
import io.quic4j.tls.message.Extension;
import io.quic4j.tls.message.Extensions;
import io.quic4j.tls.message.Finished;
import io.quic4j.tls.message.HandshakeMessage;
import io.quic4j.tls.message.KeyShareClientHello;
import io.quic4j.tls.message.KeyShareEntry;
import io.quic4j.tls.message.KeyShareHelloRetryRequest;
import io.quic4j.tls.message.KeyUpdate;
import io.quic4j.tls.message.NewSessionTicket;
import io.quic4j.tls.message.PreSharedKeyClientHello;
import io.quic4j.tls.message.PskIdentity;
import io.quic4j.tls.message.PskKeyExchangeModesExtension;
import io.quic4j.tls.message.ServerHello;
import io.quic4j.tls.message.SignatureAlgorithmsExtension;
import io.quic4j.tls.message.SupportedGroupsExtension;
import io.quic4j.tls.message.SupportedVersionsClientHello;
import io.quic4j.tls.message.SupportedVersionsServerHello;
import io.quic4j.tls.message.TransportParametersExtension;
import io.quic4j.tls.testing.Pipe;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The rules RFC 8446 and RFC 9001 attach to each handshake message in context: a well-formed
 * message that is wrong for the state, the level or what was offered gets the alert the RFC names.
 */
class HandshakeRulesTest {
    private static final long NOW = 1_700_000_000_000L;

    // ---- helpers ----

    /** A client's real ClientHello, decoded. */
    private static ClientHello clientHello(TlsEngineConfig config) {
        TlsEngine client = TlsEngine.client(config, "localhost", CLIENT_TP_FOR_RULES, null);
        client.start(NOW);
        ByteBuffer out = client.pollOutput(EncryptionLevel.INITIAL);
        return (ClientHello) HandshakeMessage.decode(out.get(0), out.slice(4, out.remaining() - 4));
    }

    private static ClientHello withExtensions(ClientHello ch, UnaryOperator<List<Extension>> f) {
        return new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), ch.cipherSuites(),
                ch.legacyCompressionMethods(), new Extensions(f.apply(new ArrayList<>(ch.extensions().list()))));
    }

    private static List<Extension> without(List<Extension> list, Class<? extends Extension> type) {
        list.removeIf(type::isInstance);
        return list;
    }

    private static void serverRejects(HandshakeMessage m, TlsAlert alert) {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").build(), new byte[]{9});
        assertAlert(() -> server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(m.encode()), NOW), alert);
    }

    /** Splits a flight into its messages. */
    private static List<HandshakeMessage> split(byte[] flight) {
        List<HandshakeMessage> out = new ArrayList<>();
        for (int off = 0; off < flight.length;) {
            int len = ((flight[off + 1] & 0xff) << 16) | ((flight[off + 2] & 0xff) << 8) | (flight[off + 3] & 0xff);
            out.add(HandshakeMessage.decode(flight[off], ByteBuffer.wrap(flight, off + 4, len)));
            off += 4 + len;
        }
        return out;
    }

    /** Rewrites the first message of a server flight matching a predicate. */
    private static UnaryOperator<byte[]> rewrite(Predicate<HandshakeMessage> which,
            UnaryOperator<HandshakeMessage> f) {
        return flight -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (HandshakeMessage m : split(flight)) {
                out.writeBytes((which.test(m) ? f.apply(m) : m).encode());
            }
            return out.toByteArray();
        };
    }

    private static Pipe pipe(TlsEngineConfig.Builder client, TlsEngineConfig.Builder server) {
        return HandshakeTest.pipe(client.build(), server.build());
    }

    // ---- levels and states (RFC 8446 §5.1, RFC 9001 §4.1.3) ----

    @Test
    void rejectsHandshakeDataAtZeroRttWithUnexpectedMessage() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").build(), new byte[]{9});
        assertAlert(() -> server.receive(EncryptionLevel.ZERO_RTT, ByteBuffer.wrap(new byte[]{1, 0, 0, 0}), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    @Test
    void rejectsClientHelloAtHandshakeLevelWithUnexpectedMessage() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").build(), new byte[]{9});
        byte[] ch = clientHello(clientConfig().build()).encode();
        assertAlert(() -> server.receive(EncryptionLevel.HANDSHAKE, ByteBuffer.wrap(ch), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    @Test
    void rejectsFinishedBeforeClientHelloWithUnexpectedMessage() {
        serverRejects(new Finished(ByteBuffer.allocate(32)), TlsAlert.UNEXPECTED_MESSAGE);
    }

    @Test
    void rejectsMessageLongerThanTheLimitBeforeBufferingIt() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").maxHandshakeMessageSize(4096).build(),
                new byte[]{9});
        assertAlert(() -> server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(new byte[]{1, 0, 0x10, 1}), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    @Test
    void reassemblesClientHelloDeliveredByteByByte() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").build(), new byte[]{9});
        byte[] ch = clientHello(clientConfig().groups(List.of(NamedGroup.X25519)).build()).encode();
        for (byte b : ch) {
            server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(new byte[]{b}), NOW);
        }
        assertThat(server.pollOutput(EncryptionLevel.INITIAL)).isNotNull();
    }

    /** RFC 9001 §6: "Endpoints MUST treat the receipt of a TLS KeyUpdate message as a connection error". */
    @Test
    void rejectsKeyUpdateInQuicWithUnexpectedMessage() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.run();
        assertAlert(() -> p.client.receive(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(new KeyUpdate(0).encode()), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    /** RFC 9001 §8.3: "Clients MUST NOT send the EndOfEarlyData message" in QUIC. */
    @Test
    void rejectsEndOfEarlyDataInQuicWithUnexpectedMessage() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").build(), new byte[]{9});
        server.receive(EncryptionLevel.INITIAL,
                ByteBuffer.wrap(clientHello(clientConfig().groups(List.of(NamedGroup.X25519)).build()).encode()), NOW);
        assertAlert(() -> server.receive(EncryptionLevel.HANDSHAKE,
                ByteBuffer.wrap(new io.quic4j.tls.message.EndOfEarlyData().encode()), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    @Test
    void rejectsSecondClientHelloAfterCompletionWithUnexpectedMessage() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.run();
        byte[] ch = clientHello(clientConfig().build()).encode();
        assertAlert(() -> p.server.receive(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(ch), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    // ---- ClientHello rules on the server (RFC 8446 §4.1.2, §4.2, §9.2; RFC 9001 §8) ----

    @Test
    void rejectsCompressionOtherThanNullWithIllegalParameter() {
        ClientHello ch = clientHello(clientConfig().build());
        serverRejects(new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), ch.cipherSuites(),
                ByteBuffer.wrap(new byte[]{1, 0}), ch.extensions()), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsClientHelloWithoutTls13WithProtocolVersion() {
        serverRejects(withExtensions(clientHello(clientConfig().build()), l -> {
            without(l, SupportedVersionsClientHello.class);
            l.add(0, new SupportedVersionsClientHello(List.of(0x0303)));
            return l;
        }), TlsAlert.PROTOCOL_VERSION);
    }

    @Test
    void rejectsNonEmptySessionIdInQuicWithIllegalParameter() {
        ClientHello ch = clientHello(clientConfig().build());
        serverRejects(new ClientHello(ch.legacyVersion(), ch.random(), ByteBuffer.allocate(32), ch.cipherSuites(),
                ch.legacyCompressionMethods(), ch.extensions()), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsNoCommonCipherSuiteWithHandshakeFailure() {
        ClientHello ch = clientHello(clientConfig().build());
        serverRejects(new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), List.of(0x1304),
                ch.legacyCompressionMethods(), ch.extensions()), TlsAlert.HANDSHAKE_FAILURE);
    }

    @Test
    void rejectsNoCommonGroupWithHandshakeFailure() {
        serverRejects(withExtensions(clientHello(clientConfig().build()), l -> {
            without(l, SupportedGroupsExtension.class);
            without(l, KeyShareClientHello.class);
            l.add(0, new SupportedGroupsExtension(List.of(0x0018)));
            l.add(0, new KeyShareClientHello(List.of()));
            return l;
        }), TlsAlert.HANDSHAKE_FAILURE);
    }

    @Test
    void rejectsMissingKeyShareWithMissingExtension() {
        serverRejects(withExtensions(clientHello(clientConfig().build()), l -> without(l, KeyShareClientHello.class)),
                TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void rejectsKeyShareForUnlistedGroupWithIllegalParameter() {
        serverRejects(withExtensions(clientHello(clientConfig().build()), l -> {
            without(l, SupportedGroupsExtension.class);
            l.add(0, new SupportedGroupsExtension(List.of(0x0017)));
            return l;
        }), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsMissingSignatureAlgorithmsWithMissingExtension() {
        serverRejects(withExtensions(clientHello(clientConfig().build()),
                l -> without(l, SignatureAlgorithmsExtension.class)), TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void rejectsMissingAlpnInQuicWithNoApplicationProtocol() {
        serverRejects(withExtensions(clientHello(clientConfig().build()), l -> without(l, AlpnExtension.class)),
                TlsAlert.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void rejectsMissingTransportParametersWithMissingExtension() {
        serverRejects(withExtensions(clientHello(clientConfig().build()),
                l -> without(l, TransportParametersExtension.class)), TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void rejectsPreSharedKeyWithoutKeyExchangeModesWithMissingExtension() {
        serverRejects(withExtensions(clientHello(clientConfig().build()), l -> {
            without(l, PskKeyExchangeModesExtension.class);
            l.add(new PreSharedKeyClientHello(List.of(new PskIdentity(ByteBuffer.allocate(50), 0)),
                    List.of(ByteBuffer.allocate(32))));
            return l;
        }), TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void unknownTicketIsIgnoredAndTheHandshakeIsFull() {
        TlsEngine server = TlsEngine.server(
                serverConfig("server-ecdsa").sessionTicketKeys(io.quic4j.tls.SessionTicketKeys.generate()).build(),
                new byte[]{9});
        ClientHello ch = withExtensions(clientHello(clientConfig().groups(List.of(NamedGroup.X25519)).build()), l -> {
            l.add(new PreSharedKeyClientHello(List.of(new PskIdentity(ByteBuffer.allocate(50), 0)),
                    List.of(ByteBuffer.allocate(32))));
            return l;
        });
        server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(ch.encode()), NOW);
        ByteBuffer out = server.pollOutput(EncryptionLevel.INITIAL);
        ServerHello sh = (ServerHello) HandshakeMessage.decode(out.get(0), out.slice(4, out.remaining() - 4));
        assertThat(sh.extensions().has(41)).isFalse();
    }

    /** RFC 8446 §4.1.2: the second ClientHello must carry a share for the group the HRR named. */
    @Test
    void rejectsSecondClientHelloWithoutTheRequestedShareWithIllegalParameter() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").groups(List.of(NamedGroup.SECP256R1)).build(),
                new byte[]{9});
        ClientHello ch = clientHello(clientConfig().groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1)).build());
        server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(ch.encode()), NOW);
        assertThat(server.pollOutput(EncryptionLevel.INITIAL)).isNotNull(); // the HelloRetryRequest
        assertAlert(() -> server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(ch.encode()), NOW),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsEarlyDataInSecondClientHelloWithIllegalParameter() {
        TlsEngine server = TlsEngine.server(serverConfig("server-ecdsa").groups(List.of(NamedGroup.SECP256R1)).build(),
                new byte[]{9});
        ClientHello ch = clientHello(clientConfig().groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1)).build());
        server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(ch.encode()), NOW);
        ClientHello second = withExtensions(
                clientHello(clientConfig().groups(List.of(NamedGroup.SECP256R1)).build()), l -> {
                    l.add(new EarlyDataExtension());
                    return l;
                });
        assertAlert(() -> server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(second.encode()), NOW),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    // ---- ServerHello / HelloRetryRequest rules on the client (RFC 8446 §4.1.3, §4.1.4) ----

    private static ServerHello with(ServerHello sh, int suite, Extensions ext) {
        return new ServerHello(sh.legacyVersion(), sh.random(), sh.legacySessionIdEcho(), suite, 0, ext);
    }

    @Test
    void rejectsServerHelloWithSuiteNotOfferedWithIllegalParameter() {
        Pipe p = pipe(clientConfig().cipherSuites(List.of(io.quic4j.tls.CipherSuite.TLS_AES_128_GCM_SHA256)),
                serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof ServerHello, m -> {
            ServerHello sh = (ServerHello) m;
            return with(sh, 0x1302, sh.extensions());
        }));
        assertAlert(p::run, TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsServerHelloWithoutSupportedVersionsWithProtocolVersion() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof ServerHello, m -> {
            ServerHello sh = (ServerHello) m;
            List<Extension> ext = new ArrayList<>(sh.extensions().list());
            without(ext, SupportedVersionsServerHello.class);
            return with(sh, sh.cipherSuite(), new Extensions(ext));
        }));
        assertAlert(p::run, TlsAlert.PROTOCOL_VERSION);
    }

    @Test
    void rejectsUnsolicitedServerHelloExtensionWithUnsupportedExtension() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof ServerHello, m -> {
            ServerHello sh = (ServerHello) m;
            List<Extension> ext = new ArrayList<>(sh.extensions().list());
            ext.add(new io.quic4j.tls.message.UnknownExtension(0xfafa, ByteBuffer.allocate(0)));
            return with(sh, sh.cipherSuite(), new Extensions(ext));
        }));
        assertAlert(p::run, TlsAlert.UNSUPPORTED_EXTENSION);
    }

    @Test
    void rejectsHelloRetryRequestForGroupAlreadySentWithIllegalParameter() {
        TlsEngine client = TlsEngine.client(clientConfig().groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1))
                .build(), "localhost", CLIENT_TP_FOR_RULES, null);
        client.start(NOW);
        ServerHello hrr = new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, ByteBuffer.allocate(0),
                0x1301,
                0, Extensions.of(new SupportedVersionsServerHello(0x0304), new KeyShareHelloRetryRequest(0x1d)));
        assertAlert(() -> client.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(hrr.encode()), NOW),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsSecondHelloRetryRequestWithUnexpectedMessage() {
        TlsEngine client = TlsEngine.client(clientConfig().groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1))
                .build(), "localhost", CLIENT_TP_FOR_RULES, null);
        client.start(NOW);
        ServerHello hrr = new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, ByteBuffer.allocate(0),
                0x1301,
                0, Extensions.of(new SupportedVersionsServerHello(0x0304), new KeyShareHelloRetryRequest(0x17)));
        client.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(hrr.encode()), NOW);
        assertThat(client.pollOutput(EncryptionLevel.INITIAL)).isNotNull(); // the second ClientHello
        assertAlert(() -> client.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(hrr.encode()), NOW),
                TlsAlert.UNEXPECTED_MESSAGE);
    }

    /** RFC 8446 §4.2.2: the client echoes the HelloRetryRequest's cookie in its second ClientHello. */
    @Test
    void echoesHelloRetryRequestCookie() {
        TlsEngine client = TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP_FOR_RULES, null);
        client.start(NOW);
        client.pollOutput(EncryptionLevel.INITIAL);
        ServerHello hrr = new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, ByteBuffer.allocate(0),
                0x1301,
                0, Extensions.of(new SupportedVersionsServerHello(0x0304),
                        new io.quic4j.tls.message.CookieExtension(ByteBuffer.wrap(new byte[]{7, 7, 7}))));
        client.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(hrr.encode()), NOW);
        ByteBuffer out = client.pollOutput(EncryptionLevel.INITIAL);
        ClientHello second = (ClientHello) HandshakeMessage.decode(out.get(0), out.slice(4, out.remaining() - 4));
        assertThat(second.extensions().find(io.quic4j.tls.message.CookieExtension.class).cookie())
                .isEqualTo(ByteBuffer.wrap(new byte[]{7, 7, 7}));
    }

    /** RFC 8446 §4.1.4: a HelloRetryRequest that would not change the ClientHello is illegal_parameter. */
    @Test
    void rejectsHelloRetryRequestThatChangesNothingWithIllegalParameter() {
        TlsEngine client = TlsEngine.client(clientConfig().build(), "localhost", CLIENT_TP_FOR_RULES, null);
        client.start(NOW);
        ServerHello hrr = new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, ByteBuffer.allocate(0),
                0x1301,
                0, Extensions.of(new SupportedVersionsServerHello(0x0304)));
        assertAlert(() -> client.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(hrr.encode()), NOW),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsServerKeyShareForGroupNotSentWithIllegalParameter() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof ServerHello, m -> {
            ServerHello sh = (ServerHello) m;
            return with(sh, sh.cipherSuite(), Extensions.of(new SupportedVersionsServerHello(0x0304),
                    new io.quic4j.tls.message.KeyShareServerHello(new KeyShareEntry(0x17, ByteBuffer.allocate(65)))));
        }));
        assertAlert(p::run, TlsAlert.ILLEGAL_PARAMETER);
    }

    // ---- EncryptedExtensions, Certificate, Finished on the client ----

    private static UnaryOperator<byte[]> rewriteEncryptedExtensions(UnaryOperator<List<Extension>> f) {
        return rewrite(m -> m instanceof EncryptedExtensions, m -> new EncryptedExtensions(
                new Extensions(f.apply(new ArrayList<>(((EncryptedExtensions) m).extensions().list())))));
    }

    @Test
    void rejectsEncryptedExtensionsWithoutTransportParametersWithMissingExtension() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewriteEncryptedExtensions(l -> without(l, TransportParametersExtension.class)));
        assertAlert(p::run, TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void rejectsEncryptedExtensionsWithoutAlpnInQuicWithNoApplicationProtocol() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewriteEncryptedExtensions(l -> without(l, AlpnExtension.class)));
        assertAlert(p::run, TlsAlert.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void rejectsAlpnProtocolNotOfferedWithIllegalParameter() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewriteEncryptedExtensions(l -> {
            without(l, AlpnExtension.class);
            l.add(new AlpnExtension(List.of("h2")));
            return l;
        }));
        assertAlert(p::run, TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsUnsolicitedEarlyDataAcceptanceWithUnsupportedExtension() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewriteEncryptedExtensions(l -> {
            l.add(new EarlyDataExtension());
            return l;
        }));
        assertAlert(p::run, TlsAlert.UNSUPPORTED_EXTENSION);
    }

    /** RFC 8446 §4.4.2.4: an empty server Certificate is decode_error. */
    @Test
    void rejectsEmptyServerCertificateWithDecodeError() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof CertificateMessage,
                m -> new CertificateMessage(ByteBuffer.allocate(0), List.of())));
        assertAlert(p::run, TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsCorruptCertificateWithBadCertificate() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof CertificateMessage,
                m -> new CertificateMessage(ByteBuffer.allocate(0), List.of(
                        new io.quic4j.tls.message.CertificateEntry(ByteBuffer.wrap(new byte[]{0x30, 0}),
                                Extensions.NONE)))));
        assertAlert(p::run, TlsAlert.BAD_CERTIFICATE);
    }

    @Test
    void rejectsFinishedOfWrongLengthWithDecodeError() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToClient(rewrite(m -> m instanceof Finished, m -> new Finished(ByteBuffer.allocate(48))));
        assertAlert(p::run, TlsAlert.DECODE_ERROR);
    }

    /** RFC 9001 §4.6.1: in QUIC a ticket's max_early_data_size must be 0xffffffff. */
    @Test
    void rejectsTicketWithOtherEarlyDataLimitInQuicWithIllegalParameter() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.run();
        NewSessionTicket nst = new NewSessionTicket(60, 0, ByteBuffer.allocate(1), ByteBuffer.allocate(10),
                Extensions.of(new EarlyDataTicketExtension(16384)));
        assertAlert(() -> p.client.receive(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(nst.encode()), NOW),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsTamperedClientFinishedWithDecryptError() {
        Pipe p = pipe(clientConfig(), serverConfig("server-ecdsa"));
        p.mutateToServer(rewrite(m -> m instanceof Finished, m -> {
            byte[] v = new byte[32];
            ((Finished) m).verifyData().get(0, v);
            v[0] ^= 1;
            return new Finished(ByteBuffer.wrap(v));
        }));
        assertAlert(p::run, TlsAlert.DECRYPT_ERROR);
    }
}
