package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;

/**
 * One connection ID we issued to the peer (RFC 9000 §5.1.1), with its sequence number and stateless reset
 * token.
 *
 * @param sequenceNumber 0 for the ID of the handshake, 1 for a preferred address ID, then increasing by 1
 * @param id the connection ID
 * @param resetToken its stateless reset token, {@code null} only for a zero-length ID
 */
public record IssuedConnectionId(long sequenceNumber, ConnectionId id, StatelessResetToken resetToken) {
    /**
     * @param retirePriorTo the Retire Prior To value to send with it
     * @return the NEW_CONNECTION_ID frame announcing this ID
     */
    public NewConnectionIdFrame toFrame(long retirePriorTo) {
        return new NewConnectionIdFrame(sequenceNumber, retirePriorTo, id, resetToken);
    }
}
