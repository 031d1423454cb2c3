package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recovery from lost packets through the scripted pipe (RFC 9002 §6: loss detection and PTO). */
class LossTest {

    @Test
    void handshakeCompletesWhenTheClientsFirstFlightIsLost() {
        Pipe p = new Pipe();
        Pipe.drop(p.drain(p.client));
        p.advanceToNextTimer(); // the client's PTO: it sends its Initial again
        p.handshake();
        assertThat(p.client.isHandshakeConfirmed()).isTrue();
    }

    @Test
    void handshakeCompletesWhenTheServersFirstFlightIsLost() {
        Pipe p = new Pipe();
        p.clientFlight();
        Pipe.drop(p.drain(p.server));
        p.advanceToNextTimer();
        p.handshake();
        assertThat(p.server.isHandshakeConfirmed()).isTrue();
    }

    @Test
    void handshakeCompletesWhenTheClientsFinishedIsLost() {
        Pipe p = new Pipe();
        p.clientFlight();
        p.serverFlight();
        List<ByteBuffer> finished = p.drain(p.client);
        assertThat(p.client.isHandshakeComplete()).isTrue();
        Pipe.drop(finished);
        p.handshake();
        assertThat(p.server.isHandshakeConfirmed()).isTrue();
    }

    @Test
    void clientConfirmsOnAnAcknowledged1RttPacketWhenHandshakeDoneIsLost() {
        Pipe p = new Pipe();
        p.clientFlight();
        p.serverFlight();
        p.clientFlight(); // Finished: the server completes and sends HANDSHAKE_DONE
        Pipe.drop(p.drain(p.server));
        assertThat(p.client.isHandshakeConfirmed()).isFalse();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.clientFlight();
        p.server.read(id, ByteBuffer.allocate(8));
        // The server's ACK of that 1-RTT packet is enough (RFC 9001 §4.1.2).
        p.advanceToNextTimer();
        p.deliver(p.drain(p.server).stream().limit(1).toList(), p.client);
        assertThat(p.client.isHandshakeConfirmed()).isTrue();
    }

    @Test
    void lostPaddingIsNeverSentAgain() {
        // A lost client datagram with an Initial carries PADDING; RFC 9000 §13.3 repeats information, not
        // padding (found by the random-fault sweep: requeued PADDING filled later packets, seed 702788).
        Pipe p = new Pipe();
        Pipe.drop(p.drain(p.client));
        p.advanceToNextTimer();
        p.handshake();
        ControlFrames control = p.client.state().control;
        assertThat(control.hasPending()).isFalse();
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(50_000, 5);
        assertThat(DataTransferTest.transfer(p, p.client, p.server, id, data)).isEqualTo(data);
    }

    @Test
    void streamDataLostInTransitIsRetransmitted() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(20_000, 3);
        p.client.write(id, ByteBuffer.wrap(data), true);
        List<ByteBuffer> first = p.drain(p.client);
        assertThat(first.size()).isGreaterThan(2);
        // Lose every other datagram.
        for (int i = 0; i < first.size(); i++) {
            if (i % 2 == 1) {
                p.deliver(List.of(first.get(i)), p.server);
            }
        }
        ByteBuffer dst = ByteBuffer.allocate(30_000);
        for (int i = 0; i < 100 && dst.position() < data.length; i++) {
            p.flight();
            p.server.read(id, dst);
            if (dst.position() < data.length) {
                p.advanceToNextTimer();
            }
        }
        assertThat(dst.flip().remaining()).isEqualTo(data.length);
        byte[] got = new byte[data.length];
        dst.get(got);
        assertThat(got).isEqualTo(data);
        assertThat(p.client.stats().packetsLost()).isPositive();
    }
}
