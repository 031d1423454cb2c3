package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.pmtu.PmtuSearch;
import io.quic4j.transport.pmtu.PmtuState;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PMTU probes in the connection, datagram by datagram (RFC 9000 §14.4). */
class PathMtuTest {
    private static final ConnectionConfig UP_TO_1452 = ConnectionConfig.builder().maxDatagramSize(1452).build();

    private static PmtuSearch search(Connection c) {
        return c.state().pathMtu.search;
    }

    /**
     * Lossless exchanges and timers over a client-to-server path that drops datagrams over {@code mtu} bytes,
     * until the client's search is complete and neither side has anything to send.
     */
    private static void settle(Pipe p, int mtu) {
        for (int i = 0; i < 1000; i++) {
            List<ByteBuffer> c = p.drain(p.client);
            List<ByteBuffer> fit = c.stream().filter(d -> d.remaining() <= mtu).toList();
            if (!fit.isEmpty()) {
                p.deliver(fit, p.server);
            }
            List<ByteBuffer> s = p.server == null ? List.of() : p.drain(p.server);
            if (!s.isEmpty()) {
                p.deliver(s, p.client);
            }
            if (c.isEmpty() && s.isEmpty()) {
                if (search(p.client).state() == PmtuState.SEARCH_COMPLETE && p.client.isHandshakeConfirmed()) {
                    return;
                }
                p.advanceToNextTimer();
            }
        }
        throw new AssertionError("the search never completed");
    }

    @Test
    void aProbeIsOnePingPaddedToTheProbeSizeSentOnlyAfterConfirmation() {
        // RFC 9000 §14.4: "Endpoints could limit the content of PMTU probes to PING and PADDING frames".
        List<List<Frame>> large = new ArrayList<>();
        ConnectionTracer recorder = new ConnectionTracer() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void packetSent(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
                if (length > 1200) {
                    large.add(frames);
                }
            }
        };
        ConnectionConfig config = UP_TO_1452.toBuilder().tracers((role, id, now) -> recorder).build();
        Pipe p = new Pipe(config, UP_TO_1452);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 100 && !search(p.client).probeOutstanding(); i++) {
            List<ByteBuffer> c = p.drain(p.client);
            for (ByteBuffer d : c) {
                sizes.add(d.remaining());
                if (d.remaining() > 1200) {
                    // RFC 9000 §14.3.1: only once the handshake is done.
                    assertThat(p.client.isHandshakeConfirmed()).isTrue();
                }
            }
            p.deliver(c, p.server);
            p.deliver(p.drain(p.server), p.client);
        }
        assertThat(sizes.stream().filter(n -> n > 1200)).containsExactly(1452);
        assertThat(large).hasSize(1);
        assertThat(large.getFirst()).hasSize(2);
        assertThat(large.getFirst().get(0)).isInstanceOf(PingFrame.class);
        assertThat(large.getFirst().get(1)).isInstanceOf(PaddingFrame.class);
    }

    @Test
    void lostProbesDoNotMakePersistentCongestion() {
        // RFC 9000 §14.4: a lost probe is no congestion signal, so it cannot stretch a run of losses into persistent
        // congestion (RFC 9002 §7.6) either. The probe starts a run of losses longer than the persistent congestion
        // duration; without it the run is shorter.
        ConnectionConfig config = UP_TO_1452.toBuilder().maxIdleTimeout(Duration.ZERO).build();
        Pipe p = new Pipe(config, config);
        settle(p, 1300);
        assertThat(p.client.stats().maxDatagramSize()).isLessThanOrEqualTo(1300);
        // PMTU_RAISE_TIMER (RFC 8899 §5.1.1): the client probes 1452 bytes again, with nothing else in flight.
        p.now = search(p.client).timer();
        p.client.onTimeout(p.now);
        List<ByteBuffer> probe = Pipe.drop(p.drain(p.client));
        assertThat(probe).hasSize(1);
        assertThat(probe.getFirst().remaining()).isEqualTo(1452);
        long t0 = p.now;
        Connection c = p.client;
        long duration = c.state().recovery.loss.persistentCongestionDuration();
        // Half a PTO past the duration: the run from the probe is longer than the duration (even after the RTT
        // sample below raises it a little), the run from the first PTO probe after it (one PTO later) is shorter.
        long target = t0 + duration + c.state().pto() / 2;
        // Everything is lost in both directions: the client's PTO probes, and data written just after the
        // duration has passed since the probe.
        for (int i = 0; i < 100; i++) {
            long t = Math.min(c.nextTimeout(), p.server.nextTimeout());
            if (t >= target) {
                break;
            }
            p.advanceToNextTimer();
            Pipe.drop(p.drain(c));
            Pipe.drop(p.drain(p.server));
        }
        p.now = target;
        long id = c.openBidirectionalStream();
        c.write(id, ByteBuffer.wrap(new byte[100]), false);
        assertThat(Pipe.drop(p.drain(c))).isNotEmpty();
        // Later data gets through and is acknowledged: everything before it is declared lost at once.
        p.now += 4 * c.state().rtt.smoothedRtt();
        c.write(id, ByteBuffer.wrap(new byte[100]), true);
        p.deliver(p.drain(c), p.server);
        p.now += 30 * Pipe.MS;
        p.server.onTimeout(p.now);
        p.deliver(p.drain(p.server), c);
        assertThat(c.stats().packetsLost()).isGreaterThanOrEqualTo(3);
        assertThat(search(c).probesLost()).isPositive();
        // A congestion event for the lost data, but the window did not collapse to the minimum.
        assertThat(c.state().recovery.cc.slowStartThreshold()).isNotEqualTo(Long.MAX_VALUE);
        assertThat(c.stats().congestionWindow()).isGreaterThan(4L * c.stats().maxDatagramSize());
    }

    @Test
    void queuedDatagramsThatNoLongerFitAreDroppedWhenTheSizeShrinks() {
        // RFC 9221 §5: DATAGRAM frames cannot be fragmented; one queued for 1452 bytes never fits 1200.
        ConnectionConfig config = UP_TO_1452.toBuilder().datagrams(DatagramConfig.DISABLED.withMaxFrameSize(65535))
                .build();
        Pipe p = new Pipe(config, config);
        settle(p, 1452);
        Connection c = p.client;
        assertThat(c.stats().maxDatagramSize()).isEqualTo(1452);
        int large = c.maxDatagramLength();
        assertThat(large).isGreaterThan(1300);
        c.sendDatagram(ByteBuffer.allocate(large));
        c.sendDatagram(ByteBuffer.allocate(100));
        c.state().pathMtu.onPathChanged(p.now);
        assertThat(c.stats().maxDatagramSize()).isEqualTo(1200);
        assertThat(c.maxDatagramLength()).isLessThan(1200);
        assertThat(c.datagramStats().sendDropped()).isEqualTo(1);
        p.flight();
        assertThat(p.server.datagramStats().received()).isEqualTo(1);
    }
}
