package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every run stops by itself: at its condition, its time limit, when idle, or at the hard bounds. */
class RunBoundsTest {
    private static final InetSocketAddress A = Simulator.address("10.0.0.1", 1000);
    private static final InetSocketAddress B = Simulator.address("10.0.0.2", 2000);

    /** Answers every datagram at once: with a zero-delay link, time never advances. */
    private static final class PingPong extends Sink {
        private final InetSocketAddress self;
        private final InetSocketAddress peer;
        private boolean pending;

        PingPong(InetSocketAddress self, InetSocketAddress peer, boolean starts) {
            this.self = self;
            this.peer = peer;
            this.pending = starts;
        }

        @Override
        public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
            pending = true;
        }

        @Override
        public Datagram poll(long now) {
            if (!pending) {
                return null;
            }
            pending = false;
            return Datagram.of(self, peer, new byte[]{1});
        }
    }

    /** Wants a timer every 10 ms, forever. */
    private static final class Ticker extends Sink {
        long next;
        int ticks;

        @Override
        public long nextTimeout() {
            return next;
        }

        @Override
        public void onTimeout(long now) {
            ticks++;
            next = now + 10_000_000L;
        }
    }

    /** A timer that is always due and never cleared: a livelock at one instant. */
    private static final class StuckTimer extends Sink {
        @Override
        public long nextTimeout() {
            return 0;
        }
    }

    @Test
    void eventBoundStopsEndpointsPingPongingAtOneInstant() {
        Simulator sim = new Simulator(1).maxEvents(10_000);
        Node a = sim.addEndpoint("a", new PingPong(A, B, true), A);
        Node b = sim.addEndpoint("b", new PingPong(B, A, false), B);
        sim.connect(a, b, LinkConfig.ideal());
        assertThatThrownBy(() -> sim.runUntil(() -> false, Duration.ofSeconds(1)))
                .isInstanceOf(SimulationLimitException.class).hasMessageContaining("maxEvents (10000)")
                .hasMessageContaining("seed 1");
        assertThat(sim.now()).isZero();
    }

    @Test
    void eventBoundStopsATimerThatIsNeverCleared() {
        Simulator sim = new Simulator(1).maxEvents(1000);
        sim.addEndpoint("a", new StuckTimer(), A);
        assertThatThrownBy(() -> sim.runUntil(() -> false, Duration.ofSeconds(1)))
                .isInstanceOf(SimulationLimitException.class);
    }

    @Test
    void timeLimitStopsAPeriodicTimer() {
        Simulator sim = new Simulator(1);
        Ticker t = new Ticker();
        sim.addEndpoint("a", t, A);
        RunResult r = sim.runUntil(() -> false, Duration.ofSeconds(1));
        assertThat(r.reason()).isEqualTo(RunResult.StopReason.TIME_LIMIT);
        assertThat(r.time()).isEqualTo(1_000_000_000L);
        assertThat(t.ticks).isEqualTo(101); // 0, 10 ms, ..., 1000 ms
    }

    @Test
    void maxTimeStopsARunWithoutALimit() {
        Simulator sim = new Simulator(1).maxTime(Duration.ofMinutes(1));
        sim.addEndpoint("a", new Ticker(), A);
        assertThatThrownBy(() -> sim.runUntil(() -> false)).isInstanceOf(SimulationLimitException.class)
                .hasMessageContaining("maxTime");
        assertThat(sim.now()).isLessThanOrEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void conditionStopsTheRunAsSoonAsItHolds() {
        Simulator sim = new Simulator(1);
        Ticker t = new Ticker();
        sim.addEndpoint("a", t, A);
        RunResult r = sim.runUntil(() -> t.ticks == 5, Duration.ofSeconds(10));
        assertThat(r.conditionMet()).isTrue();
        assertThat(r.time()).isEqualTo(40_000_000L);
    }

    @Test
    void runWithNothingToDoIsIdle() {
        Simulator sim = new Simulator(1);
        sim.addEndpoint("a", new Sink(), A);
        assertThat(sim.runUntil(() -> false, Duration.ofSeconds(1)).reason()).isEqualTo(RunResult.StopReason.IDLE);
        assertThat(sim.runFor(Duration.ofSeconds(3)).time()).isEqualTo(3_000_000_000L);
    }

    @Test
    void scheduledTaskRunsAtItsTimeAndWakesEndpoints() {
        Simulator sim = new Simulator(1);
        PingPong a = new PingPong(A, B, false);
        Sink b = new Sink();
        Node na = sim.addEndpoint("a", a, A);
        Node nb = sim.addEndpoint("b", b, B);
        sim.link(na, nb, LinkConfig.builder().delay(Duration.ofMillis(3)).build());
        sim.schedule(Duration.ofMillis(100), () -> a.pending = true);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(b.received).singleElement().extracting(Sink.Received::time).isEqualTo(103_000_000L);
    }

    @Test
    void sendingFromAnAddressTheEndpointDoesNotOwnIsAnError() {
        Simulator sim = new Simulator(1);
        Node a = sim.addEndpoint("a", new PingPong(B, A, true), A);
        Node b = sim.addEndpoint("b", new Sink(), B);
        sim.connect(a, b, LinkConfig.ideal());
        assertThatThrownBy(() -> sim.runFor(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not one of its addresses");
    }
}
