package io.quic4j.transport.engine;

import io.quic4j.transport.cid.ConnectionIdGenerator;
import io.quic4j.transport.wire.ConnectionId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Server connection IDs that name the event loop owning the connection (DESIGN.md §2), so a datagram the
 * kernel's SO_REUSEPORT hash delivers to the wrong socket can be forwarded to the right loop without a
 * shared table. This is the demultiplexing scheme sketched in draft-ietf-quic-load-balancers §"Server
 * Process Demultiplexing": the loop index is masked with a keyed hash of the rest of the ID, much like
 * QUIC header protection.
 *
 * <p>An ID of {@code length} bytes is {@code r[1..length-1]} uniformly random, and
 * {@code byte 0 = (loopIndex + H(r)) mod 256}, where {@code H} is SipHash-2-4 under a secret 128-bit key.
 * Decoding computes {@code (byte 0 - H(r)) mod 256}. Without the key, byte 0 is uniform and independent
 * of the loop and of every other ID, which is what RFC 9000 §5.1 demands: "Connection IDs MUST NOT
 * contain any information that can be used by an external observer (that is, one that does not
 * cooperate with the issuer) to correlate them with other connection IDs for the same connection."
 * The IDs carry no QUIC-LB config rotation bits; they are for this process's loops, not for an external
 * load balancer.
 *
 * <p>The random part has {@code 8 * (length - 1)} bits, so an 8-byte ID has 56 bits of entropy; pick 9
 * bytes or more where RFC 9000 §8.1's 64 bits matter.
 *
 * <p>{@link #loopOf} also maps Destination Connection IDs the client chose (its first Initial and 0-RTT
 * packets, RFC 9000 §7.2, any length) to a loop, deterministically, so every packet of a handshake that
 * arrives before the client switches to our ID reaches the same loop.
 *
 * <p>Immutable and safe to share between loops; each loop mints from its own {@link #generatorFor
 * generator}.
 */
public final class LoopConnectionIds {
    /** The most loops an ID can name: byte 0 carries the index. */
    public static final int MAX_LOOPS = 256;
    /** The shortest ID: 1 byte for the loop plus 7 random bytes. */
    public static final int MIN_LENGTH = 8;

    private final int loopCount;
    private final int length;
    private final long key0;
    private final long key1;

    /**
     * @param loopCount the number of event loops, 1 to {@value #MAX_LOOPS}
     * @param length the length of every ID minted, {@value #MIN_LENGTH} to 20
     * @param key0 the first half of the secret SipHash key
     * @param key1 the second half
     * @throws IllegalArgumentException if {@code loopCount} or {@code length} is out of range
     */
    public LoopConnectionIds(int loopCount, int length, long key0, long key1) {
        if (loopCount < 1 || loopCount > MAX_LOOPS) {
            throw new IllegalArgumentException("loopCount must be 1 to " + MAX_LOOPS + ", was " + loopCount);
        }
        if (length < MIN_LENGTH || length > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("loop-routing connection IDs must be " + MIN_LENGTH + " to "
                    + ConnectionId.MAX_LENGTH + " bytes long, was " + length);
        }
        this.loopCount = loopCount;
        this.length = length;
        this.key0 = key0;
        this.key1 = key1;
    }

    /**
     * IDs under a fresh secret key.
     *
     * @param loopCount the number of event loops, 1 to {@value #MAX_LOOPS}
     * @param length the length of every ID minted, {@value #MIN_LENGTH} to 20
     * @param keySource a {@link java.security.SecureRandom} in production, seeded in simulation
     * @return the scheme
     * @throws IllegalArgumentException if {@code loopCount} or {@code length} is out of range
     */
    public static LoopConnectionIds withRandomKey(int loopCount, int length, RandomGenerator keySource) {
        return new LoopConnectionIds(loopCount, length, keySource.nextLong(), keySource.nextLong());
    }

    /** @return the number of loops */
    public int loopCount() {
        return loopCount;
    }

    /** @return the length of every ID minted, which is also the DCID length of short headers we receive */
    public int length() {
        return length;
    }

    /**
     * A generator of IDs for one loop, to be used from that loop's thread only (unless {@code random} is
     * thread-safe).
     *
     * @param loopIndex 0 to {@code loopCount - 1}
     * @param random the source of the random bytes: a {@link java.security.SecureRandom} in production,
     *     seeded in simulation
     * @return a generator whose IDs all decode to {@code loopIndex}
     * @throws IllegalArgumentException if {@code loopIndex} is out of range
     */
    public ConnectionIdGenerator generatorFor(int loopIndex, RandomGenerator random) {
        if (loopIndex < 0 || loopIndex >= loopCount) {
            throw new IllegalArgumentException(
                    "loopIndex must be 0 to " + (loopCount - 1) + ", was " + loopIndex);
        }
        return new LoopGenerator(this, loopIndex, Objects.requireNonNull(random, "random"));
    }

