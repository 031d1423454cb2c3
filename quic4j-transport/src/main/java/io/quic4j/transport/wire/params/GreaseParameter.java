package io.quic4j.transport.wire.params;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A reserved transport parameter to send alongside the real ones (RFC 9000 §18.1): its identifier has
 * the form {@code 31 * N + 27} and its value is arbitrary, so a peer that wrongly rejects unknown
 * parameters (RFC 9000 §7.4.2: "An endpoint MUST ignore transport parameters that it does not support")
 * is found early. Immutable; the value is copied in and out.
 */
public final class GreaseParameter {
    /** The longest value {@link #random(RandomGenerator)} makes, in bytes. */
    public static final int MAX_RANDOM_LENGTH = 16;

    private static final long MAX_N = (VarInt.MAX - 27) / 31;

    private final long id;
    private final byte[] value;

    private GreaseParameter(long id, byte[] value) {
        this.id = id;
        this.value = value;
    }

    /**
     * @param id a reserved identifier, {@code 31 * N + 27}, at most 2^62-1
     * @param value any bytes, copied
     * @return the parameter
     * @throws IllegalArgumentException if {@code id} is not reserved
     */
    public static GreaseParameter of(long id, byte... value) {
        if (id > VarInt.MAX || !TransportParameterId.isReserved(id)) {
            throw new IllegalArgumentException(
                    "a grease parameter id must be 31 * N + 27 and at most 2^62-1 (RFC 9000 §18.1), was " + id);
        }
        return new GreaseParameter(id, value.clone());
    }

    /**
     * A grease parameter with a random reserved identifier and 0 to {@link #MAX_RANDOM_LENGTH} random
     * bytes of value. The caller supplies the generator, so a seeded run stays reproducible.
     *
     * @param random the source of randomness
     * @return the parameter
     */
    public static GreaseParameter random(RandomGenerator random) {
        long id = 31 * random.nextLong(MAX_N + 1) + 27;
        byte[] value = new byte[random.nextInt(MAX_RANDOM_LENGTH + 1)];
        random.nextBytes(value);
        return new GreaseParameter(id, value);
    }

    /** @return the reserved identifier */
    public long id() {
        return id;
    }

    /** @return a copy of the value */
    public byte[] value() {
        return value.clone();
    }

    /** @return the length of the whole encoded parameter: id, length and value */
    int encodedLength() {
        return VarInt.size(id) + VarInt.size(value.length) + value.length;
    }

    /**
     * Writes the whole parameter: id, length and value.
     *
     * @param out advanced by {@link #encodedLength()}
     */
    void writeTo(ByteBuffer out) {
        VarInt.write(out, id);
        VarInt.write(out, value.length);
        out.put(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GreaseParameter other && id == other.id && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GreaseParameter[id=" + id + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
