package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.cid.ConnectionIdGenerator;
import io.quic4j.transport.wire.ConnectionId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loop-routing server connection IDs (DESIGN.md §2, draft-ietf-quic-load-balancers, RFC 9000 §5.1). */
class LoopConnectionIdsTest {
    private static final long K0 = 0x0123456789abcdefL;
    private static final long K1 = 0xfedcba9876543210L;

    /** A short-header packet (RFC 9000 §17.3.1) to {@code dcid}, with some payload after it. */
    static ByteBuffer shortHeader(ConnectionId dcid) {
        ByteBuffer b = ByteBuffer.allocate(1 + dcid.length() + 20);
        b.put((byte) 0x41);
        dcid.writeTo(b);
        b.put(new byte[20]);
        return b.flip();
    }

    /** A long-header Initial (RFC 9000 §17.2.2) to {@code dcid} from {@code scid}, payload not needed. */
    static ByteBuffer initial(ConnectionId dcid, ConnectionId scid) {
        ByteBuffer b = ByteBuffer.allocate(7 + dcid.length() + scid.length() + 30);
        b.put((byte) 0xc3).putInt(1).put((byte) dcid.length());
        dcid.writeTo(b);
        b.put((byte) scid.length());
        scid.writeTo(b);
        b.put(new byte[30]);
        return b.flip();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 255, 256})
    void everyIdMintedForALoopDecodesToThatLoop(int loopCount) {
        LoopConnectionIds ids = new LoopConnectionIds(loopCount, 9, K0, K1);
        SplittableRandom random = new SplittableRandom(loopCount);
        for (int loop = 0; loop < loopCount; loop++) {
            ConnectionIdGenerator generator = ids.generatorFor(loop, random);
            for (int n = 0; n < 100; n++) {
                ConnectionId id = generator.generate();
                assertThat(ids.loopOf(id)).isEqualTo(loop);
                assertThat(ids.loopOf(shortHeader(id))).isEqualTo(loop);
                // a client's Handshake or 0-RTT-after-Retry long header to our ID routes the same way
                assertThat(ids.loopOf(initial(id, ConnectionId.ofHex("aabb")))).isEqualTo(loop);
            }
        }
    }

    @Test
    void everyLengthFrom8To20RoundTrips() {
        for (int length = 8; length <= 20; length++) {
            LoopConnectionIds ids = new LoopConnectionIds(16, length, K0, K1);
            ConnectionIdGenerator generator = ids.generatorFor(11, new SplittableRandom(length));
            assertThat(generator.length()).isEqualTo(length);
            for (int n = 0; n < 50; n++) {
                ConnectionId id = generator.generate();
                assertThat(id.length()).isEqualTo(length);
                assertThat(ids.loopOf(shortHeader(id))).isEqualTo(11);
            }
        }
    }

    /**
     * RFC 9000 §5.1: nothing in an ID may let an observer link it to the connection's other IDs. Byte 0 of
     * one loop's IDs is uniform over 0..255 (chi-square with 255 degrees of freedom, mean 255, standard
     * deviation about 22.6; 400 is over six deviations out). Seeded, so the verdict never changes.
     */
    @Test
    void firstByteIsUniformAcrossIdsOfOneLoop() {
        LoopConnectionIds ids = new LoopConnectionIds(4, 8, K0, K1);
        ConnectionIdGenerator generator = ids.generatorFor(2, new SplittableRandom(7));
        int samples = 256 * 200;
        int[] counts = new int[256];
        for (int n = 0; n < samples; n++) {
            counts[generator.generate().toBytes()[0] & 0xff]++;
        }
        double expected = samples / 256.0;
        double chiSquare = 0;
        for (int c : counts) {
            chiSquare += (c - expected) * (c - expected) / expected;
        }
        assertThat(chiSquare).isLessThan(400);
    }

    /** The same random bytes minted by two loops differ only in byte 0, and not by a visible pattern. */
    @Test
    void firstByteDoesNotRevealTheLoop() {
        LoopConnectionIds ids = new LoopConnectionIds(2, 8, K0, K1);
        int[] lowBitSet = new int[2];
        for (int loop = 0; loop < 2; loop++) {
            ConnectionIdGenerator generator = ids.generatorFor(loop, new SplittableRandom(99 + loop));
            for (int n = 0; n < 10_000; n++) {
                lowBitSet[loop] += generator.generate().toBytes()[0] & 1;
            }
        }
        // Without the mask, byte 0's low bit would be the loop index: 0 for loop 0, 10 000 for loop 1.
        assertThat(lowBitSet[0]).isBetween(4_700, 5_300);
        assertThat(lowBitSet[1]).isBetween(4_700, 5_300);
    }

    @Test
    void mintedIdsDoNotRepeat() {
        ConnectionIdGenerator generator = new LoopConnectionIds(8, 8, K0, K1).generatorFor(3,
                new SplittableRandom(1));
        Set<ConnectionId> seen = new HashSet<>();
        for (int n = 0; n < 10_000; n++) {
            assertThat(seen.add(generator.generate())).isTrue();
        }
    }

    /** RFC 9000 §7.2: the client picks the first Destination Connection ID, at least 8 bytes, at most 20. */
    @Test
    void clientChosenDcidMapsToTheSameLoopEveryTime() {
        LoopConnectionIds ids = new LoopConnectionIds(6, 8, K0, K1);
        SplittableRandom random = new SplittableRandom(5);
        for (int length = 0; length <= 20; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            ConnectionId dcid = ConnectionId.of(bytes);
            int loop = ids.loopOf(initial(dcid, ConnectionId.ofHex("0102030405")));
            assertThat(loop).isBetween(0, 5);
            // its retransmissions and 0-RTT packets carry other SCIDs, types and payloads
            assertThat(ids.loopOf(initial(dcid, ConnectionId.EMPTY))).isEqualTo(loop);
            assertThat(ids.loopOf(initial(dcid, ConnectionId.ofHex("ffffffffffffffff")))).isEqualTo(loop);
            assertThat(new LoopConnectionIds(6, 8, K0, K1).loopOf(dcid)).isEqualTo(loop);
        }
    }

    @Test
    void clientChosenDcidsSpreadOverAllLoops() {
        LoopConnectionIds ids = new LoopConnectionIds(4, 8, K0, K1);
        SplittableRandom random = new SplittableRandom(11);
        int[] counts = new int[4];
        for (int n = 0; n < 4_000; n++) {
            byte[] dcid = new byte[8];
            random.nextBytes(dcid);
            counts[ids.loopOf(ConnectionId.of(dcid))]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(850, 1_150);
        }
    }

    @Test
    void emptyDcidMapsToLoopZero() {
        LoopConnectionIds ids = new LoopConnectionIds(4, 8, K0, K1);
        assertThat(ids.loopOf(initial(ConnectionId.EMPTY, ConnectionId.ofHex("01")))).isZero();
        assertThat(ids.loopOf(ConnectionId.EMPTY)).isZero();
    }

    /** RFC 8999 §5.1: a long header of another version may carry a DCID of up to 255 bytes. */
    @Test
    void longDcidOfAnotherVersionMapsDeterministically() {
        LoopConnectionIds ids = new LoopConnectionIds(7, 8, K0, K1);
        ByteBuffer b = ByteBuffer.allocate(6 + 255 + 1);
        b.put((byte) 0x80).putInt(0x1a2a3a4a).put((byte) 255);
        for (int i = 0; i < 255; i++) {
            b.put((byte) (i * 31));
        }
        b.put((byte) 0).flip();
        int loop = ids.loopOf(b);
        assertThat(loop).isBetween(0, 6);
        assertThat(ids.loopOf(b)).isEqualTo(loop);
    }

    @Test
    void differentKeysGiveDifferentMappings() {
        LoopConnectionIds a = new LoopConnectionIds(8, 8, K0, K1);
        LoopConnectionIds b = new LoopConnectionIds(8, 8, K0, K1 + 1);
        ConnectionIdGenerator generator = a.generatorFor(5, new SplittableRandom(3));
        int differ = 0;
        for (int n = 0; n < 1_000; n++) {
            ConnectionId id = generator.generate();
            assertThat(a.loopOf(id)).isEqualTo(5);
            if (b.loopOf(id) != 5) {
                differ++;
            }
        }
        // Under an unrelated key, an ID lands on loop 5 by chance only: one time in eight.
        assertThat(differ).isBetween(800, 950);
    }

    @Test
    void datagramsTooShortForTheirDcidHaveNoLoop() {
        LoopConnectionIds ids = new LoopConnectionIds(4, 8, K0, K1);
        assertThat(ids.loopOf(ByteBuffer.allocate(0))).isEqualTo(-1);
        assertThat(ids.loopOf(ByteBuffer.wrap(new byte[]{0x40, 1, 2, 3, 4, 5, 6, 7}))).isEqualTo(-1);
        assertThat(ids.loopOf(ByteBuffer.wrap(new byte[]{(byte) 0xc0, 0, 0, 0, 1}))).isEqualTo(-1);
        assertThat(ids.loopOf(ByteBuffer.wrap(new byte[]{(byte) 0xc0, 0, 0, 0, 1, 9, 1, 2, 3, 4, 5, 6, 7})))
                .isEqualTo(-1);
        // exactly long enough is enough
        assertThat(ids.loopOf(ByteBuffer.wrap(new byte[]{0x40, 1, 2, 3, 4, 5, 6, 7, 8}))).isBetween(0, 3);
    }

    @Test
    void readsThePacketAtThePositionAndLeavesTheBufferAlone() {
        LoopConnectionIds ids = new LoopConnectionIds(8, 10, K0, K1);
        ConnectionId id = ids.generatorFor(6, new SplittableRandom(2)).generate();
        ByteBuffer packet = shortHeader(id);
        ByteBuffer datagram = ByteBuffer.allocateDirect(3 + packet.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        datagram.put(new byte[]{(byte) 0xc0, (byte) 0xc0, (byte) 0xc0}).put(packet).flip().position(3);
        assertThat(ids.loopOf(datagram.asReadOnlyBuffer())).isEqualTo(6);
        assertThat(ids.loopOf(datagram)).isEqualTo(6);
        assertThat(datagram.position()).isEqualTo(3);
        assertThat(datagram.limit()).isEqualTo(3 + 1 + 10 + 20);
    }

    /** SipHash-2-4 reference vectors (key 00..0f, message 00..n-1), from the SipHash paper's test suite. */
    @Test
    void sipHashMatchesTheReferenceVectors() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        ByteBuffer message = ByteBuffer.allocate(15);
        for (int i = 0; i < 15; i++) {
            message.put(i, (byte) i);
        }
        assertThat(LoopConnectionIds.sipHash24(k0, k1, message, 0, 0)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(LoopConnectionIds.sipHash24(k0, k1, message, 0, 1)).isEqualTo(0x74f839c593dc67fdL);
        assertThat(LoopConnectionIds.sipHash24(k0, k1, message, 0, 15)).isEqualTo(0xa129ca6149be45e5L);
        assertThat(LoopConnectionIds.sipHash24(k0, k1, message.order(ByteOrder.LITTLE_ENDIAN), 0, 15))
                .isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void withRandomKeyDrawsTheKeyFromTheSource() {
        LoopConnectionIds a = LoopConnectionIds.withRandomKey(8, 8, new SplittableRandom(1));
        LoopConnectionIds same = LoopConnectionIds.withRandomKey(8, 8, new SplittableRandom(1));
        ConnectionId id = a.generatorFor(4, new SplittableRandom(2)).generate();
        assertThat(same.loopOf(id)).isEqualTo(4);
        assertThat(a.loopCount()).isEqualTo(8);
        assertThat(a.length()).isEqualTo(8);
        assertThat(a.toString()).doesNotContain(Long.toHexString(new SplittableRandom(1).nextLong()));
    }

    @Test
    void rejectsLoopCountsOutside1To256() {
        assertThatThrownBy(() -> new LoopConnectionIds(0, 8, K0, K1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopCount must be 1 to 256");
        assertThatThrownBy(() -> new LoopConnectionIds(257, 8, K0, K1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsLengthsOutside8To20() {
        assertThatThrownBy(() -> new LoopConnectionIds(4, 7, K0, K1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 to 20 bytes");
        assertThatThrownBy(() -> new LoopConnectionIds(4, 21, K0, K1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsALoopIndexOutOfRange() {
        LoopConnectionIds ids = new LoopConnectionIds(4, 8, K0, K1);
        SplittableRandom random = new SplittableRandom(0);
        assertThatThrownBy(() -> ids.generatorFor(4, random)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopIndex must be 0 to 3");
        assertThatThrownBy(() -> ids.generatorFor(-1, random)).isInstanceOf(IllegalArgumentException.class);
    }
}
