package io.quic4j.transport.connection;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import java.util.ArrayDeque;

/**
 * Control frames waiting to go out in 1-RTT packets: HANDSHAKE_DONE, NEW_TOKEN, connection ID frames,
 * PATH_RESPONSE, and PINGs for keep-alive or probes. Flow-control frames are produced by
 * {@link ConnectionStreams} when a packet is built, so they always carry the latest limit.
 */
final class ControlFrames {
    /** Bound on queued frames: a peer cannot make us queue unboundedly (PATH_CHALLENGE floods). */
    static final int MAX_QUEUED = 256;

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private boolean handshakeDone;
    private int pings;

    void queueHandshakeDone() {
        handshakeDone = true;
    }

    void queuePing() {
        pings = Math.max(pings, 1);
    }

    void queue(Frame frame) {
        if (queue.size() < MAX_QUEUED) {
            queue.add(frame);
        }
    }

    boolean hasPending() {
        return handshakeDone || pings > 0 || !queue.isEmpty();
    }

    boolean pingPending() {
        return pings > 0;
    }

    /**
     * @param room bytes available
     * @return the next frame that fits, or null
     */
    Frame poll(int room) {
        if (handshakeDone && room >= 1) {
            handshakeDone = false;
            return new HandshakeDoneFrame();
        }
        Frame head = queue.peek();
        if (head != null && head.encodedLength() <= room) {
            return queue.poll();
        }
        return null;
    }

    /** @return a PING if one is pending and room allows, else null */
    Frame pollPing(int room) {
        if (pings > 0 && room >= 1) {
            pings--;
            return PingFrame.INSTANCE;
        }
        return null;
    }

    /** A lost frame whose content must reach the peer again (RFC 9000 §13.3). */
    void onLost(Frame frame) {
        switch (frame) {
            case HandshakeDoneFrame h -> handshakeDone = true;
            case NewTokenFrame t -> queue(t);
            default -> {
                // PING and PADDING carry nothing to repeat; PATH_CHALLENGE/RESPONSE, connection ID, flow
                // control and stream frames are the business of their owners (Recovery routes them).
            }
        }
    }
}
