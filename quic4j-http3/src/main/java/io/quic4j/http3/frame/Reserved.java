package io.quic4j.http3.frame;

import java.util.random.RandomGenerator;

/**
 * The reserved code points {@code 0x1f * N + 0x21} that exist to exercise the rule that unknown values are
 * ignored: frame types (RFC 9114 §7.2.8), stream types (§6.2.3), setting identifiers (§7.2.4.1) and error
 * codes (§8.1) all reserve the same values.
 */
public final class Reserved {
    private static final long FIRST = 0x21;
    private static final long STEP = 0x1f;
    /** The largest N whose reserved value still fits in a variable-length integer. */
    private static final long MAX_N = (Http3VarInt.MAX - FIRST) / STEP;

    private Reserved() {
    }

    /**
     * @param value a type, identifier or code
     * @return whether it is {@code 0x1f * N + 0x21} for some N >= 0
     */
    public static boolean isReserved(long value) {
        return value >= FIRST && (value - FIRST) % STEP == 0;
    }

    /**
     * @param random the caller's randomness (seeded in tests)
     * @return a reserved value with a random N, so that peers cannot come to depend on particular ones
     */
    public static long random(RandomGenerator random) {
        return STEP * random.nextLong(MAX_N + 1) + FIRST;
    }
}
