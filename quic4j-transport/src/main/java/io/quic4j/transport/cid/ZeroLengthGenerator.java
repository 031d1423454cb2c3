package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;

/** Always the zero-length connection ID. */
enum ZeroLengthGenerator implements ConnectionIdGenerator {
    INSTANCE;

    @Override
    public int length() {
        return 0;
    }

    @Override
    public ConnectionId generate() {
        return ConnectionId.EMPTY;
    }
}
