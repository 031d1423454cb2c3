package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact encodings worked out by hand from the RFC 9000 §19 and RFC 9221 §4 layouts. */
class FrameEncodingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(Frame frame) {
        ByteBuffer out = ByteBuffer.allocate(frame.encodedLength());
        frame.encode(out);
        assertThat(out.hasRemaining()).isFalse();
        return HEX.formatHex(out.array());
    }

    private static Frame decode(String hex) {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(hex));
        Frame frame = FrameCodec.decode(in);
        assertThat(in.hasRemaining()).isFalse();
        return frame;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void encodesPingAndPaddingAndHandshakeDone() {
        assertThat(hex(PingFrame.INSTANCE)).isEqualTo("01");
        assertThat(hex(new PaddingFrame(3))).isEqualTo("000000");
        assertThat(hex(HandshakeDoneFrame.INSTANCE)).isEqualTo("1e");
    }

    /** Packets 8-10 and 3-5: Largest 10, First ACK Range 2, Gap 8-5-2 = 1, ACK Range Length 5-3 = 2. */
    @Test
    void encodesAckRangesAsGapsAndLengths() {
        AckFrame ack = AckFrame.of(25, 8, 10, 3, 5);
        assertThat(hex(ack)).isEqualTo("020a19" + "01" + "02" + "0102");
        assertThat(decode("020a1901020102")).isEqualTo(ack);

        AckFrame ecn = new AckFrame(25, AckRanges.of(8, 10, 3, 5), new EcnCounts(1, 2, 300));
        assertThat(hex(ecn)).isEqualTo("030a1901020102" + "0102" + "412c");
        assertThat(decode("030a19010201020102412c")).isEqualTo(ecn);
    }

    @Test
    void encodesStreamFlagsAndOptionalFields() {
        // OFF|LEN|FIN = 0x0f; stream 4; offset 256 as a 2-byte varint; length 3
        assertThat(hex(new StreamFrame(4, 256, ascii("abc"), true, true))).isEqualTo("0f" + "04" + "4100" + "03"
                + "616263");
        // offset 0 leaves out the Offset field; no LEN: data runs to the end
        assertThat(hex(new StreamFrame(0, 0, ascii("hi"), false, false))).isEqualTo("08006869");
        assertThat(decode("0c0001" + "6869")).isEqualTo(new StreamFrame(0, 1, ascii("hi"), false, false));
    }

    @Test
    void encodesCryptoNewTokenAndDatagram() {
        assertThat(hex(new CryptoFrame(0, ascii("hi")))).isEqualTo("0600026869");
        assertThat(hex(new NewTokenFrame(ascii("tok")))).isEqualTo("0703746f6b");
        assertThat(hex(new DatagramFrame(ascii("ab"), true))).isEqualTo("31026162");
        assertThat(hex(new DatagramFrame(ascii("ab"), false))).isEqualTo("306162");
    }

    @Test
    void encodesFlowControlAndStreamLimitFrames() {
        assertThat(hex(new MaxDataFrame(0x3fff))).isEqualTo("107fff");
        assertThat(hex(new MaxStreamDataFrame(1, 16384))).isEqualTo("110180004000");
        assertThat(hex(new MaxStreamsFrame(false, 100))).isEqualTo("134064");
        assertThat(hex(new MaxStreamsFrame(true, 1))).isEqualTo("1201");
        assertThat(hex(new StreamsBlockedFrame(false, 1))).isEqualTo("1701");
        assertThat(hex(new DataBlockedFrame(0))).isEqualTo("1400");
        assertThat(hex(new StreamDataBlockedFrame(8, 5))).isEqualTo("150805");
        assertThat(hex(new ResetStreamFrame(4, 0x10c, 7))).isEqualTo("0404410c07");
        assertThat(hex(new StopSendingFrame(4, 0x10c))).isEqualTo("0504410c");
    }

    @Test
    void encodesConnectionIdFrames() {
        NewConnectionIdFrame frame = new NewConnectionIdFrame(1, 0, ConnectionId.ofHex("0102030405060708"),
                StatelessResetToken.of(HEX.parseHex("000102030405060708090a0b0c0d0e0f")));
        assertThat(hex(frame)).isEqualTo("180100" + "08" + "0102030405060708" + "000102030405060708090a0b0c0d0e0f");
        assertThat(hex(new RetireConnectionIdFrame(2))).isEqualTo("1902");
        assertThat(hex(new PathChallengeFrame(0x0102030405060708L))).isEqualTo("1a0102030405060708");
        assertThat(hex(new PathResponseFrame(0x0102030405060708L))).isEqualTo("1b0102030405060708");
    }

    @Test
    void encodesBothConnectionCloseVariants() {
        ConnectionCloseFrame transport = ConnectionCloseFrame.transport(TransportError.FRAME_ENCODING_ERROR, 0x08,
                "bad");
        assertThat(hex(transport)).isEqualTo("1c" + "07" + "08" + "03" + "626164");
        ConnectionCloseFrame app = ConnectionCloseFrame.application(0x100, "x");
        assertThat(hex(app)).isEqualTo("1d" + "4100" + "01" + "78");
        assertThat(((ConnectionCloseFrame) decode("1d410001" + "78")).reason()).isEqualTo("x");
    }

    /**
     * RFC 9001 Appendix A.2: the client Initial's payload is one CRYPTO frame holding the ClientHello,
     * then PADDING to 1162 bytes, which decodes to exactly two frames.
     */
    @Test
    void decodesRfc9001ClientInitialPayload() {
        String cryptoFrame = "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
                + "04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578"
                + "616d706c652e636f6dff01000100000a00080006001d00170018001000070005"
                + "04616c706e000500050100000000003300260024001d00209370b2c9caa47fba"
                + "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400"
                + "0d0010000e0403050306030203080408050806002d00020101001c0002400100"
                + "3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000"
                + "75300901100f088394c8f03e51570806048000ffff";
        byte[] payload = new byte[1162];
        byte[] crypto = HEX.parseHex(cryptoFrame);
        System.arraycopy(crypto, 0, payload, 0, crypto.length);
        ByteBuffer in = ByteBuffer.wrap(payload);
        List<Frame> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            frames.add(FrameCodec.decode(in));
        }
        assertThat(frames).hasSize(2);
        CryptoFrame hello = (CryptoFrame) frames.get(0);
        assertThat(hello.offset()).isZero();
        assertThat(hello.dataLength()).isEqualTo(0xf1);
        assertThat(hello.data().get(0)).as("ClientHello handshake type").isEqualTo((byte) 1);
        assertThat(frames.get(1)).isEqualTo(new PaddingFrame(1162 - crypto.length));
        assertThat(hex(hello)).isEqualTo(cryptoFrame);
    }
}
