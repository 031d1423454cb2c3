package io.quic4j.transport.endpoint;

import io.quic4j.testkit.Simulator;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Junk for a server that has no connection with the sender (issue 8: "a million junk datagrams before any
 * handshake"), seven kinds in turn: random bytes; short headers for unknown connection IDs (stateless reset
 * triggers); real client Initials cut short; Initials with a forged Destination Connection ID (their
 * protection no longer opens); Initials with a corrupted payload; long headers of an unknown version in 1200
 * bytes (Version Negotiation triggers); Handshake packets for unknown connection IDs. Senders are spread over
 * 4096 addresses in 10.128.0.0/9. One buffer, reused: nothing is allocated per datagram.
 */
public final class JunkDatagrams {
    static final int KINDS = 7;
    private final SplittableRandom random;
    private final ByteBuffer[] initials = new ByteBuffer[16];
    private final InetSocketAddress[] senders = new InetSocketAddress[4096];
    private final byte[] bytes = new byte[1500];
    private final ByteBuffer buffer = ByteBuffer.wrap(bytes);

    public JunkDatagrams(long seed) {
        random = new SplittableRandom(seed);
        for (int i = 0; i < initials.length; i++) {
            Connection c = Connection.client(ConnectionConfig.DEFAULTS, EndpointWorld.clientTls(), "localhost",
                    EndpointAttackWorld.SERVER, EndpointWorld.seeded(seed + i), 0);
            ByteBuffer first = ByteBuffer.allocate(1500);
            c.send(first, 0);
            initials[i] = first.flip();
        }
        for (int i = 0; i < senders.length; i++) {
            senders[i] = Simulator.address("10." + (128 + (i >> 8 & 0x7f)) + "." + (i & 0xff) + ".9",
                    1024 + random.nextInt(60000));
        }
    }

    /** @return the sender of the {@code i}th datagram */
    public InetSocketAddress sender(int i) {
        return senders[i & (senders.length - 1)];
    }

    /** @return the {@code i}th junk datagram (valid until the next call) */
    public ByteBuffer next(int i) {
        buffer.clear();
        switch (i % KINDS) {
            case 0 -> fill(0, 1 + random.nextInt(1500));
            case 1 -> {
                int n = 1 + random.nextInt(1500);
                fill(0, n);
                bytes[0] = (byte) (0x40 | bytes[0] & 0x3f);
            }
            case 2 -> initial(50 + random.nextInt(1150));
            case 3 -> {
                initial(1200);
                fill(6, 8); // a forged Destination Connection ID: the Initial keys change, nothing opens
            }
            case 4 -> {
                int n = initial(1200);
                for (int k = 0; k < 8; k++) {
                    int at = 200 + random.nextInt(n - 200);
                    bytes[at] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 5 -> {
                fill(0, 1200);
                bytes[0] = (byte) (0xc0 | bytes[0] & 0x3f);
                buffer.putInt(1, 0x1a2a3a4a); // a reserved version (RFC 9000 §15)
                bytes[5] = 8;
                bytes[14] = 8;
            }
            default -> {
                fill(0, 1200);
                bytes[0] = (byte) (0xe0 | bytes[0] & 0x0f); // long header, Handshake (v1 type 2)
                buffer.putInt(1, 1);
                bytes[5] = 8;
                bytes[14] = 8;
            }
        }
        return buffer;
    }

    private void fill(int from, int length) {
        for (int k = from; k < from + length; k += 8) {
            long r = random.nextLong();
            for (int b = 0; b < 8 && k + b < from + length; b++) {
                bytes[k + b] = (byte) (r >>> 8 * b);
            }
        }
        if (from == 0) {
            buffer.limit(length);
        }
    }

    private int initial(int length) {
        ByteBuffer template = initials[random.nextInt(initials.length)];
        int n = Math.min(length, template.remaining());
        template.get(template.position(), bytes, 0, n);
        buffer.limit(n);
        return n;
    }
}
