package io.quic4j.tls.message;

import static io.quic4j.tls.message.Samples.body;
import static io.quic4j.tls.message.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Handshake message codecs (RFC 8446 §4): round trips and one test per malformed-input rule. */
class HandshakeMessageTest {

    static List<HandshakeMessage> samples() {
        return Samples.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsEveryMessageType(HandshakeMessage m) {
        byte[] encoded = m.encode();
        assertThat(encoded.length - 4).isEqualTo(((encoded[1] & 0xff) << 16) | ((encoded[2] & 0xff) << 8)
                | (encoded[3] & 0xff));
        assertThat(Samples.decode(encoded)).isEqualTo(m);
    }

    /** Every proper prefix of every message body is rejected with decode_error, never another exception. */
    @ParameterizedTest
    @MethodSource("samples")
    void rejectsEveryTruncationWithDecodeError(HandshakeMessage m) {
        byte[] encoded = m.encode();
        int bodyLength = encoded.length - 4;
        for (int cut = 0; cut < bodyLength; cut++) {
            if (m instanceof Finished && cut >= 32) {
                continue; // Finished takes 32+ bytes; the handshake checks the exact hash length
            }
            ByteBuffer truncated = ByteBuffer.wrap(encoded, 4, cut);
            int c = cut;
            assertThatThrownBy(() -> HandshakeMessage.decode(encoded[0], truncated))
                    .as("%s cut at %d", m.getClass().getSimpleName(), c)
                    .isInstanceOfSatisfying(TlsAlertException.class, e -> assertThat(e.alert())
                            .isIn(TlsAlert.DECODE_ERROR, TlsAlert.PROTOCOL_VERSION, TlsAlert.MISSING_EXTENSION));
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void rejectsTrailingBytesWithDecodeError(HandshakeMessage m) {
        if (m instanceof Finished) {
            return; // no length of its own: extra bytes are a wrong-length verify_data, checked by the handshake
        }
        byte[] encoded = m.encode();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertAlert(() -> HandshakeMessage.decode(longer[0], ByteBuffer.wrap(longer, 4, longer.length - 4)),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsUnknownHandshakeTypeWithUnexpectedMessage() {
        assertAlert(() -> HandshakeMessage.decode(3, ByteBuffer.allocate(0)), TlsAlert.UNEXPECTED_MESSAGE);
        assertAlert(() -> HandshakeMessage.decode(254, ByteBuffer.allocate(0)), TlsAlert.UNEXPECTED_MESSAGE);
    }

    // ---- ClientHello (RFC 8446 §4.1.2) ----

    /** The ClientHello in the CRYPTO frame of RFC 9001 Appendix A.2 (a real QUIC client's). */
    private static final String RFC9001_CLIENT_HELLO = "010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
            + "04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578"
            + "616d706c652e636f6dff01000100000a00080006001d00170018001000070005"
            + "04616c706e000500050100000000003300260024001d00209370b2c9caa47fba"
            + "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400"
            + "0d0010000e0403050306030203080408050806002d00020101001c0002400100"
            + "3900320408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901100f088394c8f03e51570806"
            + "048000ffff";

    @Test
    void decodesRfc9001AppendixA2ClientHello() {
        byte[] encoded = java.util.HexFormat.of().parseHex(RFC9001_CLIENT_HELLO);
        ClientHello ch = (ClientHello) Samples.decode(encoded);
        assertThat(ch.cipherSuites()).containsExactly(0x1301, 0x1302);
        assertThat(ch.legacySessionId().remaining()).isZero();
        assertThat(ch.extensions().find(ServerNameExtension.class).hostName()).isEqualTo("example.com");
        assertThat(ch.extensions().find(AlpnExtension.class).protocols()).containsExactly("alpn");
        assertThat(ch.extensions().find(KeyShareClientHello.class).shares()).singleElement()
                .satisfies(e -> assertThat(e.group()).isEqualTo(0x1d));
        assertThat(ch.extensions().find(SupportedVersionsClientHello.class).versions()).containsExactly(0x0304);
        assertThat(ch.extensions().find(TransportParametersExtension.class).parameters().remaining()).isEqualTo(50);
        assertThat(ch.encode()).isEqualTo(encoded); // unknown extensions (renegotiation_info, ...) survive re-encoding
    }

    private static ByteBuffer clientHelloBody(Consumer<TlsWriter> sessionId, Consumer<TlsWriter> suites,
            Consumer<TlsWriter> compression, Consumer<TlsWriter> extensions) {
        return body(w -> {
            w.u16(0x0303);
            w.bytes(new byte[32]);
            sessionId.accept(w);
            suites.accept(w);
            compression.accept(w);
            extensions.accept(w);
        });
    }

    private static final Consumer<TlsWriter> EMPTY_SESSION = w -> w.u8(0);
    private static final Consumer<TlsWriter> ONE_SUITE = w -> w.u16(2).u16(0x1301);
    private static final Consumer<TlsWriter> NULL_COMPRESSION = w -> w.u8(1).u8(0);
    private static final Consumer<TlsWriter> VERSIONS = w -> w.u16(7).u16(43).u16(3).u8(2).u16(0x0304);

    @Test
    void rejectsClientHelloSessionIdLongerThan32WithDecodeError() {
        assertAlert(() -> ClientHello.decode(new TlsReader(clientHelloBody(w -> w.u8(33).bytes(new byte[33]), ONE_SUITE,
                NULL_COMPRESSION, VERSIONS))), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsClientHelloCipherSuitesOfOddLengthWithDecodeError() {
        assertAlert(
                () -> ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, w -> w.u16(3).u16(0x1301).u8(0),
                        NULL_COMPRESSION, VERSIONS))),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsClientHelloWithoutCipherSuitesWithDecodeError() {
        assertAlert(() -> ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, w -> w.u16(0),
                NULL_COMPRESSION, VERSIONS))), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsClientHelloWithoutCompressionMethodsWithDecodeError() {
        assertAlert(() -> ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, ONE_SUITE, w -> w.u8(0),
                VERSIONS))), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsClientHelloWithoutExtensionsWithProtocolVersion() {
        assertAlert(() -> ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, ONE_SUITE, NULL_COMPRESSION,
                w -> {
                }))), TlsAlert.PROTOCOL_VERSION);
    }

    @Test
    void rejectsExtensionsBlockLongerThanMessageWithDecodeError() {
        assertAlert(() -> ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, ONE_SUITE, NULL_COMPRESSION,
                w -> w.u16(20).u16(43).u16(3).u8(2).u16(0x0304)))), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsPreSharedKeyThatIsNotLastWithIllegalParameter() {
        ClientHello ch = Samples.clientHello();
        List<Extension> ext = new java.util.ArrayList<>(ch.extensions().list());
        Extension psk = ext.removeLast();
        ext.add(0, psk);
        byte[] encoded = new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), ch.cipherSuites(),
                ch.legacyCompressionMethods(), new Extensions(ext)).encode();
        assertAlert(() -> Samples.decode(encoded), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsDuplicateExtensionWithIllegalParameter() {
        assertAlert(() -> ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, ONE_SUITE, NULL_COMPRESSION,
                w -> w.u16(14).u16(43).u16(3).u8(2).u16(0x0304).u16(43).u16(3).u8(2).u16(0x0304)))),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void keepsUnknownClientHelloExtensions() {
        ClientHello ch = ClientHello.decode(new TlsReader(clientHelloBody(EMPTY_SESSION, ONE_SUITE, NULL_COMPRESSION,
                w -> w.u16(11).u16(43).u16(3).u8(2).u16(0x0304).u16(0xfafa).u16(0))));
        assertThat(ch.extensions().list().getLast()).isEqualTo(new UnknownExtension(0xfafa, ByteBuffer.allocate(0)));
    }

    // ---- ServerHello / HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4) ----

    private static ByteBuffer serverHelloBody(ByteBuffer random, Consumer<TlsWriter> extensions) {
        return body(w -> {
            w.u16(0x0303);
            w.bytes(random);
            w.u8(0);
            w.u16(0x1301);
            w.u8(0);
            extensions.accept(w);
        });
    }

    @Test
    void rejectsExtensionNotAllowedInServerHelloWithIllegalParameter() {
        // ALPN (16) belongs in EncryptedExtensions, not ServerHello
        assertAlert(() -> ServerHello.decode(new TlsReader(serverHelloBody(bytes(32, 1),
                w -> w.u16(9).u16(16).u16(5).u16(3).u8(2).u16(0x6833)))), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsPreSharedKeyInHelloRetryRequestWithIllegalParameter() {
        assertAlert(() -> ServerHello.decode(new TlsReader(serverHelloBody(ServerHello.HELLO_RETRY_REQUEST_RANDOM,
                w -> w.u16(6).u16(41).u16(2).u16(0)))), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsServerKeyShareWithEmptyKeyExchangeWithDecodeError() {
        assertAlert(() -> ServerHello.decode(new TlsReader(serverHelloBody(bytes(32, 1),
                w -> w.u16(8).u16(51).u16(4).u16(0x1d).u16(0)))), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsSelectedVersionWithExtraBytesWithDecodeError() {
        assertAlert(() -> ServerHello.decode(new TlsReader(serverHelloBody(bytes(32, 1),
                w -> w.u16(7).u16(43).u16(3).u16(0x0304).u8(0)))), TlsAlert.DECODE_ERROR);
    }

    @Test
    void recognisesHelloRetryRequestByItsRandom() {
        assertThat(((ServerHello) Samples.decode(Samples.helloRetryRequest().encode())).isHelloRetryRequest()).isTrue();
        assertThat(((ServerHello) Samples.decode(Samples.serverHello().encode())).isHelloRetryRequest()).isFalse();
    }

    // ---- EncryptedExtensions (RFC 8446 §4.3.1) ----

    @Test
    void rejectsKeyShareInEncryptedExtensionsWithIllegalParameter() {
        assertAlert(() -> EncryptedExtensions.decode(new TlsReader(body(w -> w.u16(6).u16(51).u16(2).u16(0x1d)))),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsServerAlpnWithTwoProtocolsWithDecodeError() {
        assertAlert(() -> EncryptedExtensions
                .decode(new TlsReader(body(w -> w.u16(12).u16(16).u16(8).u16(6).u8(2).u16(0x6833).u8(2).u16(0x6832)))),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsExtensionDataOverrunningBlockWithDecodeError() {
        assertAlert(() -> EncryptedExtensions.decode(new TlsReader(body(w -> w.u16(4).u16(0x39).u16(10)))),
                TlsAlert.DECODE_ERROR);
    }

    // ---- CertificateRequest (RFC 8446 §4.3.2) ----

    @Test
    void rejectsCertificateRequestWithoutSignatureAlgorithmsWithMissingExtension() {
        assertAlert(() -> CertificateRequest.decode(new TlsReader(body(w -> w.u8(0).u16(0)))),
                TlsAlert.MISSING_EXTENSION);
    }

    @Test
    void rejectsCertificateRequestContextOverrunWithDecodeError() {
        assertAlert(() -> CertificateRequest.decode(new TlsReader(body(w -> w.u8(5).u16(0)))), TlsAlert.DECODE_ERROR);
    }

    // ---- Certificate (RFC 8446 §4.4.2) ----

    @Test
    void rejectsEmptyCertData() {
        assertAlert(() -> CertificateMessage.decode(new TlsReader(body(w -> w.u8(0).u24(5).u24(0).u16(0)))),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsCertificateListLengthBeyondMessageWithDecodeError() {
        assertAlert(() -> CertificateMessage.decode(new TlsReader(body(w -> w.u8(0).u24(100).u24(1).u8(0x30).u16(0)))),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsCertificateEntryExtensionThatIsKnownElsewhereWithIllegalParameter() {
        // key_share is a known extension that RFC 8446 §4.2 does not allow in a CertificateEntry
        assertAlert(() -> CertificateMessage
                .decode(new TlsReader(body(w -> w.u8(0).u24(10).u24(1).u8(0x30).u16(4).u16(51).u16(0)))),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    // ---- CertificateVerify (RFC 8446 §4.4.3) ----

    @Test
    void rejectsEmptySignatureWithDecodeError() {
        assertAlert(() -> CertificateVerify.decode(new TlsReader(body(w -> w.u16(0x0403).u16(0)))),
                TlsAlert.DECODE_ERROR);
    }

    // ---- NewSessionTicket (RFC 8446 §4.6.1) ----

    @Test
    void rejectsTicketLifetimeOverSevenDaysWithIllegalParameter() {
        assertAlert(() -> NewSessionTicket
                .decode(new TlsReader(body(w -> w.u32(604801).u32(0).u8(0).u16(1).u8(1).u16(0)))),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsEmptyTicketWithDecodeError() {
        assertAlert(() -> NewSessionTicket.decode(new TlsReader(body(w -> w.u32(60).u32(0).u8(0).u16(0).u16(0)))),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsTicketEarlyDataOfWrongLengthWithDecodeError() {
        assertAlert(() -> NewSessionTicket
                .decode(new TlsReader(body(w -> w.u32(60).u32(0).u8(0).u16(1).u8(1).u16(6).u16(42).u16(2).u16(0)))),
                TlsAlert.DECODE_ERROR);
    }

    // ---- EndOfEarlyData, KeyUpdate (RFC 8446 §4.5, §4.6.3) ----

    @Test
    void rejectsEndOfEarlyDataWithBodyWithDecodeError() {
        assertAlert(() -> HandshakeMessage.decode(HandshakeType.END_OF_EARLY_DATA, ByteBuffer.wrap(new byte[]{0})),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsKeyUpdateRequestValueAboveOneWithIllegalParameter() {
        assertAlert(() -> HandshakeMessage.decode(HandshakeType.KEY_UPDATE, ByteBuffer.wrap(new byte[]{2})),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    // ---- properties ----

    @Provide
    Arbitrary<Integer> messageTypes() {
        return Arbitraries.of(1, 2, 4, 5, 8, 11, 13, 15, 20, 24);
    }

    @Property
    void decodingRandomBytesThrowsOnlyAlerts(@ForAll("messageTypes") int type, @ForAll @Size(max = 300) byte[] body) {
        try {
            HandshakeMessage m = HandshakeMessage.decode(type, ByteBuffer.wrap(body));
            assertThat(Samples.decode(m.encode())).isEqualTo(m); // whatever decodes re-encodes identically
        } catch (TlsAlertException e) {
            assertThat(e.alert()).isNotNull();
        }
    }

    /** Mutating one byte of a valid message either decodes or fails with an alert. */
    @Property
    void mutatedMessagesThrowOnlyAlerts(@ForAll @IntRange(min = 0, max = 10) int which,
            @ForAll @IntRange(min = 0, max = 5000) int position, @ForAll byte value) {
        byte[] encoded = Samples.all().get(which).encode();
        if (encoded.length == 4) {
            return; // EndOfEarlyData has no body to mutate
        }
        int p = 4 + position % (encoded.length - 4);
        encoded[p] = value;
        try {
            HandshakeMessage m = Samples.decode(encoded);
            assertThat(Samples.decode(m.encode())).isEqualTo(m); // whatever decodes re-encodes to the same value
        } catch (TlsAlertException e) {
            assertThat(e.alert()).isNotNull();
        }
    }

    @Provide
    Arbitrary<List<Integer>> suiteLists() {
        return Arbitraries.integers().between(0, 0xffff).list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<String>> alpnLists() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).list().ofMaxSize(5);
    }

    @Property
    void roundTripsRandomClientHellos(@ForAll @Size(max = 32) byte[] sessionId,
            @ForAll("suiteLists") List<Integer> suites, @ForAll("alpnLists") List<String> alpn,
            @ForAll byte[] transportParameters) {
        List<String> protocols = alpn.stream().distinct().toList();
        List<Extension> ext = new java.util.ArrayList<>(List.of(new SupportedVersionsClientHello(List.of(0x0304))));
        if (!protocols.isEmpty()) {
            ext.add(new AlpnExtension(protocols));
        }
        ext.add(new TransportParametersExtension(ByteBuffer.wrap(transportParameters)));
        ClientHello ch = new ClientHello(0x0303, bytes(32, 1), ByteBuffer.wrap(sessionId), suites, bytes(1, 0),
                new Extensions(ext));
        assertThat(Samples.decode(ch.encode())).isEqualTo(ch);
    }

    @Property
    void roundTripsRandomNewSessionTickets(@ForAll @IntRange(min = 0, max = 604800) int lifetime,
            @ForAll @IntRange(min = 0) int ageAdd, @ForAll @Size(max = 255) byte[] nonce,
            @ForAll @Size(min = 1, max = 2000) byte[] ticket) {
        NewSessionTicket nst = new NewSessionTicket(lifetime, ageAdd, ByteBuffer.wrap(nonce), ByteBuffer.wrap(ticket),
                Extensions.NONE);
        assertThat(Samples.decode(nst.encode())).isEqualTo(nst);
    }

    @Property
    void roundTripsRandomCertificateMessages(@ForAll @Size(max = 5) List<@Size(min = 1, max = 3000) byte[]> certs,
            @ForAll @Size(max = 255) byte[] context) {
        CertificateMessage m = new CertificateMessage(ByteBuffer.wrap(context), certs.stream()
                .map(c -> new CertificateEntry(ByteBuffer.wrap(c), Extensions.NONE)).toList());
        assertThat(Samples.decode(m.encode())).isEqualTo(m);
    }

    static void assertAlert(Runnable r, TlsAlert alert) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TlsAlertException.class,
                e -> assertThat(e.alert()).as(e.getMessage()).isEqualTo(alert));
    }
}
