package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.abuse.AttackHarness.Abuser;
import io.quic4j.transport.abuse.AttackHarness.Report;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.FrameType;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CRYPTO frames at huge offsets, before and after the handshake. The defence is
 * {@code stream.CryptoStream}: data ending more than its buffer (64 KiB, at least the 4096 bytes RFC 9000 §7.5
 * requires) past what TLS has consumed is refused before anything is stored: "If an endpoint does not expand
 * its buffer, it MUST close the connection with a CRYPTO_BUFFER_EXCEEDED error code" (§7.5). After the
 * handshake, 1-RTT CRYPTO data goes through the same bound, and what reaches TLS in order is a post-handshake
 * message a client must not send in QUIC (RFC 9001 §6: no KeyUpdate), so TLS refuses it with an alert.
 */
class CryptoAbuseTest {
    static final long HUGE = 1L << 40;

    static CryptoFrame crypto(long offset, int length) {
        return new CryptoFrame(offset, ByteBuffer.allocate(length));
    }

    private static void assertCutOff(Report r, long code) {
        for (int i = 0; i < r.rounds(); i++) {
            CloseReason heard = r.abusersSaw().get(i);
            assertThat(heard).as("what abuser %d heard", i).isNotNull();
            assertThat(heard.kind()).isEqualTo(CloseReason.Kind.PEER);
            assertThat(heard.errorCode()).isEqualTo(code);
            if (code == TransportError.CRYPTO_BUFFER_EXCEEDED.code()) {
                assertThat(heard.frameType()).isEqualTo(FrameType.CRYPTO);
            }
            assertThat(r.serverRecorded().get(i).errorCode()).isEqualTo(code);
        }
    }

    @Test
    void initialCryptoAtAHugeOffsetDuringTheHandshakeIsACryptoBufferExceeded() throws InterruptedException {
        Report r = new AttackHarness().attack("Initial CRYPTO at offset 2^40", 3, h -> {
            Abuser a = h.newAbuser();
            h.runUntil(() -> a.serverSide().isPresent(), "the server to take the abuser's Initial");
            a.longHeader(PacketNumberSpace.INITIAL, crypto(HUGE, 100));
            return List.of(a);
        });
        assertCutOff(r, TransportError.CRYPTO_BUFFER_EXCEEDED.code());
    }

    @Test
    void initialCryptoJustPastTheBufferIsACryptoBufferExceeded() throws InterruptedException {
        // 64 KiB past the read offset: the smallest offset that is refused; nothing of it is stored.
        Report r = new AttackHarness().attack("Initial CRYPTO just past the 64 KiB buffer", 3, h -> {
            Abuser a = h.newAbuser();
            h.runUntil(() -> a.serverSide().isPresent(), "the server to take the abuser's Initial");
            a.longHeader(PacketNumberSpace.INITIAL, crypto(64 * 1024 + 2000, 1));
            return List.of(a);
        });
        assertCutOff(r, TransportError.CRYPTO_BUFFER_EXCEEDED.code());
    }

    @Test
    void cryptoDataEndingPast2To62IsACryptoBufferExceeded() throws InterruptedException {
        // RFC 9000 §19.6: "The largest offset delivered on a stream -- the sum of the offset and data length --
        // cannot exceed 2^62-1. Receipt of a frame that exceeds this limit MUST be treated as a connection error of
        // type FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED." The frame decoder (wire.frame.FrameCodec) chose
        // CRYPTO_BUFFER_EXCEEDED.
        Report r = new AttackHarness().attack("1-RTT CRYPTO at offset 2^62-1 with 1 byte", 3, h -> {
            Abuser a = h.handshakenAbuser();
            // type 0x06, offset 2^62-1 (an 8-byte varint of all ones), length 1, one byte
            ByteBuffer frame = ByteBuffer.allocate(11);
            frame.put((byte) 0x06).putLong(-1L).put((byte) 1).put((byte) 7).flip();
            a.oneRtt(frame);
            return List.of(a);
        });
        assertCutOff(r, TransportError.CRYPTO_BUFFER_EXCEEDED.code());
    }

    @Test
    void oneRttCryptoAtAHugeOffsetAfterTheHandshakeIsACryptoBufferExceeded() throws InterruptedException {
        Report r = new AttackHarness().attack("1-RTT CRYPTO at offset 2^40 after the handshake", 3, h -> {
            Abuser a = h.handshakenAbuser();
            a.oneRtt(crypto(HUGE, 100));
            return List.of(a);
        });
        assertCutOff(r, TransportError.CRYPTO_BUFFER_EXCEEDED.code());
    }

    @Test
    void oneRttCryptoFillingTheBufferOutOfOrderStaysBoundedAndInOrderDataIsACryptoError()
            throws InterruptedException {
        // Out-of-order 1-RTT CRYPTO within the bound is held (at most the 64 KiB buffer); the first in-order byte
        // hands TLS a post-handshake message from a client. A KeyUpdate (type 24) is forbidden in QUIC: RFC 9001
        // §6: "Endpoints MUST treat the receipt of a TLS KeyUpdate message as a connection error of type
        // 0x010a, equivalent to a fatal TLS alert of unexpected_message".
        Report r = new AttackHarness().attack("1-RTT CRYPTO, 60 KiB out of order then a KeyUpdate", 3, h -> {
            Abuser a = h.handshakenAbuser();
            for (int offset = 4; offset < 60 * 1024; offset += 1000) {
                a.oneRtt(crypto(offset, 1000));
                h.step();
                assertThat(a.cutOff()).as("cut off: %s", a.serverSide().flatMap(c -> c.closeReason())).isFalse();
            }
            ByteBuffer keyUpdate = ByteBuffer.wrap(new byte[]{24, 0, 0, 1});
            a.oneRtt(new CryptoFrame(0, keyUpdate));
            return List.of(a);
        });
        assertCutOff(r, 0x10a);
    }
}
