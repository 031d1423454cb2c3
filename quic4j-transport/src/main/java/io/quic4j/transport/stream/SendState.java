package io.quic4j.transport.stream;

/**
 * The states of a stream's sending half, exactly as RFC 9000 §3.1 (Figure 2) draws them. {@link #canMoveTo}
 * is the figure's edge list; {@link SendStream} moves only along it and treats any other move as a bug
 * in our code (DESIGN.md §3: illegal transitions fail loudly).
 */
public enum SendState {
    /** Created; data may be buffered but nothing has been sent. */
    READY,
    /** Sending STREAM (or STREAM_DATA_BLOCKED) frames. */
    SEND,
    /** The FIN and every byte have been sent at least once; waiting for acknowledgments. */
    DATA_SENT,
    /** Everything acknowledged. Terminal. */
    DATA_RECVD,
    /** RESET_STREAM sent; waiting for its acknowledgment. */
    RESET_SENT,
    /** Our RESET_STREAM was acknowledged. Terminal. */
    RESET_RECVD;

    /** @return whether nothing more happens on this half (RFC 9000 §3.1: the terminal states) */
    public boolean isTerminal() {
        return this == DATA_RECVD || this == RESET_RECVD;
    }

    /** @return whether the half was (or is being) reset */
    public boolean isReset() {
        return this == RESET_SENT || this == RESET_RECVD;
    }

    /**
     * @param to the next state
     * @return whether RFC 9000 Figure 2 has an edge from this state to {@code to}
     */
    public boolean canMoveTo(SendState to) {
        return switch (this) {
            // Ready -> Send ("Send STREAM / STREAM_DATA_BLOCKED"), Ready -> Reset Sent ("Send RESET_STREAM")
            case READY -> to == SEND || to == RESET_SENT;
            // Send -> Data Sent ("Send STREAM + FIN"), Send -> Reset Sent
            case SEND -> to == DATA_SENT || to == RESET_SENT;
            // Data Sent -> Data Recvd ("Recv All ACKs"), Data Sent -> Reset Sent
            case DATA_SENT -> to == DATA_RECVD || to == RESET_SENT;
            // Reset Sent -> Reset Recvd ("Recv ACK")
            case RESET_SENT -> to == RESET_RECVD;
            case DATA_RECVD, RESET_RECVD -> false;
        };
    }

    /**
     * @param to the next state
     * @return {@code to}
     * @throws IllegalStateException if the figure has no such edge: a bug in our code, never the peer's
     */
    SendState moveTo(SendState to) {
        if (!canMoveTo(to)) {
            throw new IllegalStateException("illegal send-stream transition " + this + " -> " + to
                    + " (RFC 9000 §3.1)");
        }
        return to;
    }
}
