package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.abuse.AttackHarness.Abuser;
import io.quic4j.transport.abuse.AttackHarness.Report;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PATH_CHALLENGE floods while the abuser starves our congestion window by acknowledging selectively (it lets
 * through only every other datagram of a download it asked for, so the server keeps declaring loss). The
 * defence is in {@code connection.ControlFrames}: PATH_RESPONSEs owed on the current path are kept apart from
 * the other control frames, at most 4, the oldest dropped (RFC 9000 §8.2.2, §13.3: PATH_RESPONSE is never
 * repeated, the peer challenges again if it cares), so the queue never grows; and {@code FrameHandler} closes a
 * peer whose challenges keep outrunning our answers (over 256 dropped) with PROTOCOL_VIOLATION, as RFC 9000
 * §21.9 allows for "excessive quantities of any non-productive packets".
 */
class PathChallengeAbuseTest {

    @Test
    void challengeFloodWithAStarvedWindowKeepsTheQueueBoundedAndIsCutOff() throws InterruptedException {
        int[] maxPending = new int[1];
        int[] maxQueued = new int[1];
        long[] initialWindow = {Long.MAX_VALUE};
        long[] leastWindow = {Long.MAX_VALUE};
        long[] available = {Long.MAX_VALUE};
        Report r = new AttackHarness().attack("PATH_CHALLENGE flood, starved window", 3, h -> {
            Abuser a = h.handshakenAbuser();
            Connection server = a.serverSide().orElseThrow();
            long id = a.connection.openBidirectionalStream();
            ByteBuffer upload = ByteBuffer.allocate(200_000);
            int[] seen = new int[1];
            // Selective: every other datagram of the server's is lost, until the server cuts the abuser off (then
            // it listens, to hear the code).
            a.accepts = d -> a.cutOff() || seen[0]++ % 2 == 0;
            long challenge = 0;
            initialWindow[0] = Math.min(initialWindow[0], server.stats().congestionWindow());
            for (int i = 0; i < 1_000 && !a.cutOff(); i++) {
                if (a.connection.isOpen() && upload.hasRemaining()) {
                    a.connection.write(id, upload, true);
                }
                Frame[] frames = new Frame[20];
                for (int j = 0; j < frames.length; j++) {
                    frames[j] = new PathChallengeFrame(challenge++);
                }
                a.oneRtt(frames);
                maxPending[0] = Math.max(maxPending[0], AbuseAccess.pendingPathResponses(server));
                maxQueued[0] = Math.max(maxQueued[0], AbuseAccess.queuedControlFrames(server));
                h.step();
                if (server.isOpen()) {
                    leastWindow[0] = Math.min(leastWindow[0], server.stats().congestionWindow());
                    available[0] = Math.min(available[0],
                            server.stats().congestionWindow() - server.stats().bytesInFlight());
                }
            }
            return List.of(a);
        });
        for (int i = 0; i < r.rounds(); i++) {
            CloseReason recorded = r.serverRecorded().get(i);
            assertThat(recorded.kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(recorded.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
            assertThat(recorded.frameType()).isEqualTo(FrameType.PATH_CHALLENGE);
        }
        assertThat(r.abusersSaw()).allSatisfy(heard -> {
            assertThat(heard).isNotNull();
            assertThat(heard.kind()).isEqualTo(CloseReason.Kind.PEER);
            assertThat(heard.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
            assertThat(heard.frameType()).isEqualTo(FrameType.PATH_CHALLENGE);
        });
        System.out.printf("at most %d PATH_RESPONSEs and %d control frames queued; congestion window %d at the start,"
                + " %d at least, room in it %d at least%n", maxPending[0], maxQueued[0], initialWindow[0],
                leastWindow[0], available[0]);
        // The selective losses did starve the window: it shrank, and was full at times.
        assertThat(leastWindow[0]).isLessThan(initialWindow[0]);
        assertThat(available[0]).isLessThanOrEqualTo(1200);
        assertThat(maxPending[0]).isLessThanOrEqualTo(4);
        assertThat(maxQueued[0]).isLessThanOrEqualTo(8);
    }
}
