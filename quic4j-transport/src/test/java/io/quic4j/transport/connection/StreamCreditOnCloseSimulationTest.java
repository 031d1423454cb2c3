package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionConfig#streamCreditOnClose()} between two simulated connections: a client that opens its whole
 * bidirectional credit and resets every stream at once (RESET_STREAM + STOP_SENDING, as in HTTP/3 rapid reset) gets
 * no MAX_STREAMS until the server's application releases them ({@link Connection#releaseStream} or
 * {@link Connection#closeStream}); without the switch it gets it as soon as the resets are done (DESIGN.md §3).
 */
class StreamCreditOnCloseSimulationTest {
    private static final int WINDOW = 3;

    private static Pipe pipe(boolean hold) {
        ConnectionConfig server = ConnectionConfig.builder().initialMaxStreamsBidi(WINDOW).streamCreditOnClose(hold)
                .build();
        return new Pipe(ConnectionConfig.DEFAULTS, server).handshake();
    }

    /** Opens the client's whole credit, one request byte each, and resets every stream both ways. */
    private static List<Long> openAndResetAll(Pipe p) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            long id = p.client.openBidirectionalStream();
            assertThat(id).isNotNegative();
            p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
            ids.add(id);
        }
        p.flight();
        for (long id : ids) {
            p.client.cancelWrite(id, 0x10c);
            p.client.cancelRead(id, 0x10c);
        }
        // Past both ack delays: the server's answering RESET_STREAMs are acknowledged, so only the switch holds.
        p.runUntil(p.now + 200 * Pipe.MS);
        return ids;
    }

    @Test
    void resetStreamsReturnNoCreditUntilTheServerReleasesThem() {
        Pipe p = pipe(true);
        List<Long> ids = openAndResetAll(p);
        assertThat(p.client.openBidirectionalStream()).as("a stream past the held credit").isEqualTo(-1);
        assertThat(p.server.stats().openStreams()).isEqualTo(WINDOW);
        assertThat(p.server.stats().halfClosedStreams()).isZero();
        assertThat(p.server.stats().retiredStreams()).isZero();

        p.server.releaseStream(ids.get(0));
        p.server.releaseStream(ids.get(0)); // idempotent
        p.server.closeStream(ids.get(1), 0); // closing releases too
        p.runUntil(p.now + 100 * Pipe.MS);
        assertThat(p.server.stats().retiredStreams()).isEqualTo(2);
        assertThat(p.server.stats().openStreams()).isEqualTo(1);
        assertThat(p.client.openBidirectionalStream()).as("credit of the two released streams").isNotNegative();
        assertThat(p.client.openBidirectionalStream()).isNotNegative();
        assertThat(p.client.openBidirectionalStream()).isEqualTo(-1);

        p.server.releaseStream(ids.get(2));
        p.runUntil(p.now + 100 * Pipe.MS);
        assertThat(p.server.stats().retiredStreams()).isEqualTo(WINDOW);
        assertThat(p.client.openBidirectionalStream()).isNotNegative();
    }

    @Test
    void withoutTheSwitchResetStreamsReturnTheirCreditAtOnce() {
        Pipe p = pipe(false);
        openAndResetAll(p);
        assertThat(p.server.stats().retiredStreams()).isEqualTo(WINDOW);
        assertThat(p.server.stats().openStreams()).isZero();
        assertThat(p.client.openBidirectionalStream()).isNotNegative();
    }

    @Test
    void releasingUnknownOrFinishedStreamsIsHarmless() {
        Pipe p = pipe(true);
        List<Long> ids = openAndResetAll(p);
        for (long id : ids) {
            p.server.releaseStream(id);
        }
        p.runUntil(p.now + 100 * Pipe.MS);
        for (long id : ids) {
            p.server.releaseStream(id); // retired: ignored
        }
        p.server.releaseStream(4 * 1000); // never opened: ignored
        assertThat(p.server.stats().retiredStreams()).isEqualTo(WINDOW);
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void aConnectionClosingWithHeldStreamsTripsNothing() {
        Pipe p = pipe(true);
        List<Long> ids = openAndResetAll(p);
        p.server.close(0, "bye", p.now);
        for (long id : ids) {
            p.server.releaseStream(id); // after the close: its streams went with it
        }
        p.runUntil(p.now + 2_000 * Pipe.MS);
        assertThat(p.server.isOpen()).isFalse();
        assertThat(p.server.stats().retiredStreams()).isZero();
    }
}
