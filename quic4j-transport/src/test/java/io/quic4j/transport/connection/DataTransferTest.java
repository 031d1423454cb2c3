package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stream data through the connection: bytes move both ways under flow control (RFC 9000 §2, §4). */
class DataTransferTest {

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes what fits, lets the network run, reads what arrived, until everything is across. */
    static byte[] transfer(Pipe p, Connection from, Connection to, long streamId, byte[] data) {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        boolean finished = false;
        boolean first = true;
        for (int i = 0; i < 1_000_000 && !finished; i++) {
            assertThat(from.isOpen()).as("sender open: %s / %s", from.closeReason(), to.closeReason()).isTrue();
            boolean progress = false;
            if (src.hasRemaining() || first) {
                progress |= from.write(streamId, src, true) > 0;
                first = false;
            }
            progress |= p.flight();
            for (int n; (n = to.read(streamId, dst.clear())) != 0;) {
                if (n < 0) {
                    finished = true;
                    break;
                }
                progress = true;
                received.write(dst.array(), 0, n);
            }
            // Reading returned credit: MAX_DATA / MAX_STREAM_DATA go out now.
            progress |= p.flight();
            if (!finished && !progress) {
                p.advanceToNextTimer();
            }
        }
        assertThat(finished).as("stream finished: %s / %s, %d bytes", from.closeReason(), to.closeReason(),
                received.size()).isTrue();
        return received.toByteArray();
    }

    @Test
    void clientToServerDataArrivesIntactUnderFlowControl() {
        // Windows far smaller than the data: MAX_DATA / MAX_STREAM_DATA must flow as the server reads.
        ConnectionConfig small = ConnectionConfig.builder().initialMaxData(64 * 1024)
                .initialMaxStreamData(32 * 1024).build();
        Pipe p = new Pipe(small, small).handshake();
        long id = p.client.openBidirectionalStream();
        assertThat(id).isZero();
        byte[] data = bytes(1_000_000, 1);
        assertThat(transfer(p, p.client, p.server, id, data)).isEqualTo(data);
    }

    @Test
    void serverToClientDataArrivesIntactOnTheClientsStream() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1, 2, 3}), false);
        p.flight();
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.StreamOpened.class)).get()
                .extracting(ConnectionEvent.StreamOpened::streamId).isEqualTo(id);
        byte[] data = bytes(300_000, 2);
        assertThat(transfer(p, p.server, p.client, id, data)).isEqualTo(data);
    }

    @Test
    void streamsBeyondThePeersLimitCannotBeOpened() {
        ConnectionConfig one = ConnectionConfig.builder().initialMaxStreamsBidi(1).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, one).handshake();
        assertThat(p.client.openBidirectionalStream()).isZero();
        assertThat(p.client.openBidirectionalStream()).isEqualTo(-1);
    }
}
