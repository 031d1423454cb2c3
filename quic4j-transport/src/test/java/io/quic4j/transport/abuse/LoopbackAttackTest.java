package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.abuse.LoopbackAttackHarness.Report;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport attacks of the simulator's tests ({@link PathChallengeAbuseTest}, {@link ConnectionIdAbuseTest},
 * {@link CryptoAbuseTest}, {@link StreamAbuseTest}, {@link AckAbuseTest}) that make sense over a real socket, run
 * against the real engine over loopback UDP ({@link LoopbackAttackHarness}: one {@code QuicServer} for all of
 * them). Each: every abuser hears CONNECTION_CLOSE with the RFC's code, the server's connection with it ends with
 * that code, a good client completes {@value LoopbackAttackHarness#EXCHANGES} exchanges meanwhile without a
 * failure, and the retained heap returns within 10%. The rules and the defences are explained where the
 * simulator's tests prove them; here they are checked through the engine's sockets, routing, drivers and timers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopbackAttackTest {
    private static final long MAX = (1L << 62) - 1;
    /** Far above any packet number the server could have sent an abuser in its short life. */
    private static final long NEVER_SENT = 1L << 30;
    private static LoopbackAttackHarness harness;

    @BeforeAll
    static void startServer() throws IOException {
        harness = new LoopbackAttackHarness();
    }

    @AfterAll
    static void stopServer() {
        if (harness != null) {
            harness.close();
        }
    }

    /**
     * Asserts every abuser heard CONNECTION_CLOSE with {@code error} from the server, and the server's connection
     * with it ended with that error.
     *
     * @param frameType the frame type the abuser must have been told, or -1 to not check it
     */
    private static void assertCutOff(Report r, TransportError error, long frameType) {
        assertThat(r.abusersSaw()).hasSize(r.rounds()).allSatisfy(saw -> {
            CloseReason heard = saw.orElseThrow();
            assertThat(heard.kind()).as("%s", heard).isEqualTo(CloseReason.Kind.PEER);
            assertThat(heard.application()).as("%s", heard).isFalse();
            assertThat(heard.errorCode()).as("%s", heard).isEqualTo(error.code());
            if (frameType >= 0) {
                assertThat(heard.frameType()).as("%s", heard).isEqualTo(frameType);
            }
        });
        assertThat(r.serverRecorded()).hasSize(r.rounds()).allSatisfy(recorded -> {
            assertThat(recorded).isNotNull();
            assertThat(recorded.initiator()).as("%s", recorded).isEqualTo(QuicCloseReason.Initiator.LOCAL);
            assertThat(recorded.application()).as("%s", recorded).isFalse();
            assertThat(recorded.errorCode()).as("%s", recorded).isEqualTo(error.code());
        });
    }

    private static ByteBuffer bytes(char c, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        return ByteBuffer.wrap(b);
    }

    @Test
    void pathChallengeFloodWithAStarvedWindowIsAProtocolViolation() throws Exception {
        // The abuser has the server echo an upload and lets through only every other full-size datagram of the
        // server's (the data; the small ones, ACKs and the CONNECTION_CLOSE, all pass, as the abuser cannot tell
        // which one will close it), until the server has declared some lost (its window starved by selective
        // acknowledgement), then sends 20 PATH_CHALLENGEs per packet, still starving it: over 256 answers dropped
        // unsent is PROTOCOL_VIOLATION (FrameHandler).
        long[] lost = {0};
        long[] leastWindow = {Long.MAX_VALUE};
        Report r = harness.attack("PATH_CHALLENGE flood, starved window", 3, a -> {
            long id = a.connection.openBidirectionalStream();
            ByteBuffer upload = ByteBuffer.allocate(100_000);
            long[] seen = {0};
            a.accepts = d -> d.remaining() < 1000 || seen[0]++ % 2 == 0;
            int[] steps = {0};
            a.runUntil(() -> {
                if (upload.hasRemaining()) {
                    a.connection.write(id, upload, true);
                }
                if (steps[0]++ % 8 != 0) {
                    return false;
                }
                Optional<QuicConnectionStats> s = a.serverStats();
                s.ifPresent(stats -> {
                    leastWindow[0] = Math.min(leastWindow[0], stats.congestionWindow());
                    lost[0] = Math.max(lost[0], stats.packetsLost());
                });
                return s.map(stats -> stats.packetsLost() > 0).orElse(false);
            }, "the server to declare datagrams to the abuser lost");
            long challenge = 0;
            for (int i = 0; i < 1_000 && a.heard().isEmpty(); i++) {
                if (a.connection.isOpen() && upload.hasRemaining()) {
                    a.connection.write(id, upload, true);
                }
                Frame[] frames = new Frame[20];
                for (int j = 0; j < frames.length; j++) {
                    frames[j] = new PathChallengeFrame(challenge++);
                }
                a.oneRtt(frames);
                a.step();
            }
        });
        System.out.printf("loopback PATH_CHALLENGE flood: the server had declared up to %d packets lost before it,"
                + " congestion window down to %d%n", lost[0], leastWindow[0]);
        assertThat(lost[0]).as("packets the server declared lost before the flood").isPositive();
        assertCutOff(r, TransportError.PROTOCOL_VIOLATION, FrameType.PATH_CHALLENGE);
    }

    @Test
    void moreActiveConnectionIdsThanOurLimitIsAConnectionIdLimitError() throws Exception {
        // RFC 9000 §5.1.1: more active connection IDs than our active_connection_id_limit: CONNECTION_ID_LIMIT_ERROR.
        // The abuser adds limit + 1 IDs, none retired, to those it has. Their sequence numbers start at 1000, past
        // those its connection issued itself after the handshake (from 1 up, already sent over the socket by the
        // time the handshake is confirmed, unlike in the simulator where they were still queued): reusing one for
        // another ID is a PROTOCOL_VIOLATION of its own (RFC 9000 §19.15).
        int limit = harness.serverConfig.activeConnectionIdLimit();
        Report r = harness.attack("NEW_CONNECTION_ID past active_connection_id_limit", 3, a -> {
            Frame[] frames = new Frame[limit + 1];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = ConnectionIdAbuseTest.newId(1_000 + i, 0);
            }
            a.oneRtt(frames);
        });
        assertCutOff(r, TransportError.CONNECTION_ID_LIMIT_ERROR, FrameType.NEW_CONNECTION_ID);
    }

    @Test
    void cryptoAtAHugeOffsetAfterTheHandshakeIsACryptoBufferExceeded() throws Exception {
        // RFC 9000 §7.5: CRYPTO data past what we buffer is CRYPTO_BUFFER_EXCEEDED.
        Report r = harness.attack("1-RTT CRYPTO at offset 2^40 after the handshake", 3,
                a -> a.oneRtt(CryptoAbuseTest.crypto(CryptoAbuseTest.HUGE, 100)));
        assertCutOff(r, TransportError.CRYPTO_BUFFER_EXCEEDED, FrameType.CRYPTO);
    }

    @Test
    void overlappingStreamFramesWithConflictingBytesAreAProtocolViolation() throws Exception {
        // RFC 9000 §2.2: different data at the same offset MAY be a PROTOCOL_VIOLATION; we check bytes still
        // buffered. Bytes 100..199 arrive out of order (so they stay buffered), a faithful repeat of 120..169 is
        // fine, then 150..249 with other bytes where they overlap.
        Report r = harness.attack("overlapping STREAM frames with conflicting bytes", 3, a -> {
            long id = a.connection.openBidirectionalStream();
            a.oneRttAndHearBack(new StreamFrame(id, 100, bytes('A', 100), false, true));
            assertThat(a.heard()).as("cut off by the first frame").isEmpty();
            a.oneRttAndHearBack(new StreamFrame(id, 120, bytes('A', 50), false, true));
            assertThat(a.heard()).as("cut off by a faithful repeat").isEmpty();
            a.oneRtt(new StreamFrame(id, 150, bytes('B', 100), false, true));
        });
        assertCutOff(r, TransportError.PROTOCOL_VIOLATION, -1);
    }

    @Test
    void ackOfAPacketNeverSentIsAProtocolViolation() throws Exception {
        // RFC 9000 §13.1: "An endpoint SHOULD treat receipt of an acknowledgment for a packet it did not send as a
        // connection error of type PROTOCOL_VIOLATION". The abuser cannot see the server's packet numbers over a
        // socket, so it acknowledges one no connection this short could have reached.
        Report r = harness.attack("ACK of a packet never sent", 3,
                a -> a.oneRtt(AckFrame.of(0, NEVER_SENT, NEVER_SENT)));
        assertCutOff(r, TransportError.PROTOCOL_VIOLATION, FrameType.ACK);
    }

    @Test
    void finAtOffset2To62MinusOneIsAFlowControlError() throws Exception {
        // An empty STREAM frame with FIN at 2^62-1 is well formed (RFC 9000 §19.8) but claims a final size far
        // past our limit: FLOW_CONTROL_ERROR (§4.1, §4.5).
        Report r = harness.attack("STREAM FIN at offset 2^62-1", 3, a -> {
            long id = a.connection.openBidirectionalStream();
            a.oneRtt(new StreamFrame(id, MAX, ByteBuffer.allocate(0), true, true));
        });
        assertCutOff(r, TransportError.FLOW_CONTROL_ERROR, -1);
    }
}
