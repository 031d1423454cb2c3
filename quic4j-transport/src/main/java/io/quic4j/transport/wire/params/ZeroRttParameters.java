package io.quic4j.transport.wire.params;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;

/**
 * The server transport parameters a client remembers with a session ticket for 0-RTT, and the check
 * that a server which accepts 0-RTT did not lower them (RFC 9000 §7.4.1, RFC 9221 §3).
 *
 * <pre>{@code
 * TransportParameters stored = ZeroRttParameters.remembered(serverParams);   // saved with the ticket
 * // ... next connection, 0-RTT accepted, server's new parameters decoded:
 * ZeroRttParameters.requireNotReduced(stored, newServerParams);
 * }</pre>
 */
public final class ZeroRttParameters {
    private ZeroRttParameters() {
    }

    /**
     * The subset of a server's parameters that a client keeps for 0-RTT. RFC 9000 §7.4.1: "A client MUST
     * NOT use remembered values for the following parameters: ack_delay_exponent, max_ack_delay,
     * initial_source_connection_id, original_destination_connection_id, preferred_address,
     * retry_source_connection_id, and stateless_reset_token. [...] if the server does not provide new
     * values, the default values are used." So those are reset to absent/default; everything else,
     * max_datagram_frame_size included (RFC 9221 §3 lets a client store it), is kept: "A client that
     * attempts to send 0-RTT data MUST remember all other transport parameters used by the server that
     * it is able to process."
     *
     * @param serverParameters the parameters a server sent in the connection that issued the ticket
     * @return the parameters to store and to apply to 0-RTT packets
     */
    public static TransportParameters remembered(TransportParameters serverParameters) {
        return serverParameters.toBuilder()
                .ackDelayExponent(TransportParameters.DEFAULT_ACK_DELAY_EXPONENT)
                .maxAckDelay(TransportParameters.DEFAULT_MAX_ACK_DELAY)
                .initialSourceConnectionId(null)
                .originalDestinationConnectionId(null)
                .preferredAddress(null)
                .retrySourceConnectionId(null)
                .statelessResetToken(null)
                .build();
    }

    /**
     * Checks, on a client whose 0-RTT data the server accepted, that the server's new parameters do not
     * lower any limit the 0-RTT data may already have used.
     *
     * <p>RFC 9000 §7.4.1: "a server that accepts 0-RTT data MUST NOT set values for the following
     * parameters that are smaller than the remembered values": active_connection_id_limit,
     * initial_max_data, initial_max_stream_data_bidi_local, initial_max_stream_data_bidi_remote,
     * initial_max_stream_data_uni, initial_max_streams_bidi, initial_max_streams_uni. RFC 9000 names no
     * error code for a client that sees this; RFC 9221 §3 names PROTOCOL_VIOLATION for the same breach
     * of max_datagram_frame_size, so quic4j uses PROTOCOL_VIOLATION for all of them.
     *
     * @param remembered what the client stored, from {@link #remembered(TransportParameters)}
     * @param current the parameters the server sent in the handshake that accepted 0-RTT
     * @throws QuicTransportException PROTOCOL_VIOLATION naming the first parameter that was lowered
     */
    public static void requireNotReduced(TransportParameters remembered, TransportParameters current) {
        requireNotLower("active_connection_id_limit", remembered.activeConnectionIdLimit(),
                current.activeConnectionIdLimit());
        requireNotLower("initial_max_data", remembered.initialMaxData(), current.initialMaxData());
        requireNotLower("initial_max_stream_data_bidi_local", remembered.initialMaxStreamDataBidiLocal(),
                current.initialMaxStreamDataBidiLocal());
        requireNotLower("initial_max_stream_data_bidi_remote", remembered.initialMaxStreamDataBidiRemote(),
                current.initialMaxStreamDataBidiRemote());
        requireNotLower("initial_max_stream_data_uni", remembered.initialMaxStreamDataUni(),
                current.initialMaxStreamDataUni());
        requireNotLower("initial_max_streams_bidi", remembered.initialMaxStreamsBidi(),
                current.initialMaxStreamsBidi());
        requireNotLower("initial_max_streams_uni", remembered.initialMaxStreamsUni(), current.initialMaxStreamsUni());
        // RFC 9221 §3: "If a client stores the value of the max_datagram_frame_size transport parameter with
        // their 0-RTT state, they MUST validate that the new value [...] is greater than or equal to the
        // stored value; if not, the client MUST terminate the connection with error PROTOCOL_VIOLATION."
        // Absent counts as 0, the RFC 9221 default.
        requireNotLower("max_datagram_frame_size", remembered.maxDatagramFrameSize().orElse(0),
                current.maxDatagramFrameSize().orElse(0));
    }

    private static void requireNotLower(String name, long remembered, long current) {
        if (current < remembered) {
            throw QuicTransportException.of(TransportError.PROTOCOL_VIOLATION, "server accepted 0-RTT but lowered "
                    + name + " from " + remembered + " to " + current);
        }
    }
}
