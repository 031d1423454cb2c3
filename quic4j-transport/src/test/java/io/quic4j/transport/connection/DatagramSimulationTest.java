package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.LinkConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DATAGRAM frames (RFC 9221) alongside a stream transfer through the deterministic simulator. */
class DatagramSimulationTest {

    /** Sends numbered datagrams while the stream transfer runs; counts what arrives intact. */
    static final class DatagramApp implements SimApp {
        final int toSend;
        int sent;
        int received;
        int corrupt;

        DatagramApp(int toSend) {
            this.toSend = toSend;
        }

        @Override
        public void onEvent(ConnectionEvent e) {
            if (e instanceof ConnectionEvent.DatagramReceived d) {
                ByteBuffer b = d.data();
                int n = b.getInt();
                boolean ok = b.remaining() == 200;
                while (b.hasRemaining()) {
                    ok &= b.get() == (byte) n;
                }
                received++;
                corrupt += ok ? 0 : 1;
            }
        }

        @Override
        public void step(Connection c) {
            if (sent < toSend && c.isHandshakeConfirmed()
                    && c.datagramStats().queued() - c.datagramStats().sent() < 4) {
                ByteBuffer b = ByteBuffer.allocate(204).putInt(sent);
                while (b.hasRemaining()) {
                    b.put((byte) sent);
                }
                c.sendDatagram(b.flip());
                sent++;
            }
        }
    }

    @Test
    void datagramsFlowAlongsideATransferAtFivePercentLoss() {
        ConnectionConfig config = SimulationTest.WIDE.toBuilder()
                .datagrams(DatagramConfig.DISABLED.withMaxFrameSize(65535)).build();
        LinkConfig lossy = LinkConfig.rtt50ms50Mbps().toBuilder().lossRate(0.05).build();
        SimulationTest.World w = new SimulationTest.World(11, config, config, lossy, lossy);
        DatagramApp clientApp = new DatagramApp(300);
        DatagramApp serverApp = new DatagramApp(0);
        w.client.extra = clientApp;
        w.server.extra = serverApp;
        long bytes = 2_000_000;
        w.client.bytesToSend = bytes;
        var r = w.runUntil(() -> w.server.finReceived && clientApp.sent == clientApp.toSend
                && w.client.connection.datagramStats().sent() == clientApp.toSend, Duration.ofMinutes(5));
        assertThat(r.conditionMet()).isTrue();
        assertThat(w.server.bytesReceived).isEqualTo(bytes);
        assertThat(w.server.corruption).isNull();
        // Some datagrams arrive, some are lost and never sent again, none arrive damaged or twice.
        DatagramStats stats = w.client.connection.datagramStats();
        assertThat(serverApp.received).isPositive().isLessThanOrEqualTo(clientApp.toSend);
        assertThat(serverApp.corrupt).isZero();
        assertThat(stats.sent()).isEqualTo(clientApp.toSend);
        assertThat(stats.lost()).isPositive();
        assertThat(w.client.connection.stats().packetsLost()).isPositive();
        assertThat(w.client.connection.isOpen()).isTrue();
        assertThat(w.server.connection.isOpen()).isTrue();
        assertThat(w.server.connection.datagramStats().received()).isEqualTo(serverApp.received);
    }
}
