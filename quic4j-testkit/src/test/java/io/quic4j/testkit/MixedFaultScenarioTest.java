package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The toy reliable transfer over links mixing every fault, once per seed: the way transport tests use the
 * kit. Replay one seed with the command a failure prints.
 */
class MixedFaultScenarioTest {
    private static final InetSocketAddress A = Simulator.address("10.0.0.1", 50000);
    private static final InetSocketAddress B = Simulator.address("10.0.0.2", 4433);

    @SeededTest(seeds = 10)
    void transferIsIntactUnderEveryFault(long seed) {
        Simulator sim = new Simulator(seed);
        byte[] data = new byte[100_000];
        new SplittableRandom(seed).nextBytes(data);
        ReliableTransfer.Sender sender = new ReliableTransfer.Sender(A, B, data, 1000, 16,
                Duration.ofMillis(150).toNanos());
        ReliableTransfer.Receiver receiver = new ReliableTransfer.Receiver(B, 100);
        Node a = sim.addEndpoint("sender", sender, A);
        Node b = sim.addEndpoint("receiver", receiver, B);
        sim.connect(a, b, DeterminismTest.everything(), DeterminismTest.everything().toBuilder().nat(null).build());
        ByteCounter bytes = new ByteCounter();
        sim.addTraceListener(bytes);

        RunResult r = sim.runUntil(sender::done, Duration.ofMinutes(2));

        assertThat(r.conditionMet()).isTrue();
        assertThat(receiver.data()).isEqualTo(data);
        LinkStats up = sim.stats(a, b);
        assertThat(bytes.bytesSentFrom(A)).isEqualTo(up.bytesSent());
        assertThat(bytes.bytesDeliveredTo(B)).isEqualTo(up.bytesDelivered());
        assertThat(up.sent()).isGreaterThanOrEqualTo(100);
    }
}
