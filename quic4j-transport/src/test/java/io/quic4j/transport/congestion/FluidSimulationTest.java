package io.quic4j.transport.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each controller, paced, drives one bulk flow through a simulated drop-tail bottleneck of 50 Mbit/s and
 * 50 ms RTT (BDP 312,500 bytes) with a queue of half a BDP, for 60 simulated seconds; the first 10 s
 * (slow start and its overshoot) are not measured. Deterministic: no randomness, no clock.
 */
class FluidSimulationTest {

    private static final int MSS = 1200;
    private static final long LINK_BITS_PER_SECOND = 50_000_000L;
    private static final long RTT = 50_000_000L;
    private static final long BDP = 312_500;
    private static final long QUEUE = BDP / 2;
    private static final long DURATION = 60_000_000_000L;
    private static final long WARM_UP = 10_000_000_000L;

    private static BottleneckSim.Result run(CongestionControl algorithm) {
        BottleneckSim sim = new BottleneckSim(algorithm.create(MSS), MSS, LINK_BITS_PER_SECOND, RTT, QUEUE);
        assertThat(sim.bdpBytes()).isEqualTo(BDP);
        BottleneckSim.Result result = sim.run(DURATION, WARM_UP);
        System.out.printf("%s: utilization %.3f, mean cwnd %.3f BDP, %d congestion events%n", algorithm,
                result.utilization(), result.meanWindowBytes() / BDP, result.events().size());
        for (BottleneckSim.Event e : result.events()) {
            System.out.printf("  t=%6.2fs cwnd %7d -> %7d, W_max %7d regained after %s%n", e.time / 1e9, e.windowBefore,
                    e.windowAfter, e.wMax, e.recoveredAt < 0 ? "-" : String.format("%.2fs", e.recoverySeconds()));
        }
        return result;
    }

    private static List<BottleneckSim.Event> steadyState(BottleneckSim.Result result) {
        return result.events().stream().filter(e -> e.time >= WARM_UP).toList();
    }

    private static double meanRecoverySeconds(BottleneckSim.Result result) {
        return steadyState(result).stream().filter(e -> e.recoveredAt >= 0)
                .mapToDouble(BottleneckSim.Event::recoverySeconds).average().orElseThrow();
    }

    @Test
    void eachControllerFillsTheBottleneckAndLosesOnlyAtBdpPlusQueue() {
        for (CongestionControl algorithm : CongestionControl.values()) {
            BottleneckSim.Result result = run(algorithm);
            assertThat(result.utilization()).as("%s utilization", algorithm).isGreaterThan(0.93);
            // Window between one BDP and BDP + queue, the most the path holds.
            assertThat(result.meanWindowBytes()).as("%s mean window", algorithm).isBetween((double) BDP,
                    1.55 * BDP);
            assertThat(steadyState(result)).as("%s steady-state losses", algorithm).isNotEmpty()
                    .allSatisfy(e -> assertThat((double) e.windowBefore).isCloseTo(BDP + QUEUE,
                            org.assertj.core.data.Percentage.withPercentage(3)));
        }
    }

    @Test
    void cubicRegainsWmaxFasterThanNewRenoOnAHighBdpPath() {
        BottleneckSim.Result reno = run(CongestionControl.NEW_RENO);
        BottleneckSim.Result cubic = run(CongestionControl.CUBIC);
        double renoSeconds = meanRecoverySeconds(reno);
        double cubicSeconds = meanRecoverySeconds(cubic);
        System.out.printf("mean time to regain W_max after a loss: NewReno %.2fs, CUBIC %.2fs%n", renoSeconds,
                cubicSeconds);
        // NewReno: from W/2 back to W at one datagram per RTT, ~195 RTTs of ~60 ms.
        assertThat(renoSeconds).isGreaterThan(10);
        // CUBIC: K = cbrt((W_max - 0.7 W_max) / C) seconds after the loss, 5 to 7 s here.
        assertThat(cubicSeconds).isLessThan(0.65 * renoSeconds);
        assertThat(cubic.utilization()).isGreaterThan(reno.utilization());
    }
}
