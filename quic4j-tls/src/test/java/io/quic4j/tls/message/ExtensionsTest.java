package io.quic4j.tls.message;

import static io.quic4j.tls.message.HandshakeMessageTest.assertAlert;
import static io.quic4j.tls.message.Samples.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.TlsAlert;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Extension codecs (RFC 8446 §4.2, RFC 6066 §3, RFC 7301 §3.1): one test per malformed-input rule. */
class ExtensionsTest {

    /** Decodes a ClientHello extension block holding one extension of the given type and body. */
    private static Extensions one(MessageContext ctx, int type, Consumer<TlsWriter> data) {
        ByteBuffer d = body(data);
        return Extensions.decode(new TlsReader(body(w -> {
            int block = w.beginVector(2);
            w.u16(type);
            w.vector(2, d);
            w.endVector(block, 2);
        })), ctx);
    }

    private static void rejects(int type, Consumer<TlsWriter> data, TlsAlert alert) {
        assertAlert(() -> one(MessageContext.CLIENT_HELLO, type, data), alert);
    }

    @Test
    void rejectsServerNameListEmptyWithDecodeError() {
        rejects(ExtensionType.SERVER_NAME, w -> w.u16(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsTwoHostNamesWithIllegalParameter() {
        rejects(ExtensionType.SERVER_NAME, w -> w.u16(8).u8(0).u16(1).u8('a').u8(0).u16(1).u8('b'),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsNonAsciiHostNameWithIllegalParameter() {
        rejects(ExtensionType.SERVER_NAME, w -> w.u16(4).u8(0).u16(1).u8(0xc3), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void acceptsEmptyServerNameAcknowledgementInEncryptedExtensions() {
        assertThat(one(MessageContext.ENCRYPTED_EXTENSIONS, ExtensionType.SERVER_NAME, w -> {
        }).find(ServerNameExtension.class)).isEqualTo(new ServerNameExtension(null));
    }

    @Test
    void rejectsEmptyAlpnListWithDecodeError() {
        rejects(ExtensionType.ALPN, w -> w.u16(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptyAlpnProtocolNameWithDecodeError() {
        rejects(ExtensionType.ALPN, w -> w.u16(2).u8(0).u8(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsSupportedVersionsOfOddLengthWithDecodeError() {
        rejects(ExtensionType.SUPPORTED_VERSIONS, w -> w.u8(3).u16(0x0304).u8(3), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptySupportedVersionsWithDecodeError() {
        rejects(ExtensionType.SUPPORTED_VERSIONS, w -> w.u8(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptySupportedGroupsWithDecodeError() {
        rejects(ExtensionType.SUPPORTED_GROUPS, w -> w.u16(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsTwoKeySharesForOneGroupWithIllegalParameter() {
        rejects(ExtensionType.KEY_SHARE, w -> w.u16(10).u16(0x1d).u16(1).u8(1).u16(0x1d).u16(1).u8(2),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsKeyShareEntryOverrunWithDecodeError() {
        rejects(ExtensionType.KEY_SHARE, w -> w.u16(6).u16(0x1d).u16(32).u16(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsSignatureAlgorithmsOfOddLengthWithDecodeError() {
        rejects(ExtensionType.SIGNATURE_ALGORITHMS, w -> w.u16(3).u16(0x0403).u8(1), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptySignatureAlgorithmsCertWithDecodeError() {
        rejects(ExtensionType.SIGNATURE_ALGORITHMS_CERT, w -> w.u16(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptyPskKeyExchangeModesWithDecodeError() {
        rejects(ExtensionType.PSK_KEY_EXCHANGE_MODES, w -> w.u8(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsBinderCountNotMatchingIdentitiesWithIllegalParameter() {
        rejects(ExtensionType.PRE_SHARED_KEY, w -> {
            w.u16(2 * 7).u16(1).u8(1).u32(0).u16(1).u8(2).u32(0);
            w.u16(33).u8(32).bytes(new byte[32]);
        }, TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsBinderShorterThan32BytesWithDecodeError() {
        rejects(ExtensionType.PRE_SHARED_KEY, w -> {
            w.u16(7).u16(1).u8(1).u32(0);
            w.u16(33).u8(31).bytes(new byte[32]);
        }, TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptyPskIdentityWithDecodeError() {
        rejects(ExtensionType.PRE_SHARED_KEY, w -> {
            w.u16(7).u16(0).u32(0).u8(0);
            w.u16(33).u8(32).bytes(new byte[32]);
        }, TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEmptyCookieWithDecodeError() {
        rejects(ExtensionType.COOKIE, w -> w.u16(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsEarlyDataIndicationWithBodyWithDecodeError() {
        rejects(ExtensionType.EARLY_DATA, w -> w.u8(0), TlsAlert.DECODE_ERROR);
    }

    @Test
    void rejectsExtensionTypeTruncatedInsideBlockWithDecodeError() {
        assertAlert(() -> Extensions.decode(new TlsReader(body(w -> w.u16(1).u8(0))), MessageContext.CLIENT_HELLO),
                TlsAlert.DECODE_ERROR);
    }

    @Test
    void transportParametersAreOpaque() {
        Extensions e = one(MessageContext.ENCRYPTED_EXTENSIONS, ExtensionType.QUIC_TRANSPORT_PARAMETERS,
                w -> w.u8(0xff).u8(0));
        assertThat(e.find(TransportParametersExtension.class).parameters())
                .isEqualTo(ByteBuffer.wrap(new byte[]{(byte) 0xff, 0}));
    }

    @Test
    void encodesBlockWithTypeAndLengthPerExtension() {
        TlsWriter w = new TlsWriter();
        Extensions.of(new SupportedVersionsServerHello(0x0304), new PreSharedKeyServerHello(2)).encode(w);
        assertThat(java.util.HexFormat.of().formatHex(w.toByteArray()))
                .isEqualTo("000c" + "002b00020304" + "002900020002");
        assertThat(Extensions.decode(new TlsReader(w.toBuffer()), MessageContext.SERVER_HELLO).list())
                .isEqualTo(List.of(new SupportedVersionsServerHello(0x0304), new PreSharedKeyServerHello(2)));
    }
}
