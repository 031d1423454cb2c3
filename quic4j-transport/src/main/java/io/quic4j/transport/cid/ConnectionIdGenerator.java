package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;
import java.util.random.RandomGenerator;

/**
 * Mints the connection IDs an endpoint asks its peer to use (RFC 9000 §5.1). Pluggable so that a server
 * can encode routing information in its IDs (which event loop owns the connection, in the spirit of
 * QUIC-LB, DESIGN.md §2), as long as it follows §5.1: "Connection IDs MUST NOT contain any information
 * that can be used by an external observer ... to correlate them with other connection IDs for the same
 * connection".
 *
 * <p>Every ID a generator mints has the same {@link #length()}: short-header packets do not carry the
 * Destination Connection ID length, and stateless reset tokens are recomputed from a received ID
 * without state (§10.3.2: "MUST either use the same connection ID length for all connections or encode
 * the length").
 */
public interface ConnectionIdGenerator {
    /** @return the length of every ID this generator mints, 0 to 20 */
    int length();

    /**
     * Mints a fresh connection ID. Implementations must not hand out the same value twice on one
     * connection (§5.1); random IDs of 8 bytes or more make collisions negligible.
     *
     * @return a connection ID of {@link #length()} bytes
     */
    ConnectionId generate();

    /**
     * A generator of uniformly random IDs. Whether it may be shared between threads depends on
     * {@code random}: a {@link java.security.SecureRandom} may be, a seeded {@link java.util.SplittableRandom}
     * (for deterministic simulation) may not.
     *
     * @param length 8 to 20 bytes (8 gives the 64 bits of entropy of RFC 9000 §8.1)
     * @param random the source of the bytes; production code passes a {@code SecureRandom}
     * @return the generator
     * @throws IllegalArgumentException if {@code length} is outside 8..20
     */
    static ConnectionIdGenerator random(int length, RandomGenerator random) {
        return new RandomConnectionIdGenerator(length, random);
    }

    /**
     * The generator of an endpoint that asks its peer for zero-length IDs (§5.1; such an endpoint
     * cannot issue further IDs, §5.1.1).
     *
     * @return a generator that always returns {@link ConnectionId#EMPTY}
     */
    static ConnectionIdGenerator zeroLength() {
        return ZeroLengthGenerator.INSTANCE;
    }
}