    /**
     * The loop that owns the connection a received datagram is for, read from the Destination Connection
     * ID of its first packet in place (RFC 8999 §5: a short header's DCID follows the first byte and has
     * our {@link #length()}; a long header's follows its length byte at offset 5). Neither copies nor
     * allocates, and never throws: a datagram is attacker-controlled, so truncation is a return value
     * here rather than {@link io.quic4j.transport.wire.packet.PacketInvariants}' exception.
     *
     * <p>Our own IDs decode to the loop that minted them. Any other DCID (one the client chose, of 0 to
     * 255 bytes) decodes to some loop, always the same one for the same bytes and key; an empty one to
     * loop 0.
     *
     * @param datagram the datagram, from its position to its limit; neither is changed
     * @return 0 to {@code loopCount - 1}, or -1 if the datagram is too short to hold its DCID (the
     *     receiving loop then handles or drops it)
     */
    public int loopOf(ByteBuffer datagram) {
        int p = datagram.position();
        int limit = datagram.limit();
        if (p >= limit) {
            return -1;
        }
        int at;
        int dcidLength;
        if ((datagram.get(p) & 0x80) != 0) {
            if (limit - p < 6) {
                return -1;
            }
            dcidLength = datagram.get(p + 5) & 0xff;
            at = p + 6;
        } else {
            dcidLength = length;
            at = p + 1;
        }
        if (limit - at < dcidLength) {
            return -1;
        }
        return decode(datagram, at, dcidLength);
    }

    /**
     * The loop a connection ID maps to, as {@link #loopOf(ByteBuffer)} decides it for a packet carrying
     * it.
     *
     * @param id any connection ID
     * @return 0 to {@code loopCount - 1}
     */
    public int loopOf(ConnectionId id) {
        return decode(ByteBuffer.wrap(id.toBytes()), 0, id.length());
    }

    private int decode(ByteBuffer buf, int at, int idLength) {
        if (idLength == 0) {
            return 0;
        }
        int mask = (int) sipHash24(key0, key1, buf, at + 1, idLength - 1);
        return ((buf.get(at) - mask) & 0xff) % loopCount;
    }

    /** Mints the IDs of one loop. */
    private static final class LoopGenerator implements ConnectionIdGenerator {
        private final LoopConnectionIds ids;
        private final int loopIndex;
        private final RandomGenerator random;

        LoopGenerator(LoopConnectionIds ids, int loopIndex, RandomGenerator random) {
            this.ids = ids;
            this.loopIndex = loopIndex;
            this.random = random;
        }

        @Override
        public int length() {
            return ids.length;
        }

        @Override
        public ConnectionId generate() {
            byte[] bytes = new byte[ids.length];
            random.nextBytes(bytes);
            long mask = sipHash24(ids.key0, ids.key1, ByteBuffer.wrap(bytes), 1, bytes.length - 1);
            bytes[0] = (byte) (loopIndex + (int) mask);
            return ConnectionId.of(bytes);
        }

        @Override
        public String toString() {
            return "LoopConnectionIds.Generator[loop=" + loopIndex + ", length=" + ids.length + "]";
        }
    }

    /**
     * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012) of
     * {@code buf[from, from + count)}, read with absolute gets so the buffer's position and byte order
     * are left alone.
     */
    static long sipHash24(long k0, long k1, ByteBuffer buf, int from, int count) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        boolean littleEndian = buf.order() == ByteOrder.LITTLE_ENDIAN;
        int fullWords = count >>> 3;
        // Each full word, then the last word (the remaining bytes with count's low byte on top), then
        // the finalization: one copy of the round serves all three.
        for (int w = 0; w <= fullWords + 1; w++) {
            boolean finalization = w == fullWords + 1;
            long m = 0;
            if (w < fullWords) {
                long word = buf.getLong(from + 8 * w);
                m = littleEndian ? word : Long.reverseBytes(word);
            } else if (!finalization) {
                m = (long) count << 56;
                int start = from + 8 * fullWords;
                for (int i = (count & 7) - 1; i >= 0; i--) {
                    m |= (buf.get(start + i) & 0xffL) << (8 * i);
                }
            }
            if (finalization) {
                v2 ^= 0xff;
            } else {
                v3 ^= m;
            }
            for (int r = finalization ? 4 : 2; r > 0; r--) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            if (!finalization) {
                v0 ^= m;
            }
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    @Override
    public String toString() {
        return "LoopConnectionIds[loops=" + loopCount + ", length=" + length + "]"; // never the key
    }
}
