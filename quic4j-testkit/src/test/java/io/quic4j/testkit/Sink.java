package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A test endpoint that records every datagram it receives and never sends. */
class Sink implements Endpoint {

    record Received(int seq, byte[] bytes, InetSocketAddress from, InetSocketAddress to, long time) {
    }

    final List<Received> received = new ArrayList<>();

    @Override
    public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
        byte[] b = new byte[datagram.remaining()];
        datagram.get(b);
        int seq = b.length >= 4 ? ByteBuffer.wrap(b).getInt() : -1;
        received.add(new Received(seq, b, from, to, now));
        // Scribble over the buffer the simulator gave us: a duplicate must not be affected.
        datagram.clear();
        while (datagram.hasRemaining()) {
            datagram.put((byte) 0x5a);
        }
    }

    @Override
    public Datagram poll(long now) {
        return null;
    }

    @Override
    public long nextTimeout() {
        return NO_TIMEOUT;
    }

    @Override
    public void onTimeout(long now) {
    }
}
