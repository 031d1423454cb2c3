package io.quic4j.transport.connection;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A {@link SimPeer} application with many concurrent streams: the client opens one bidirectional stream per
 * entry of {@code sizes} and sends that many bytes of a per-stream pattern with FIN; the server reads every
 * stream, checks each byte at its offset (so a byte out of order is a corruption), and closes the stream
 * once the FIN arrived; the client reads the server's FIN. Readers are driven by
 * {@link ConnectionEvent.StreamReadable}, writers by {@link ConnectionEvent.StreamWritable}.
 */
final class ManyStreamsApp implements SimApp {
    private final boolean client;
    private final long[] sizes;
    /** Stream ID to bytes written (client) or received (server). */
    final Map<Long, Long> progress = new HashMap<>();
    final Map<Long, Boolean> finished = new HashMap<>();
    private final List<Long> writers = new ArrayList<>();
    private final LinkedHashSet<Long> readable = new LinkedHashSet<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int opened;
    String corruption;

    ManyStreamsApp(boolean client, long[] sizes) {
        this.client = client;
        this.sizes = sizes;
    }

    static byte pattern(long streamId, long offset) {
        return SimPeer.pattern(offset + streamId * 1_000_003L);
    }

    @Override
    public void onEvent(ConnectionEvent e) {
        switch (e) {
            case ConnectionEvent.StreamOpened o -> {
                progress.put(o.streamId(), 0L);
                readable.add(o.streamId());
            }
            case ConnectionEvent.StreamReadable r -> readable.add(r.streamId());
            case ConnectionEvent.StreamWritable w -> {
                if (client && !writers.contains(w.streamId())) {
                    writers.add(w.streamId());
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void step(Connection c) {
        if (client) {
            while (opened < sizes.length && c.isHandshakeComplete()) {
                long id = c.openBidirectionalStream();
                if (id < 0) {
                    break;
                }
                progress.put(id, 0L);
                writers.add(id);
                opened++;
            }
            writers.removeIf(id -> write(c, id));
        }
        var it = readable.iterator();
        while (it.hasNext()) {
            long id = it.next();
            read(c, id);
            it.remove();
        }
    }

    /** @return whether the stream is fully written */
    private boolean write(Connection c, long id) {
        long size = sizes[(int) (id >>> 2)];
        long written = progress.get(id);
        while (written < size) {
            int n = (int) Math.min(16 * 1024, size - written);
            buffer.clear().limit(n);
            for (int i = 0; i < n; i++) {
                buffer.put(i, pattern(id, written + i));
            }
            int taken = c.write(id, buffer, written + n == size);
            written += Math.max(0, taken);
            progress.put(id, written);
            if (taken < n) {
                return false;
            }
        }
        if (size == 0) {
            c.write(id, buffer.clear().limit(0), true);
        }
        return true;
    }

    private void read(Connection c, long id) {
        if (finished.getOrDefault(id, false)) {
            return;
        }
        long received = client ? 0 : progress.getOrDefault(id, 0L);
        for (int n; (n = c.read(id, buffer.clear())) != 0;) {
            if (n < 0) {
                finished.put(id, true);
                if (!client) {
                    c.closeStream(id, 0);
                }
                return;
            }
            if (client) {
                corruption = "the server sent data on stream " + id;
                return;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) != pattern(id, received + i) && corruption == null) {
                    corruption = "stream " + id + " byte " + (received + i) + " differs";
                }
            }
            received += n;
            progress.put(id, received);
        }
    }

    /** @return how many streams ended with FIN (server: fully received; client: the server's FIN read) */
    long finishedStreams() {
        return finished.values().stream().filter(b -> b).count();
    }
}
