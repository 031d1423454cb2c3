package io.quic4j.transport.stream;

import io.quic4j.transport.wire.frame.Frame;
import java.util.Random;

/**
 * Two {@link StreamMap}s joined by an in-memory frame pipe: each frame one side owes goes to the other,
 * or is lost (the sender is told, and retransmits from its owed-frames API), or is delivered and still
 * declared lost (a spurious loss: the receiver then sees a duplicate).
 */
final class FramePipe {
    final StreamMap client;
    final StreamMap server;
    private final Random random;
    private final double loss;
    long now;
    long delivered;
    long lost;

    FramePipe(StreamConfig config, long seed, double loss) {
        this.client = new StreamMap(true, config, PeerLimits.of(config));
        this.server = new StreamMap(false, config, PeerLimits.of(config));
        this.random = new Random(seed);
        this.loss = loss;
    }

    /**
     * Moves every owed frame across once in each direction (frames owed as a result of those deliveries
     * wait for the next call).
     *
     * @return the number of frames sent
     */
    int pump() {
        now += 1_000_000;
        return flow(client, server) + flow(server, client);
    }

    private int flow(StreamMap from, StreamMap to) {
        int n = 0;
        for (int i = 0; i < 100_000; i++) {
            Frame f = from.pollFrame(1200);
            if (f == null) {
                break;
            }
            n++;
            double r = random.nextDouble();
            if (r < loss) {
                lost++;
                from.onLost(f);
            } else if (r < loss * 1.2) {
                to.onFrame(f, now);
                from.onLost(f);
            } else {
                delivered++;
                to.onFrame(f, now);
                from.onAcked(f);
            }
        }
        return n;
    }

    /** Pumps until neither side owes a frame. */
    void settle() {
        for (int i = 0; i < 10_000; i++) {
            if (pump() == 0) {
                return;
            }
        }
        throw new AssertionError("frames never stopped flowing");
    }
}
