/**
 * A deterministic network simulator for sans-I/O endpoints, and a JUnit 5 runner for seeded scenarios
 * (DESIGN.md §8: "Deterministic simulation").
 *
 * <p>Start with {@link io.quic4j.testkit.Simulator}: endpoints implement {@link io.quic4j.testkit.Endpoint}
 * (receive a datagram, poll datagrams to send, next timeout, on timeout; time is always passed in) and are
 * joined by directional links configured with {@link io.quic4j.testkit.LinkConfig} (delay, jitter,
 * bandwidth with a tail-drop queue, random and Gilbert-Elliott burst loss, reordering, duplication, bit
 * corruption, blackhole windows, NAT with rebinding as in RFC 9000 §9.3). Everything random derives from
 * one seed, so a run replays exactly from its seed. {@link io.quic4j.testkit.TraceListener}s see every
 * datagram; {@link io.quic4j.testkit.TraceHasher} fingerprints a run and
 * {@link io.quic4j.testkit.ByteCounter} counts bytes per address (anti-amplification checks, RFC 9000
 * §8.1). {@link io.quic4j.testkit.SeededTest} and {@link io.quic4j.testkit.SeedRunner} run a scenario for
 * many seeds and print the command that replays a failing one.
 *
 * <p>A two-endpoint scenario:
 *
 * <pre>{@code
 * @SeededTest(seeds = 50)
 * void transferCompletesUnderLoss(long seed) {
 *     Simulator sim = new Simulator(seed);
 *     Sender sender = new Sender(...);          // your Endpoint implementations
 *     Receiver receiver = new Receiver(...);
 *     Node a = sim.addEndpoint("sender", sender, Simulator.address("10.0.0.1", 50000));
 *     Node b = sim.addEndpoint("receiver", receiver, Simulator.address("10.0.0.2", 4433));
 *     sim.connect(a, b, LinkConfig.lossy(0.1));
 *     RunResult r = sim.runUntil(receiver::complete, Duration.ofMinutes(1));
 *     assertThat(r.conditionMet()).isTrue();
 * }
 * }</pre>
 *
 * <p>For tests over real sockets, {@link io.quic4j.testkit.LossyUdpProxy} is a UDP proxy on the loopback
 * interface that loses, duplicates, reorders and delays datagrams ({@link io.quic4j.testkit.Impairment}) with
 * seeded decisions and one upstream socket per client, like a NAT. Launchers for real peers (ngtcp2, dumpcap,
 * tshark, installed from Debian packages) are in {@code io.quic4j.testkit.peer}.
 *
 * <p>The event queue, the link impairment pipeline and seed derivation live in the internal
 * {@code io.quic4j.testkit.internal} package. This module depends on nothing of quic4j: transport tests
 * adapt their {@code Connection} to {@code Endpoint}.
 */
package io.quic4j.testkit;
