package io.quic4j.transport.connection;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import java.util.ArrayDeque;

/**
 * Control frames waiting to go out in 1-RTT packets: HANDSHAKE_DONE, NEW_TOKEN, connection ID frames,
 * PATH_RESPONSE, and PINGs for keep-alive or probes. Flow-control frames are produced by
 * {@link ConnectionStreams} when a packet is built, so they always carry the latest limit.
 *
 * <p>PATH_RESPONSEs for the current path are kept apart, at most {@link #MAX_PATH_RESPONSES}, the oldest
 * dropped first: a peer flooding PATH_CHALLENGEs while our congestion window is starved (it acknowledges
 * selectively) must neither grow a queue nor push NEW_CONNECTION_ID or NEW_TOKEN frames out of the bounded
 * one. Dropping an answer is allowed: PATH_RESPONSE is never retransmitted and "the peer is expected to send
 * more PATH_CHALLENGE frames as necessary to evoke additional PATH_RESPONSE frames" (RFC 9000 §8.2.2, §13.3).
 */
final class ControlFrames {
    /** Bound on queued frames other than PATH_RESPONSE: a peer cannot make us queue unboundedly. */
    static final int MAX_QUEUED = 256;
    /** PATH_RESPONSEs owed on the current path and kept; more challenges drop the oldest answer. */
    static final int MAX_PATH_RESPONSES = 4;

    private static final int PATH_RESPONSE_LENGTH = new PathResponseFrame(0).encodedLength();

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final long[] pathResponses = new long[MAX_PATH_RESPONSES];
    private int pathResponseCount;
    /** Answers dropped unsent because challenges came faster than we could answer. */
    private long pathResponsesDropped;
    private boolean handshakeDone;
    private int pings;

    void queueHandshakeDone() {
        handshakeDone = true;
    }

    void queuePing() {
        pings = Math.max(pings, 1);
    }

    void queue(Frame frame) {
        if (frame instanceof PathResponseFrame r) {
            queuePathResponse(r.data());
        } else if (queue.size() < MAX_QUEUED) {
            queue.add(frame);
        }
    }

    /**
     * Owes the peer a PATH_RESPONSE on the current path; if {@link #MAX_PATH_RESPONSES} are already owed, the
     * oldest is dropped.
     *
     * @param data the challenge's data, to echo
     * @return how many answers have been dropped so far on this connection
     */
    long queuePathResponse(long data) {
        if (pathResponseCount == MAX_PATH_RESPONSES) {
            System.arraycopy(pathResponses, 1, pathResponses, 0, MAX_PATH_RESPONSES - 1);
            pathResponseCount--;
            pathResponsesDropped++;
        }
        pathResponses[pathResponseCount++] = data;
        return pathResponsesDropped;
    }

    /** @return PATH_RESPONSEs owed on the current path, not sent yet */
    int pendingPathResponses() {
        return pathResponseCount;
    }

    /** @return frames waiting, PATH_RESPONSEs included (HANDSHAKE_DONE and PINGs are flags, not counted) */
    int size() {
        return queue.size() + pathResponseCount;
    }

    boolean hasPending() {
        return handshakeDone || pings > 0 || !queue.isEmpty() || pathResponseCount > 0;
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
        if (pathResponseCount > 0 && PATH_RESPONSE_LENGTH <= room) {
            PathResponseFrame r = new PathResponseFrame(pathResponses[0]);
            System.arraycopy(pathResponses, 1, pathResponses, 0, pathResponseCount - 1);
            pathResponseCount--;
            return r;
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
