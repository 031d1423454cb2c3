package io.quic4j.transport.stream;

/**
 * The states of a stream's receiving half, exactly as RFC 9000 §3.2 (Figure 3) draws them. {@link #canMoveTo}
 * is the figure's edge list; {@link ReceiveStream} moves only along it and treats any other move as a bug
 * in our code. The figure's two optional edges between Data Recvd and Reset Recvd are not taken: RFC 9000
 * §3.2 lets an implementation "manage this situation as it chooses", and staying put keeps what the
 * application sees stable (all data delivered, or a reset) once it is decided.
 */
public enum ReceiveState {
    /** Receiving data; the final size is not known yet. */
    RECV,
    /** A FIN fixed the final size; some data is still missing. */
    SIZE_KNOWN,
    /** Every byte up to the final size has arrived. */
    DATA_RECVD,
    /** The application read everything (or gave up reading). Terminal. */
    DATA_READ,
    /** A RESET_STREAM arrived. */
    RESET_RECVD,
    /** The application was told of the reset. Terminal. */
    RESET_READ;

    /** @return whether this is a terminal state (Data Read, Reset Read) */
    public boolean isTerminal() {
        return this == DATA_READ || this == RESET_READ;
    }

    /**
     * @return whether the peer will send nothing more that matters: Data Recvd, Reset Recvd or later (the
     *     receive-half condition for retiring a stream, DESIGN.md §3)
     */
    public boolean isDone() {
        return this != RECV && this != SIZE_KNOWN;
    }

    /** @return whether the half was reset by the peer */
    public boolean isReset() {
        return this == RESET_RECVD || this == RESET_READ;
    }

    /**
     * @param to the next state
     * @return whether RFC 9000 Figure 3 has an edge from this state to {@code to}
     */
    public boolean canMoveTo(ReceiveState to) {
        return switch (this) {
            // Recv -> Size Known ("Recv STREAM + FIN"), Recv -> Reset Recvd ("Recv RESET_STREAM"). A FIN
            // that completes the data at once passes through Size Known.
            case RECV -> to == SIZE_KNOWN || to == RESET_RECVD;
            // Size Known -> Data Recvd ("Recv All Data"), Size Known -> Reset Recvd
            case SIZE_KNOWN -> to == DATA_RECVD || to == RESET_RECVD;
            // Data Recvd -> Data Read ("App Read All Data")
            case DATA_RECVD -> to == DATA_READ;
            // Reset Recvd -> Reset Read ("App Read Reset")
            case RESET_RECVD -> to == RESET_READ;
            case DATA_READ, RESET_READ -> false;
        };
    }

    /**
     * @param to the next state
     * @return {@code to}
     * @throws IllegalStateException if the figure has no such edge: a bug in our code, never the peer's
     */
    ReceiveState moveTo(ReceiveState to) {
        if (!canMoveTo(to)) {
            throw new IllegalStateException("illegal receive-stream transition " + this + " -> " + to
                    + " (RFC 9000 §3.2)");
        }
        return to;
    }
}
