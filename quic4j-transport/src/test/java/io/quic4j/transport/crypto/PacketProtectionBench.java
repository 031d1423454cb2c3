package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.wire.QuicVersion;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Manual microbenchmark, not a test: ns and bytes allocated per protect and unprotect of a 1200-byte
 * 1-RTT packet (short header, 8-byte connection ID, 4-byte packet number), per suite, heap and direct.
 * The JMH suite in quic4j-bench supersedes it once that module exists. Run after
 * {@code mvn -B -q test-compile -pl quic4j-transport}:
 *
 * <pre>
 * java -cp quic4j-transport/target/classes:quic4j-transport/target/test-classes \
 *     io.quic4j.transport.crypto.PacketProtectionBench [iterations]
 * </pre>
 *
 * <p>Unprotect decrypts in place, so each iteration first restores the protected packet with a
 * 1200-byte copy; the time of that copy alone is printed too, and subtracted.
 */
public final class PacketProtectionBench {
    private static final int PACKET = 1200;
    private static final int PN_OFFSET = 9;
    private static final int PN_LENGTH = 4;
    private static final int PAYLOAD_END = PACKET - AeadSpec.TAG_LENGTH;
    private static final PacketNumberDecoder IDENTITY = (truncated, length) -> truncated;

    /**
     * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes(long)}, bound to the platform bean. Looked
     * up reflectively: the test sources compile inside the io.quic4j.transport module, which does not read
     * java.management; run on the class path, as above, everything is readable.
     */
    private static final MethodHandle ALLOCATED_BYTES = allocatedBytesHandle();

    private static long sink;

    private PacketProtectionBench() {
    }

    /**
     * @param args optional: iterations per measurement (default 1,000,000)
     * @throws PacketDecryptionException never, unless protection is broken
     */
    public static void main(String[] args) throws PacketDecryptionException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("%s %s, %d iterations, 1200-byte 1-RTT packets%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), iterations);
        System.out.printf("%-30s %-6s %12s %12s %14s %14s%n", "suite", "buffer", "protect ns", "unprotect ns",
                "protect B/op", "unprotect B/op");
        for (CipherSuite suite : CipherSuite.values()) {
            for (boolean direct : new boolean[]{false, true}) {
                run(suite, direct, iterations);
            }
        }
        System.out.println("(sink " + sink + ")");
    }

    private static ByteBuffer allocate(boolean direct) {
        return direct ? ByteBuffer.allocateDirect(PACKET) : ByteBuffer.allocate(PACKET);
    }

    private static void run(CipherSuite suite, boolean direct, int iterations) throws PacketDecryptionException {
        byte[] secret = new byte[suite.hashLength()];
        Arrays.fill(secret, (byte) 7);
        PacketKeys keys = PacketKeys.fromSecret(QuicVersion.V1, suite, secret);
        PacketSealer sealer = new PacketSealer(keys);
        PacketOpener opener = new PacketOpener(keys);
        ByteBuffer buf = allocate(direct);
        ByteBuffer pristine = allocate(direct);

        // one protected packet for the unprotect loop
        writeHeader(buf, 1000);
        sealer.protect(buf, 0, PN_OFFSET, PN_LENGTH, 1000, PAYLOAD_END);
        pristine.put(0, buf, 0, PACKET);

        long pn = 2000;
        // warm-up: enough for C2 on every path
        for (int i = 0; i < 200_000; i++) {
            writeHeader(buf, pn);
            sealer.protect(buf, 0, PN_OFFSET, PN_LENGTH, pn++, PAYLOAD_END);
            buf.put(0, pristine, 0, PACKET);
            sink += opener.unprotect(buf, 0, PN_OFFSET, PACKET, IDENTITY);
        }

        long threadId = Thread.currentThread().threadId();
        long bytes0 = allocatedBytes(threadId);
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            writeHeader(buf, pn);
            sealer.protect(buf, 0, PN_OFFSET, PN_LENGTH, pn++, PAYLOAD_END);
        }
        long t1 = System.nanoTime();
        long bytes1 = allocatedBytes(threadId);
        for (int i = 0; i < iterations; i++) {
            buf.put(0, pristine, 0, PACKET);
            sink += opener.unprotect(buf, 0, PN_OFFSET, PACKET, IDENTITY);
        }
        long t2 = System.nanoTime();
        long bytes2 = allocatedBytes(threadId);
        for (int i = 0; i < iterations; i++) {
            buf.put(0, pristine, 0, PACKET);
            sink += buf.get(i % PACKET);
        }
        long t3 = System.nanoTime();

        double copyNs = (double) (t3 - t2) / iterations;
        System.out.printf("%-30s %-6s %12.0f %12.0f %14.0f %14.0f   (copy %.0f ns subtracted)%n", suite,
                direct ? "direct" : "heap", (double) (t1 - t0) / iterations, (double) (t2 - t1) / iterations - copyNs,
                (double) (bytes1 - bytes0) / iterations, (double) (bytes2 - bytes1) / iterations, copyNs);
    }

    private static MethodHandle allocatedBytesHandle() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            return MethodHandles.publicLookup().findVirtual(Class.forName("com.sun.management.ThreadMXBean"),
                    "getThreadAllocatedBytes", MethodType.methodType(long.class, long.class)).bindTo(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("needs a JDK with com.sun.management", e);
        }
    }

    private static long allocatedBytes(long threadId) {
        try {
            return (long) ALLOCATED_BYTES.invokeExact(threadId);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's part of a packet: first byte with the packet number length, and the packet number. */
    private static void writeHeader(ByteBuffer buf, long pn) {
        buf.put(0, (byte) (0x40 | (PN_LENGTH - 1)));
        buf.putInt(PN_OFFSET, (int) pn);
    }
}
