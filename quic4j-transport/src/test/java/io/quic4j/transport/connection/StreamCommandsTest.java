package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The connection's stream commands over the real stream layer (RFC 9000 §2-§4, DESIGN.md §3): unidirectional
 * streams, cancelWrite / cancelRead / closeStream and the events they cause, retirement visible in
 * {@link ConnectionStats}.
 */
class StreamCommandsTest {

    private static int readAll(Connection c, long id, ByteBuffer dst) {
        int total = 0;
        for (int n; (n = c.read(id, dst)) > 0;) {
            total += n;
        }
        return total;
    }

    @Test
    void aUnidirectionalStreamCarriesDataAndIsRetiredOnBothSides() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openUnidirectionalStream();
        assertThat(id).isEqualTo(2);
        assertThat(p.client.write(id, ByteBuffer.wrap(new byte[]{1, 2, 3}), true)).isEqualTo(3);
        p.flight();
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.StreamOpened.class)).get()
                .extracting(ConnectionEvent.StreamOpened::streamId).isEqualTo(id);
        ByteBuffer dst = ByteBuffer.allocate(16);
        assertThat(readAll(p.server, id, dst)).isEqualTo(3);
        assertThat(p.server.read(id, dst)).isEqualTo(-1);
        p.runUntil(p.now + 100 * Pipe.MS);
        assertThat(p.client.stats().openStreams()).isZero();
        assertThat(p.client.stats().retiredStreams()).isEqualTo(1);
        assertThat(p.server.stats().openStreams()).isZero();
        assertThat(p.server.stats().retiredStreams()).isEqualTo(1);
    }

    @Test
    void cancelWriteResetsThePeersReceivingHalf() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        p.client.cancelWrite(id, 42);
        p.client.cancelWrite(id, 43); // idempotent: the first code stays
        p.flight();
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.StreamReset.class)).get()
                .isEqualTo(new ConnectionEvent.StreamReset(id, 42));
        assertThat(p.server.read(id, ByteBuffer.allocate(8))).isEqualTo(Connection.STREAM_RESET);
        assertThat(p.client.write(id, ByteBuffer.wrap(new byte[]{2}), false)).isEqualTo(-1);
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void cancelReadMakesThePeerStopAndResetItsSendingHalf() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        p.server.cancelRead(id, 9);
        p.flight();
        assertThat(Pipe.find(p.clientEvents, ConnectionEvent.StreamStopped.class)).get()
                .isEqualTo(new ConnectionEvent.StreamStopped(id, 9));
        assertThat(p.client.write(id, ByteBuffer.wrap(new byte[]{2}), false)).isEqualTo(-1);
        assertThat(p.server.isOpen()).isTrue();
        assertThat(p.client.isOpen()).isTrue();
    }

    @Test
    void closingBothEndsRetiresTheStreamAndReturnsItsCredit() {
        ConnectionConfig one = ConnectionConfig.builder().initialMaxStreamsBidi(1).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, one).handshake();
        for (int round = 0; round < 3; round++) {
            long id = p.client.openBidirectionalStream();
            assertThat(id).as("round %d", round).isEqualTo(4L * round);
            p.client.write(id, ByteBuffer.wrap(new byte[]{7}), true);
            p.flight();
            ByteBuffer dst = ByteBuffer.allocate(8);
            assertThat(readAll(p.server, id, dst)).isEqualTo(1);
            assertThat(p.server.read(id, dst)).isEqualTo(-1);
            p.server.closeStream(id, 0);
            p.flight();
            assertThat(p.client.read(id, dst.clear())).isEqualTo(-1);
            // Past the peers' ack delay, so the last FIN's acknowledgment arrives.
            p.runUntil(p.now + 100 * Pipe.MS);
            assertThat(p.server.stats().openStreams()).isZero();
            assertThat(p.client.stats().openStreams()).isZero();
        }
        // One stream at a time: each retirement gave the client a MAX_STREAMS for the next one.
        assertThat(p.server.stats().retiredStreams()).isEqualTo(3);
    }

    @Test
    void aFullSendBufferIsReportedWritableOnceItDrains() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        // More than the stream's send buffer (ConnectionConfig.streamSendBuffer, 1 MiB by default) takes.
        ByteBuffer big = ByteBuffer.allocate(4 << 20);
        int taken = p.client.write(id, big, true);
        assertThat(taken).isPositive().isLessThan(4 << 20);
        for (int i = 0; i < 20 && Pipe.find(p.clientEvents, ConnectionEvent.StreamWritable.class).isEmpty(); i++) {
            p.flight();
            readAll(p.server, id, ByteBuffer.allocate(64 * 1024));
            p.flight();
        }
        assertThat(Pipe.find(p.clientEvents, ConnectionEvent.StreamWritable.class)).get()
                .extracting(ConnectionEvent.StreamWritable::streamId).isEqualTo(id);
        assertThat(p.client.write(id, big, true)).isPositive();
    }

    @Test
    void commandsOnStreamsThatCannotTakeThemAreRejected() {
        Pipe p = new Pipe().handshake();
        long uni = p.client.openUnidirectionalStream();
        assertThatThrownBy(() -> p.client.read(uni, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.client.write(400, ByteBuffer.allocate(1), false))
                .isInstanceOf(IllegalArgumentException.class);
        p.client.write(uni, ByteBuffer.wrap(new byte[]{1}), true);
        p.flight();
        assertThatThrownBy(() -> p.server.write(uni, ByteBuffer.allocate(1), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
