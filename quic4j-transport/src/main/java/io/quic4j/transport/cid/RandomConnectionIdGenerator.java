package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Uniformly random connection IDs of a fixed length, 8 to 20 bytes. */
final class RandomConnectionIdGenerator implements ConnectionIdGenerator {
    /** The shortest length allowed: 64 bits of entropy (RFC 9000 §8.1). */
    static final int MIN_LENGTH = 8;

    private final int length;
    private final RandomGenerator random;

    RandomConnectionIdGenerator(int length, RandomGenerator random) {
        if (length < MIN_LENGTH || length > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "random connection IDs must be 8 to 20 bytes long, was " + length);
        }
        this.length = length;
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public ConnectionId generate() {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ConnectionId.of(bytes);
    }

    @Override
    public String toString() {
        return "RandomConnectionIdGenerator[length=" + length + "]";
    }
}
