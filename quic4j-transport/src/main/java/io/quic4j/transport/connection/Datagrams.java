package io.quic4j.transport.connection;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.crypto.AeadSpec;
import io.quic4j.transport.wire.VarInt;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The DATAGRAM extension (RFC 9221): the bounded send queue the assembler drains, the checks on received
 * frames, the bounded count of undelivered {@link ConnectionEvent.DatagramReceived} events, and counters.
 * Datagrams are never retransmitted: a lost one is only counted (§5).
 */
final class Datagrams {
    /** A 1-RTT short header at its largest besides the connection ID: first byte and a 4-byte number. */
    private static final int SHORT_HEADER_OVERHEAD = 1 + 4;

    private final ConnectionState s;
    private final DatagramConfig config;
    private final ArrayDeque<ByteBuffer> sendQueue = new ArrayDeque<>();
    private long sendQueueBytes;
    private int undelivered;
    /** Bytes of the undelivered DATAGRAM events (memory accounting). */
    private long undeliveredBytes;
    private long queued;
    private long sent;
    private long acknowledged;
    private long lost;
    private long sendDropped;
    private long received;
    private long receiveDropped;

    Datagrams(ConnectionState state) {
        this.s = state;
        this.config = state.config.datagrams();
    }

    /**
     * The largest datagram {@link #send} accepts now: the peer's max_datagram_frame_size less the frame's
     * type and length, and what fits a 1-RTT packet of the current maximum datagram size ({@link PathMtu}: 1200
     * until path MTU discovery finds more, never above ours or the peer's max_udp_payload_size).
     *
     * @throws IllegalStateException if the peer's parameters are not known yet or it did not advertise support
     */
    int maxDatagramLength() {
        TransportParameters peer = s.peerParams;
        if (peer == null) {
            throw new IllegalStateException(
                    "the peer's transport parameters are not known yet: DATAGRAM support is not negotiated");
        }
        long peerMax = peer.maxDatagramFrameSize().orElse(0);
        if (peerMax == 0) {
            // RFC 9221 §3: "An endpoint MUST NOT send DATAGRAM frames until it has received the
            // max_datagram_frame_size transport parameter with a non-zero value".
            throw new IllegalStateException("the peer did not advertise max_datagram_frame_size (RFC 9221 §3)");
        }
        long packet = s.pathMtu.maxDatagramSize();
        long payload = packet - SHORT_HEADER_OVERHEAD - s.peerCid.length() - AeadSpec.TAG_LENGTH;
        long frameMax = Math.min(peerMax, payload);
        // Type byte plus a Length field sized for the largest data that could fit.
        long data = frameMax - 1 - VarInt.size(Math.max(0, frameMax));
        return (int) Math.max(0, Math.min(data, Integer.MAX_VALUE));
    }

    /** Queues a copy of {@code data}, dropping the oldest queued datagrams if the queue is full. */
    void send(ByteBuffer data) {
        int max = maxDatagramLength();
        int n = data.remaining();
        if (n > max) {
            // RFC 9221 §3 and §5: no frame above the peer's limit, and DATAGRAM frames cannot be fragmented.
            throw new IllegalArgumentException("datagram of " + n + " bytes does not fit: at most " + max
                    + " (the peer's max_datagram_frame_size and the packet size)");
        }
        if (n > config.sendQueueBytes()) {
            throw new IllegalArgumentException(
                    "datagram of " + n + " bytes exceeds the send queue's " + config.sendQueueBytes() + " bytes");
        }
        while (!sendQueue.isEmpty()
                && (sendQueue.size() >= config.sendQueueLimit() || sendQueueBytes + n > config.sendQueueBytes())) {
            sendQueueBytes -= sendQueue.poll().remaining();
            sendDropped++;
        }
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data.duplicate()).flip();
        sendQueue.add(copy);
        sendQueueBytes += n;
        queued++;
    }

    /**
     * The maximum datagram size shrank (a black hole or a new path, {@link PathMtu}): queued datagrams that no
     * longer fit one packet are dropped ({@link DatagramStats#sendDropped()}), since DATAGRAM frames cannot be
     * fragmented (RFC 9221 §5) and one that never fits would hold back the queue behind it.
     */
    void onMaxDatagramSizeDecreased() {
        if (sendQueue.isEmpty()) {
            return;
        }
        int max = maxDatagramLength();
        sendQueue.removeIf(b -> {
            if (b.remaining() <= max) {
                return false;
            }
            sendQueueBytes -= b.remaining();
            sendDropped++;
            return true;
        });
    }

    boolean hasPending() {
        return !sendQueue.isEmpty();
    }

    /** @return the next queued datagram as a frame if it fits {@code room} bytes, else null (it waits) */
    DatagramFrame poll(int room) {
        ByteBuffer next = sendQueue.peek();
        if (next == null) {
            return null;
        }
        DatagramFrame f = new DatagramFrame(next, true);
        if (f.encodedLength() > room) {
            return null;
        }
        sendQueue.poll();
        sendQueueBytes -= next.remaining();
        sent++;
        return f;
    }

    void onAcked() {
        acknowledged++;
    }

    /** RFC 9221 §5: "DATAGRAM frames are not retransmitted upon loss detection"; the loss is counted. */
    void onLost() {
        lost++;
    }

    /** Checks a received frame (RFC 9221 §3) and delivers it, or drops it if the receive queue is full. */
    void onReceived(DatagramFrame d) {
        long ours = config.maxFrameSize();
        if (ours == 0) {
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, d.type(),
                    "DATAGRAM frame without our max_datagram_frame_size (RFC 9221 §3)");
        }
        if (d.encodedLength() > ours) {
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, d.type(),
                    "DATAGRAM frame of " + d.encodedLength() + " bytes exceeds our max_datagram_frame_size " + ours
                            + " (RFC 9221 §3)");
        }
        if (undelivered >= config.receiveQueueLimit()) {
            receiveDropped++;
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(d.dataLength());
        copy.put(d.data()).flip();
        undelivered++;
        undeliveredBytes += copy.capacity();
        received++;
        s.emit(new ConnectionEvent.DatagramReceived(copy.asReadOnlyBuffer()));
    }

    /**
     * The owner took a {@link ConnectionEvent.DatagramReceived} event: room for one more.
     *
     * @param bytes the datagram's length
     */
    void onDelivered(int bytes) {
        undelivered--;
        undeliveredBytes -= bytes;
    }

    /**
     * @return bytes the queues hold: received datagrams waiting in the event queue and datagrams waiting to be
     *         sent, each with about 64 bytes of buffer object and event (memory accounting)
     */
    long queuedBytes() {
        return undeliveredBytes + sendQueueBytes + 64L * (undelivered + sendQueue.size());
    }

    DatagramStats stats() {
        return new DatagramStats(queued, sent, acknowledged, lost, sendDropped, received, receiveDropped);
    }
}
