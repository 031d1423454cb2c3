package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The per-packet paths that promise not to allocate: packet number functions, the header writers,
 * stage 2 aside from its record, and in-place connection ID routing. Measured with HotSpot's per-thread
 * allocation counter (read reflectively: the test module does not read {@code jdk.management}).
 */
class AllocationTest {
    private static final ConnectionId DCID = ConnectionId.ofHex("0102030405060708");
    private static final byte[] DCID_BYTES = DCID.toBytes();

    private static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            return (long) m.invoke(bean);
        } catch (ReflectiveOperationException | LinkageError e) {
            Assumptions.abort("no per-thread allocation counter: " + e);
            return 0;
        }
    }

    private static long sink;

    private static void hotPath(ByteBuffer out) {
        out.clear();
        long pn = 0x1234_5678L;
        int length = PacketNumber.encodedLength(pn, pn - 1000);
        int pnOffset = LongHeaderPacket.write(out, PacketType.HANDSHAKE, QuicVersion.V2, DCID, DCID,
                LongHeaderPacket.NO_TOKEN, pn, length);
        out.position(out.position() + 50);
        LongHeaderPacket.fillLength(out, pnOffset, out.position());
        int shortStart = out.position();
        int shortPn = ShortHeaderPacket.write(out, DCID, true, true, pn, length);
        long truncated = PacketNumber.read(out, shortPn, length);
        sink += PacketNumber.decode(pn - 1, truncated, length);
        out.flip();
        sink += PacketInvariants.destinationConnectionIdEquals(out, shortStart, 8, DCID_BYTES) ? 1 : 0;
        sink += PacketInvariants.destinationConnectionIdOffset(out, 0)
                + PacketInvariants.destinationConnectionIdLength(out, 0, 8) + PacketInvariants.version(out, 0);
    }

    @Test
    void perPacketPathsDoNotAllocate() {
        ByteBuffer out = ByteBuffer.allocate(200);
        allocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            hotPath(out); // warm up: class loading and JIT compilation allocate
        }
        long before = allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            hotPath(out);
        }
        long after = allocatedBytes();
        // The counter read itself may allocate a little; 10,000 iterations of any allocation would not fit.
        assertThat(after - before).isLessThan(10_000);
        assertThat(sink).isNotZero();
    }
}
