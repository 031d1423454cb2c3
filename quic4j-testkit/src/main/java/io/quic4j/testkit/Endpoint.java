package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A sans-I/O endpoint driven by the {@link Simulator}: it never reads a clock, never blocks and never
 * starts a thread; the simulator hands it datagrams and the current simulated time, asks it what to send
 * and when it next wants to be woken.
 *
 * <p>The contract mirrors a sans-I/O QUIC connection (DESIGN.md §2), so a transport test adapts its
 * {@code Connection} with a few lines: {@code receive} forwards to the connection's receive,
 * {@code poll} asks the connection to write one datagram into a buffer and wraps it with the path's
 * addresses, and the timer methods forward as they are.
 *
 * <p>After every call to {@link #receive} or {@link #onTimeout} (and at the start of a run, and when the
 * test {@linkplain Simulator#wake wakes} a node) the simulator drains {@link #poll} until it returns
 * {@code null}, then reads {@link #nextTimeout}.
 */
public interface Endpoint {

    /** The value of {@link #nextTimeout()} when the endpoint wants no timer. */
    long NO_TIMEOUT = Long.MAX_VALUE;

    /**
     * Takes one datagram from the network.
     *
     * @param datagram the datagram's bytes, a fresh copy the endpoint owns (it may decrypt in place)
     * @param from the source address as the network shows it, after any NAT on the path
     * @param to the endpoint's own address the datagram was delivered to
     * @param now the simulated time in nanoseconds
     */
    void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now);

    /**
     * Returns the next datagram to send, or {@code null} when there is nothing to send now. The simulator
     * copies the payload's remaining bytes at once, so the endpoint may reuse the buffer afterwards.
     *
     * @param now the simulated time in nanoseconds
     * @return the datagram, whose source must be one of the endpoint's addresses; or {@code null}
     */
    Datagram poll(long now);

    /**
     * Returns the absolute simulated time (nanoseconds) at which {@link #onTimeout} should be called, or
     * {@link #NO_TIMEOUT}. A time in the past means "as soon as possible".
     *
     * @return the deadline in nanoseconds, or {@link #NO_TIMEOUT}
     */
    long nextTimeout();

    /**
     * Called when the deadline given by {@link #nextTimeout()} has been reached.
     *
     * @param now the simulated time in nanoseconds, at or after the deadline
     */
    void onTimeout(long now);
}
