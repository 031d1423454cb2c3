package io.quic4j.transport.connection;

import io.quic4j.transport.stream.ReceiveBuffer;
import io.quic4j.transport.stream.SendBuffer;

/**
 * One stream of the minimal stream path: a send buffer and a receive buffer with their flow control
 * limits. The stream state machines of RFC 9000 §3 are not here (issue 5); this is only enough to move
 * bytes with flow control.
 */
final class MinimalStream {
    final long id;
    /** Null for a unidirectional stream the peer opened. */
    final SendBuffer send;
    /** Null for a unidirectional stream we opened. */
    final ReceiveBuffer receive;
    /** The peer's limit on what we send (MAX_STREAM_DATA). */
    long sendLimit;
    /** Our limit on what the peer sends, as last advertised. */
    long receiveLimit;
    final long receiveWindow;
    boolean maxStreamDataPending;
    boolean resetReceived;
    boolean readableSignalled;
    boolean blockedOnCredit;
    /** Highest offset ever sent, for connection-level flow control of new bytes. */
    long highestSent;

    MinimalStream(long id, SendBuffer send, ReceiveBuffer receive, long sendLimit, long receiveWindow) {
        this.id = id;
        this.send = send;
        this.receive = receive;
        this.sendLimit = sendLimit;
        this.receiveLimit = receiveWindow;
        this.receiveWindow = receiveWindow;
    }
}
