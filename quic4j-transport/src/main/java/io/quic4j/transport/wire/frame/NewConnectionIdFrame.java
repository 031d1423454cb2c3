package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * NEW_CONNECTION_ID (RFC 9000 §19.15): a further connection ID the peer may use for this connection,
 * with its stateless reset token, and a request to retire older ones.
 *
 * @param sequenceNumber the sequence number of this connection ID
 * @param retirePriorTo connection IDs with smaller sequence numbers are to be retired; at most
 *     {@code sequenceNumber}
 * @param connectionId 1 to 20 bytes
 * @param statelessResetToken the token for stateless resets when this connection ID is in use
 */
public record NewConnectionIdFrame(long sequenceNumber, long retirePriorTo, ConnectionId connectionId,
        StatelessResetToken statelessResetToken) implements Frame {
    /**
     * @param sequenceNumber 0..2^62-1
     * @param retirePriorTo 0..sequenceNumber
     * @param connectionId 1 to 20 bytes
     * @param statelessResetToken not null
     */
    public NewConnectionIdFrame {
        checkVarint("sequenceNumber", sequenceNumber);
        checkVarint("retirePriorTo", retirePriorTo);
        if (retirePriorTo > sequenceNumber) {
            throw new IllegalArgumentException("retirePriorTo (" + retirePriorTo
                    + ") must not exceed sequenceNumber (" + sequenceNumber + "), RFC 9000 §19.15");
        }
        if (connectionId == null || connectionId.length() < 1) {
            throw new IllegalArgumentException(
                    "NEW_CONNECTION_ID needs a connection ID of 1 to 20 bytes, was " + connectionId);
        }
        if (statelessResetToken == null) {
            throw new IllegalArgumentException("statelessResetToken must not be null");
        }
    }

    @Override
    public long type() {
        return FrameType.NEW_CONNECTION_ID;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(sequenceNumber) + VarInt.size(retirePriorTo) + 1 + connectionId.length()
                + StatelessResetToken.LENGTH;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.NEW_CONNECTION_ID);
        VarInt.write(out, sequenceNumber);
        VarInt.write(out, retirePriorTo);
        out.put((byte) connectionId.length());
        connectionId.writeTo(out);
        statelessResetToken.writeTo(out);
    }
}
