package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.FrameType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9000 §7.5 and §19.6: one crypto stream per encryption level. */
class CryptoStreamTest {
    private static final byte[] SOURCE = ReceiveBufferTest.pattern(100_000);

    private static CryptoFrame frame(int offset, int length) {
        return new CryptoFrame(offset, ByteBuffer.wrap(SOURCE, offset, length));
    }

    @Test
    void reassemblesHandshakeBytes() {
        CryptoStream cs = new CryptoStream();
        cs.receive(frame(500, 500));
        cs.receive(frame(0, 600));
        ByteBuffer dst = ByteBuffer.allocate(1000);
        assertThat(cs.read(dst)).isEqualTo(1000);
        assertThat(dst.array()).isEqualTo(java.util.Arrays.copyOf(SOURCE, 1000));
        assertThat(cs.readOffset()).isEqualTo(1000);
    }

    /** §7.5: "it MUST close the connection with a CRYPTO_BUFFER_EXCEEDED error code". */
    @Test
    void rejectsDataPastTheBufferWithCryptoBufferExceeded() {
        CryptoStream cs = new CryptoStream(4096);
        cs.receive(frame(4000, 96));
        assertThatThrownBy(() -> cs.receive(frame(4000, 97)))
                .isInstanceOfSatisfying(QuicTransportException.class, e -> {
                    assertThat(e.error()).isEqualTo(TransportError.CRYPTO_BUFFER_EXCEEDED);
                    assertThat(e.frameType()).isEqualTo(FrameType.CRYPTO);
                });
    }

    /** The bound moves with the read offset: it limits what is buffered, not the stream's length. */
    @Test
    void boundIsRelativeToTheReadOffset() {
        CryptoStream cs = new CryptoStream(4096);
        cs.receive(frame(0, 4096));
        cs.consume(4096);
        cs.receive(frame(4096, 4096));
        assertThat(cs.readableBytes()).isEqualTo(4096);
    }

    @Test
    void defaultBoundIs64KiB() {
        CryptoStream cs = new CryptoStream();
        cs.receive(frame(65_535, 1));
        assertThatThrownBy(() -> cs.receive(frame(65_536, 1))).isInstanceOf(QuicTransportException.class);
    }

    /** §7.5: "Implementations MUST support buffering at least 4096 bytes". */
    @Test
    void refusesABoundBelow4096() {
        assertThatThrownBy(() -> new CryptoStream(4095)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framesFitTheRoomGiven() {
        CryptoStream cs = new CryptoStream();
        cs.write(ByteBuffer.wrap(SOURCE, 0, 3000));
        CryptoFrame f = cs.nextFrame(1200);
        assertThat(f.encodedLength()).isLessThanOrEqualTo(1200).isGreaterThan(1190);
        assertThat(f.offset()).isZero();
        CryptoFrame g = cs.nextFrame(70);
        assertThat(g.offset()).isEqualTo(f.dataLength());
        assertThat(g.encodedLength()).isLessThanOrEqualTo(70);
        assertThat(cs.nextFrame(3)).isNull();
        for (int room = 4; room < 20_000; room += 997) {
            CryptoStream s = new CryptoStream();
            s.write(ByteBuffer.wrap(SOURCE, 0, 100_000));
            CryptoFrame h;
            while ((h = s.nextFrame(room)) != null) {
                assertThat(h.encodedLength()).isLessThanOrEqualTo(room);
            }
        }
    }

    @Test
    void retransmitsLostFramesUntilAcked() {
        CryptoStream cs = new CryptoStream();
        cs.write(ByteBuffer.wrap(SOURCE, 0, 2000));
        cs.write(null);
        CryptoFrame a = cs.nextFrame(1200);
        CryptoFrame b = cs.nextFrame(1200);
        assertThat(cs.hasDataToSend()).isFalse();
        cs.onLost(a);
        cs.onAcked(b);
        CryptoFrame again = cs.nextFrame(1200);
        assertThat(again.offset()).isZero();
        assertThat(again.data()).isEqualTo(a.data());
        assertThat(cs.isAllAcked()).isFalse();
        cs.onAcked(again);
        assertThat(cs.isAllAcked()).isTrue();
    }

    /** §13.3: CRYPTO data is discarded with its keys. */
    @Test
    void discardDropsBothDirections() {
        CryptoStream cs = new CryptoStream();
        cs.write(ByteBuffer.wrap(SOURCE, 0, 2000));
        cs.receive(frame(0, 100));
        cs.discard();
        assertThat(cs.nextFrame(1200)).isNull();
        assertThat(cs.readableBytes()).isZero();
        assertThat(cs.read(ByteBuffer.allocate(10))).isEqualTo(-1);
        cs.receive(frame(100, 100));
        assertThat(cs.peek()).isNull();
    }

    @Test
    void ourOwnOversizedHandshakeIsAnInternalError() {
        CryptoStream cs = new CryptoStream();
        assertThatThrownBy(() -> cs.write(ByteBuffer.allocate(CryptoStream.MAX_SEND_BUFFER + 1)))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.INTERNAL_ERROR));
    }
}
