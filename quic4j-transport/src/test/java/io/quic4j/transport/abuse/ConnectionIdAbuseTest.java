package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.abuse.AttackHarness.Abuser;
import io.quic4j.transport.abuse.AttackHarness.Report;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NEW_CONNECTION_ID floods and RETIRE_CONNECTION_ID edge cases (RFC 9000 §5.1, §19.15, §19.16) against a
 * server that keeps serving a good client. The defences are in {@code cid.PeerConnectionIds} (the IDs the peer
 * gave us, the retirements we owe, bounded) and {@code cid.LocalConnectionIds} (the IDs we issued).
 */
class ConnectionIdAbuseTest {

    static NewConnectionIdFrame newId(long sequence, long retirePriorTo) {
        byte[] id = new byte[8];
        java.nio.ByteBuffer.wrap(id).putLong(sequence * 0x9E3779B97F4A7C15L);
        return new NewConnectionIdFrame(sequence, retirePriorTo, ConnectionId.of(id),
                new StatelessResetToken(sequence, ~sequence));
    }

    private static void assertCutOff(Report r, TransportError error, long frameType) {
        assertServerCutOff(r, error);
        for (int i = 0; i < r.rounds(); i++) {
            CloseReason heard = r.abusersSaw().get(i);
            assertThat(heard).as("what abuser %d heard", i).isNotNull();
            assertThat(heard.kind()).isEqualTo(CloseReason.Kind.PEER);
            assertThat(heard.errorCode()).isEqualTo(error.code());
            assertThat(heard.frameType()).isEqualTo(frameType);
        }
    }

    private static void assertServerCutOff(Report r, TransportError error) {
        for (int i = 0; i < r.rounds(); i++) {
            CloseReason recorded = r.serverRecorded().get(i);
            assertThat(recorded.kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(recorded.errorCode()).isEqualTo(error.code());
        }
    }

    @Test
    void newConnectionIdFloodWithAdvancingRetirePriorToIsAConnectionIdLimitError() throws InterruptedException {
        // Each frame issues a new ID and asks us to retire all older ones: we owe one RETIRE_CONNECTION_ID per
        // frame. RFC 9000 §5.1.2: "An endpoint SHOULD limit the number of connection IDs it has retired locally
        // for which RETIRE_CONNECTION_ID frames have not yet been acknowledged. An endpoint SHOULD allow for
        // sending and tracking a number of RETIRE_CONNECTION_ID frames of at least twice the value of the
        // active_connection_id_limit transport parameter. An endpoint MUST NOT forget a connection ID without
        // retiring it, though it MAY choose to treat having connection IDs in need of retirement that exceed this
        // limit as a connection error of type CONNECTION_ID_LIMIT_ERROR."
        Report r = new AttackHarness().attack("NEW_CONNECTION_ID flood, advancing retire_prior_to", 3, h -> {
            Abuser a = h.handshakenAbuser();
            long sequence = 1;
            for (int packet = 0; packet < 100 && !a.cutOff(); packet++) {
                List<Frame> frames = new ArrayList<>();
                for (int i = 0; i < 20; i++, sequence++) {
                    frames.add(newId(sequence, sequence));
                }
                a.oneRtt(frames.toArray(Frame[]::new));
                h.step();
            }
            return List.of(a);
        });
        // The server obeyed retire_prior_to and moved to one of the abuser's made-up IDs, so its
        // CONNECTION_CLOSE goes to an ID the abuser's connection does not know: the server's record is the
        // evidence (ISSUE8.md allows either).
        assertServerCutOff(r, TransportError.CONNECTION_ID_LIMIT_ERROR);
    }

    @Test
    void moreActiveIdsThanOurLimitIsAConnectionIdLimitError() throws InterruptedException {
        // RFC 9000 §5.1.1: "if the number of active connection IDs exceeds the value advertised in its
        // active_connection_id_limit transport parameter, an endpoint MUST close the connection with an error of
        // type CONNECTION_ID_LIMIT_ERROR." Our limit is 4; the handshake ID is one of them.
        Report r = new AttackHarness().attack("NEW_CONNECTION_ID past active_connection_id_limit", 3, h -> {
            Abuser a = h.handshakenAbuser();
            a.oneRtt(newId(1, 0), newId(2, 0), newId(3, 0), newId(4, 0), newId(5, 0));
            return List.of(a);
        });
        assertCutOff(r, TransportError.CONNECTION_ID_LIMIT_ERROR, FrameType.NEW_CONNECTION_ID);
    }

    @Test
    void retiringASequenceNumberNeverIssuedIsAProtocolViolation() throws InterruptedException {
        // RFC 9000 §19.16: "Receipt of a RETIRE_CONNECTION_ID frame containing a sequence number greater than any
        // previously sent to the peer MUST be treated as a connection error of type PROTOCOL_VIOLATION."
        Report r = new AttackHarness().attack("RETIRE_CONNECTION_ID of a number never issued", 3, h -> {
            Abuser a = h.handshakenAbuser();
            a.oneRtt(new RetireConnectionIdFrame(1_000_000));
            return List.of(a);
        });
        assertCutOff(r, TransportError.PROTOCOL_VIOLATION, FrameType.RETIRE_CONNECTION_ID);
    }

    @Test
    void retiringTheIdThePacketWasSentToIsAProtocolViolation() throws InterruptedException {
        // RFC 9000 §19.16: "The sequence number specified in a RETIRE_CONNECTION_ID frame MUST NOT refer to the
        // Destination Connection ID field of the packet in which the frame is contained. The peer MAY treat this
        // as a connection error of type PROTOCOL_VIOLATION." The abuser still sends to the server's first ID,
        // sequence number 0.
        Report r = new AttackHarness().attack("RETIRE_CONNECTION_ID of the packet's own ID", 3, h -> {
            Abuser a = h.handshakenAbuser();
            a.oneRtt(new RetireConnectionIdFrame(0));
            return List.of(a);
        });
        assertCutOff(r, TransportError.PROTOCOL_VIOLATION, FrameType.RETIRE_CONNECTION_ID);
    }
}
