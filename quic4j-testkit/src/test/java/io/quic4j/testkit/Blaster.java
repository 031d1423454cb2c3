package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A test endpoint that sends {@code count} datagrams of {@code size} bytes to one destination, one every
 * {@code interval} nanoseconds from time {@code start} (all at once when the interval is zero). Each starts
 * with its sequence number; the rest is a pattern derived from it. It also records what it receives.
 */
final class Blaster implements Endpoint {
    private final InetSocketAddress self;
    private final InetSocketAddress destination;
    private final int count;
    private final int size;
    private final long start;
    private final long interval;
    private final ByteBuffer scratch;
    private int next;
    final Sink received = new Sink();

    Blaster(InetSocketAddress self, InetSocketAddress destination, int count, int size, long start, long interval) {
        this.self = self;
        this.destination = destination;
        this.count = count;
        this.size = size;
        this.start = start;
        this.interval = interval;
        this.scratch = ByteBuffer.allocate(size);
    }

    static byte[] payload(int seq, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(seq);
        while (b.hasRemaining()) {
            b.put((byte) (seq * 31 + b.position()));
        }
        return b.array();
    }

    int sent() {
        return next;
    }

    @Override
    public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
        received.receive(datagram, from, to, now);
    }

    @Override
    public Datagram poll(long now) {
        if (next >= count || now < start + next * interval) {
            return null;
        }
        // Reuses one buffer on purpose: the simulator must copy at the send boundary.
        scratch.clear().put(payload(next++, size)).flip();
        return new Datagram(self, destination, scratch);
    }

    @Override
    public long nextTimeout() {
        return next >= count ? NO_TIMEOUT : start + next * interval;
    }

    @Override
    public void onTimeout(long now) {
    }
}
