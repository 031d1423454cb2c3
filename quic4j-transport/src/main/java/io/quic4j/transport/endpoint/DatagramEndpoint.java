package io.quic4j.transport.endpoint;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What an event loop (or the simulator) drives: datagrams in, datagrams out, one timer. Sans-I/O
 * (DESIGN.md §2): the caller owns the socket and the clock and passes time in as nanoseconds.
 *
 * <pre>{@code
 * endpoint.receive(datagram, from, now);
 * for (InetSocketAddress to; (to = endpoint.send(out.clear(), now)) != null; ) {
 *     socket.send(out.flip(), to);
 * }
 * long wakeAt = endpoint.nextTimeout(); // Long.MAX_VALUE: no timer
 * }</pre>
 */
public interface DatagramEndpoint {

    /**
     * Processes one received UDP datagram. Nothing a peer sends makes this throw.
     *
     * @param datagram the payload; may be modified in place (decryption)
     * @param from the sender's address
     * @param now the time in nanoseconds
     */
    void receive(ByteBuffer datagram, InetSocketAddress from, long now);

    /**
     * Writes the next datagram to send, if any, into {@code out} from its position.
     *
     * @param out room for one datagram
     * @param now the time in nanoseconds
     * @return where to send it, or {@code null} if there is nothing to send now
     */
    InetSocketAddress send(ByteBuffer out, long now);

    /** @return when {@link #onTimeout} must next be called, in nanoseconds; {@link Long#MAX_VALUE} for never */
    long nextTimeout();

    /**
     * Runs the timers that are due.
     *
     * @param now the time in nanoseconds
     */
    void onTimeout(long now);
}
