package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.abuse.AttackHarness.Abuser;
import io.quic4j.transport.abuse.AttackHarness.Report;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.FrameType;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACK abuse (DESIGN.md §5): ACKs with thousands of ranges, ACKs of packets never sent, optimistic ACKs. The
 * defences: the decoder bounds the range count by the bytes left in the packet (each range takes at least 2
 * bytes, so memory and work per ACK follow the datagram's size), and {@code recovery.LossDetector} checks the
 * whole frame before changing anything: a packet number above the largest sent, or one deliberately skipped
 * (every 128 to 383 1-RTT packets), is PROTOCOL_VIOLATION (RFC 9000 §13.1, §21.4).
 */
class AckAbuseTest {

    private static void assertCutOff(Report r) {
        for (int i = 0; i < r.rounds(); i++) {
            CloseReason heard = r.abusersSaw().get(i);
            assertThat(heard).as("what abuser %d heard", i).isNotNull();
            assertThat(heard.kind()).isEqualTo(CloseReason.Kind.PEER);
            assertThat(heard.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
            assertThat(heard.frameType()).isEqualTo(FrameType.ACK);
            assertThat(r.serverRecorded().get(i).errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        }
    }

    @Test
    void ackWithThousandsOfRangesOfPacketsNeverSentIsAProtocolViolation() throws InterruptedException {
        // 5,000 ranges (every other packet number below 10,000) in one 10 KB datagram: decoding costs what the
        // datagram's bytes allow, and the frame is refused as a whole (RFC 9000 §13.1: "An endpoint SHOULD treat
        // receipt of an acknowledgment for a packet it did not send as a connection error of type
        // PROTOCOL_VIOLATION").
        Report r = new AttackHarness().attack("ACK with 5,000 ranges", 3, h -> {
            Abuser a = h.handshakenAbuser();
            long[] pairs = new long[2 * 5_000];
            for (int i = 0; i < 5_000; i++) {
                long pn = 10_000 - 2L * i;
                pairs[2 * i] = pn;
                pairs[2 * i + 1] = pn;
            }
            a.oneRtt(AckFrame.of(0, pairs));
            return List.of(a);
        });
        assertCutOff(r);
    }

    @Test
    void validAcksWithAThousandRangesAreProcessedThenANeverSentOneIsCutOff() throws InterruptedException {
        // The abuser has the server echo 2.5 MB back (about 2,200 packets), then re-acknowledges every other packet
        // it was sent, 1,000 ranges per ACK frame, 50 times: all of it legal (acknowledging again is allowed),
        // each processed in time linear in its ranges, nothing kept. Then one number past the largest sent.
        int[] ranges = new int[1];
        Report r = new AttackHarness().attack("ACKs with 1,000 valid ranges, then one never sent", 1, h -> {
            Abuser a = h.handshakenAbuser();
            Connection server = a.serverSide().orElseThrow();
            AbuseAccess.stopSkipping(server); // every number below is then sent, except one skipped before
            long skippedBefore = AbuseAccess.lastSkippedPacketNumber(server);
            long id = a.connection.openBidirectionalStream();
            ByteBuffer upload = ByteBuffer.allocate(2_500_000);
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            long[] echoed = new long[1];
            h.runUntil(() -> {
                if (upload.hasRemaining()) {
                    a.connection.write(id, upload, true);
                }
                for (int n; (n = a.connection.read(id, sink.clear())) > 0;) {
                    echoed[0] += n;
                }
                return echoed[0] == upload.capacity();
            }, "the 2.5 MB echo");
            long largest = AbuseAccess.largestSent(server);
            for (int i = 0; i < 50; i++) {
                long[] pairs = new long[2 * 1_000];
                int count = 0;
                long previous = Long.MAX_VALUE;
                for (long pn = largest - (i % 2); pn >= 0 && count < 1_000; pn--) {
                    if (previous - pn >= 2 && pn != skippedBefore) {
                        pairs[2 * count] = pn;
                        pairs[2 * count + 1] = pn;
                        count++;
                        previous = pn;
                    }
                }
                ranges[0] = Math.max(ranges[0], count);
                a.oneRtt(AckFrame.of(0, java.util.Arrays.copyOf(pairs, 2 * count)));
                h.step();
            }
            assertThat(a.cutOff()).as("cut off by valid ACKs: %s", server.closeReason()).isFalse();
            a.oneRtt(AckFrame.of(0, 0, AbuseAccess.largestSent(server) + 1));
            return List.of(a);
        });
        assertThat(ranges[0]).isEqualTo(1_000);
        assertCutOff(r);
    }

    @Test
    void ackOfAPacketNeverSentIsAProtocolViolation() throws InterruptedException {
        Report r = new AttackHarness().attack("ACK of a packet never sent", 3, h -> {
            Abuser a = h.handshakenAbuser();
            long next = AbuseAccess.largestSent(a.serverSide().orElseThrow()) + 1;
            a.oneRtt(AckFrame.of(0, 0, next));
            return List.of(a);
        });
        assertCutOff(r);
    }

    @Test
    void optimisticAckOfASkippedPacketNumberIsAProtocolViolation() throws InterruptedException {
        // RFC 9000 §21.4: "An endpoint that acknowledges packets it has not received might cause a congestion
        // controller to permit sending at rates beyond what the network supports. An endpoint MAY skip packet
        // numbers when sending packets to detect this behavior. An endpoint can then immediately close the
        // connection with a connection error of type PROTOCOL_VIOLATION".
        Report r = new AttackHarness().attack("optimistic ACK of a skipped packet number", 3, h -> {
            Abuser a = h.handshakenAbuser();
            Connection server = a.serverSide().orElseThrow();
            AbuseAccess.skipNextPacketNumber(server);
            long id = a.connection.openBidirectionalStream();
            a.connection.write(id, ByteBuffer.wrap(new byte[]{1, 2, 3}), true);
            h.runUntil(() -> AbuseAccess.lastSkippedPacketNumber(server) >= 0
                    && AbuseAccess.largestSent(server) > AbuseAccess.lastSkippedPacketNumber(server),
                    "the server to skip a packet number");
            long skipped = AbuseAccess.lastSkippedPacketNumber(server);
            // Acknowledge everything up to the largest sent, the skipped number included: what an optimistic
            // acknowledger that guesses would send.
            a.oneRtt(AckFrame.of(0, 0, AbuseAccess.largestSent(server)));
            assertThat(skipped).isPositive();
            return List.of(a);
        });
        assertCutOff(r);
    }

    @Test
    void theServerSkipsPacketNumbersOnItsOwn() throws InterruptedException {
        // The detection above needs skips to happen without a test forcing them: after 1,000 exchanges the
        // server's connection with the good client has skipped some (every 128 to 383 packets).
        AttackHarness h = new AttackHarness();
        h.runUntil(() -> h.goodExchanges() >= AttackHarness.EXCHANGES, "1,000 exchanges");
        assertThat(AbuseAccess.lastSkippedPacketNumber(h.goodServerSide())).isPositive();
    }
}
