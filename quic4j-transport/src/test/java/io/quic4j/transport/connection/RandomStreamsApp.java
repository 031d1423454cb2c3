package io.quic4j.transport.connection;

import io.quic4j.transport.stream.StreamId;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random stream churn next to {@link SimPeer}'s one-stream application (which uses stream 0, left alone
 * here): the client opens a few more streams, bidirectional or unidirectional, and each side picks per
 * stream at random what to do with it: write and finish, reset its writing ({@code cancelWrite}), stop
 * the peer's ({@code cancelRead}), or abandon it ({@code closeStream} with the peer's data unread). Whatever
 * the choices, every stream must end retired on both sides (DESIGN.md §3): {@link #done} says when this side
 * has nothing left to do, and the caller then checks the connection's stream counts.
 */
final class RandomStreamsApp implements SimApp {
    /** What this side does with one stream. */
    enum Fate {
        /** Write everything with FIN; read the peer's side to its end. */
        FINISH,
        /** Write some, then cancelWrite; read the peer's side to its end. */
        RESET,
        /** Write everything with FIN; cancelRead at once. */
        STOP,
        /** Write everything with FIN, then closeStream at once, leaving what the peer sends unread. */
        ABANDON
    }

    /** One stream as this side sees it. */
    private static final class Plan {
        final Fate fate;
        long toWrite;
        boolean writeDone;
        boolean readDone;

        Plan(Fate fate, long toWrite, boolean canWrite, boolean canRead) {
            this.fate = fate;
            this.toWrite = toWrite;
            this.writeDone = !canWrite;
            this.readDone = !canRead;
        }
    }

    private final boolean client;
    private final long seed;
    private final int streams;
    private int opened;
    private final Map<Long, Plan> plans = new LinkedHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

    /**
     * @param client whether this is the client (which opens the streams)
     * @param seed the run's seed; each stream's choices derive from it and the stream ID
     * @param streams how many streams the client opens (ignored by the server)
     */
    RandomStreamsApp(boolean client, long seed, int streams) {
        this.client = client;
        this.seed = seed;
        this.streams = client ? streams : 0;
    }

    @Override
    public void onEvent(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.StreamOpened o && o.streamId() != 0) {
            plan(o.streamId());
        }
    }

    private void plan(long id) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + id * 7919L + (client ? 1 : 0));
        boolean canWrite = StreamId.canSend(id, client);
        boolean canRead = StreamId.canReceive(id, client);
        Fate fate;
        if (canWrite && canRead) {
            fate = Fate.values()[r.nextInt(Fate.values().length)];
        } else if (canWrite) {
            fate = r.nextBoolean() ? Fate.FINISH : Fate.RESET;
        } else {
            fate = Fate.values()[r.nextInt(Fate.values().length)];
            fate = fate == Fate.RESET ? Fate.FINISH : fate;
        }
        int size = r.nextInt(8 * 1024);
        // A reset comes after half the data.
        plans.put(id, new Plan(fate, fate == Fate.RESET ? size / 2 : size, canWrite, canRead));
    }

    @Override
    public void step(Connection c) {
        while (opened < streams) {
            long id = new SplittableRandom(seed + opened).nextBoolean()
                    ? c.openBidirectionalStream()
                    : c.openUnidirectionalStream();
            if (id < 0) {
                break;
            }
            opened++;
            plan(id);
        }
        for (var entry : plans.entrySet()) {
            long id = entry.getKey();
            Plan p = entry.getValue();
            if (!p.writeDone) {
                write(c, id, p);
            }
            if (!p.readDone) {
                read(c, id, p);
            }
        }
    }

    private void write(Connection c, long id, Plan p) {
        while (p.toWrite > 0) {
            int n = (int) Math.min(buffer.capacity(), p.toWrite);
            int taken = c.write(id, buffer.clear().limit(n), false);
            if (taken < 0) {
                p.writeDone = true; // the peer's STOP_SENDING reset our sending half
                return;
            }
            p.toWrite -= taken;
            if (taken < n) {
                return; // the send buffer is full: the rest on a later step
            }
        }
        if (p.fate == Fate.RESET) {
            c.cancelWrite(id, 3);
        } else {
            c.write(id, buffer.clear().limit(0), true);
        }
        p.writeDone = true;
    }

    private void read(Connection c, long id, Plan p) {
        if (p.fate == Fate.STOP) {
            c.cancelRead(id, 5);
            p.readDone = true;
            return;
        }
        if (p.fate == Fate.ABANDON) {
            c.closeStream(id, 4);
            p.readDone = true;
            return;
        }
        for (int n; (n = c.read(id, buffer.clear())) != 0;) {
            if (n < 0) {
                p.readDone = true;
                return;
            }
        }
    }

    /** @return whether every stream was opened and this side did all it means to do with each */
    boolean done() {
        return opened == streams && plans.values().stream().allMatch(p -> p.writeDone && p.readDone);
    }

    /** @return the streams this side has seen (opened or accepted), stream 0 not counted */
    int streams() {
        return plans.size();
    }
}
