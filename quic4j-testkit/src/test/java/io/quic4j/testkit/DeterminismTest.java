package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A run is reproducible from its seed alone, and different seeds give different runs. */
class DeterminismTest {
    private static final InetSocketAddress A = Simulator.address("10.0.0.1", 50000);
    private static final InetSocketAddress B = Simulator.address("10.0.0.2", 4433);
    private static final InetSocketAddress C = Simulator.address("10.0.0.3", 4433);

    private record Outcome(String hash, long events, long time) {
    }

    static LinkConfig everything() {
        return LinkConfig.builder().delay(Duration.ofMillis(15)).jitter(Duration.ofMillis(5), false)
                .bandwidth(20_000_000L).queueBytes(30_000).lossRate(0.05).burstLoss(GilbertElliott.of(0.01, 0.3))
                .reorder(0.05, Duration.ofMillis(7)).duplicateRate(0.03).corrupt(0.02, 2)
                .blackhole(Duration.ofMillis(400), Duration.ofMillis(300))
                .nat(new NatConfig(InetAddress.ofLiteral("203.0.113.1"), List.of(), Duration.ofMillis(700),
                        false))
                .build();
    }

    private static Outcome run(long seed, boolean extraLink) {
        Simulator sim = new Simulator(seed);
        TraceHasher hasher = new TraceHasher();
        sim.addTraceListener(hasher);
        byte[] data = new byte[300_000];
        new SplittableRandom(99).nextBytes(data);
        ReliableTransfer.Sender sender = new ReliableTransfer.Sender(A, B, data, 1200, 20,
                Duration.ofMillis(120).toNanos());
        ReliableTransfer.Receiver receiver = new ReliableTransfer.Receiver(B, 250);
        Node a = sim.addEndpoint("a", sender, A);
        Node b = sim.addEndpoint("b", receiver, B);
        if (extraLink) {
            // A link that carries nothing: creating it must not change the a<->b links' random choices.
            Node c = sim.addEndpoint("c", new Sink(), C);
            sim.connect(a, c, everything());
        }
        sim.connect(a, b, everything(), everything().toBuilder().nat(null).build());
        RunResult r = sim.runUntil(sender::done, Duration.ofMinutes(5));
        assertThat(r.conditionMet()).as("transfer completes for seed %d", seed).isTrue();
        assertThat(receiver.data()).isEqualTo(data);
        return new Outcome(hasher.hash(), hasher.events(), sim.now());
    }

    @Test
    void sameSeedGivesAnIdenticalTrace() {
        Outcome first = run(1234, false);
        Outcome second = run(1234, false);
        assertThat(second).isEqualTo(first);
        assertThat(first.events()).isGreaterThan(500);
    }

    @Test
    void differentSeedsGiveDifferentTraces() {
        assertThat(run(1, false).hash()).isNotEqualTo(run(2, false).hash());
    }

    @Test
    void addingAnUnusedLinkDoesNotPerturbTheOthers() {
        assertThat(run(77, true)).isEqualTo(run(77, false));
    }
}
