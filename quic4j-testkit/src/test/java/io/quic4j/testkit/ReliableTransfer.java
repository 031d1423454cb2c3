package io.quic4j.testkit;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A toy reliable transfer for the simulator's tests: a sliding-window sender with selective
 * retransmission on a fixed timeout, and a receiver that acknowledges each chunk to whatever address it
 * came from (so NAT rebinding is followed). Every datagram carries a CRC32, so corrupted ones are ignored.
 */
final class ReliableTransfer {
    private static final int HEADER = 8; // seq (4) + crc (4)

    private ReliableTransfer() {
    }

    static byte[] frame(int seq, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + body.length);
        b.putInt(seq).putInt(0).put(body);
        CRC32 crc = new CRC32();
        crc.update(b.array());
        b.putInt(4, (int) crc.getValue());
        return b.array();
    }

    /** Returns the sequence number of a well-formed frame, or -1 for a corrupted one. */
    static int check(byte[] f) {
        if (f.length < HEADER) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(f);
        int claimed = b.getInt(4);
        b.putInt(4, 0);
        CRC32 crc = new CRC32();
        crc.update(f);
        b.putInt(4, claimed);
        return (int) crc.getValue() == claimed ? b.getInt(0) : -1;
    }

    static final class Sender implements Endpoint {
        private final InetSocketAddress self;
        private final InetSocketAddress peer;
        private final byte[] data;
        private final int chunk;
        private final int window;
        private final long rto;
        private final int chunks;
        private final boolean[] acked;
        private final long[] sentAt;
        private int base;
        private int nextNew;
        private int retransmitCursor = -1;
        int retransmissions;

        Sender(InetSocketAddress self, InetSocketAddress peer, byte[] data, int chunk, int window, long rto) {
            this.self = self;
            this.peer = peer;
            this.data = data;
            this.chunk = chunk;
            this.window = window;
            this.rto = rto;
            this.chunks = (data.length + chunk - 1) / chunk;
            this.acked = new boolean[chunks];
            this.sentAt = new long[chunks];
        }

        boolean done() {
            return base == chunks;
        }

        @Override
        public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
            byte[] f = new byte[datagram.remaining()];
            datagram.get(f);
            int seq = check(f);
            if (seq >= 0 && seq < chunks) {
                acked[seq] = true;
                while (base < chunks && acked[base]) {
                    base++;
                }
            }
        }

        @Override
        public Datagram poll(long now) {
            if (retransmitCursor >= 0) {
                for (int s = retransmitCursor; s < nextNew; s++) {
                    if (!acked[s] && sentAt[s] + rto <= now) {
                        retransmitCursor = s + 1;
                        retransmissions++;
                        return send(s, now);
                    }
                }
                retransmitCursor = -1;
            }
            if (nextNew < chunks && nextNew < base + window) {
                return send(nextNew++, now);
            }
            return null;
        }

        private Datagram send(int seq, long now) {
            sentAt[seq] = now;
            int from = seq * chunk;
            byte[] body = Arrays.copyOfRange(data, from, Math.min(data.length, from + chunk));
            return Datagram.of(self, peer, frame(seq, body));
        }

        @Override
        public long nextTimeout() {
            long t = NO_TIMEOUT;
            for (int s = base; s < nextNew; s++) {
                if (!acked[s]) {
                    t = Math.min(t, sentAt[s] + rto);
                }
            }
            return t;
        }

        @Override
        public void onTimeout(long now) {
            retransmitCursor = base;
        }
    }

    static final class Receiver implements Endpoint {
        private final InetSocketAddress self;
        private final byte[][] chunks;
        private final ArrayDeque<Datagram> acks = new ArrayDeque<>();
        private int complete;
        final Set<InetSocketAddress> peersSeen = new LinkedHashSet<>();

        Receiver(InetSocketAddress self, int chunkCount) {
            this.self = self;
            this.chunks = new byte[chunkCount][];
        }

        boolean done() {
            return complete == chunks.length;
        }

        byte[] data() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] c : chunks) {
                out.writeBytes(c);
            }
            return out.toByteArray();
        }

        @Override
        public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
            byte[] f = new byte[datagram.remaining()];
            datagram.get(f);
            int seq = check(f);
            if (seq < 0 || seq >= chunks.length) {
                return;
            }
            peersSeen.add(from);
            if (chunks[seq] == null) {
                chunks[seq] = Arrays.copyOfRange(f, HEADER, f.length);
                complete++;
            }
            acks.add(Datagram.of(self, from, frame(seq, new byte[0])));
        }

        @Override
        public Datagram poll(long now) {
            return acks.poll();
        }

        @Override
        public long nextTimeout() {
            return NO_TIMEOUT;
        }

        @Override
        public void onTimeout(long now) {
        }
    }
}
