package io.quic4j.transport.wire.params;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import java.util.Optional;

/**
 * Checks the connection ID transport parameters against the connection IDs seen in Initial and Retry
 * packets (RFC 9000 §7.3), so that an attacker cannot steer the choice of connection IDs. The connection
 * layer calls one of these once the peer's parameters are decoded.
 *
 * <p>RFC 9000 §7.3 requires TRANSPORT_PARAMETER_ERROR for a missing initial_source_connection_id or a
 * missing original_destination_connection_id, and allows TRANSPORT_PARAMETER_ERROR or PROTOCOL_VIOLATION
 * for the Retry cases and for mismatches; quic4j uses TRANSPORT_PARAMETER_ERROR throughout.
 */
public final class ConnectionIdAuthentication {
    private ConnectionIdAuthentication() {
    }

    /**
     * Server side: checks the client's parameters.
     *
     * @param clientParameters what the client sent
     * @param clientSourceConnectionId the Source Connection ID of the client's Initial packets
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR if initial_source_connection_id is absent
     *         or differs
     */
    public static void validateClientConnectionIds(TransportParameters clientParameters,
            ConnectionId clientSourceConnectionId) {
        requireMatch("initial_source_connection_id", clientParameters.initialSourceConnectionId(),
                clientSourceConnectionId);
    }

    /**
     * Client side: checks the server's parameters.
     *
     * @param serverParameters what the server sent
     * @param serverSourceConnectionId the Source Connection ID of the server's Initial packets
     * @param originalDestinationConnectionId the Destination Connection ID of the client's first Initial
     *        packet, before any Retry
     * @param retrySourceConnectionId the Source Connection ID of the Retry packet the client acted on, or
     *        empty if there was none
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR if a parameter is absent, present without a
     *         Retry, or differs
     */
    public static void validateServerConnectionIds(TransportParameters serverParameters,
            ConnectionId serverSourceConnectionId, ConnectionId originalDestinationConnectionId,
            Optional<ConnectionId> retrySourceConnectionId) {
        // RFC 9000 §7.3: "An endpoint MUST treat the absence of the initial_source_connection_id transport
        // parameter from either endpoint or the absence of the original_destination_connection_id transport
        // parameter from the server as a connection error of type TRANSPORT_PARAMETER_ERROR."
        requireMatch("initial_source_connection_id", serverParameters.initialSourceConnectionId(),
                serverSourceConnectionId);
        requireMatch("original_destination_connection_id", serverParameters.originalDestinationConnectionId(),
                originalDestinationConnectionId);
        if (retrySourceConnectionId.isPresent()) {
            requireMatch("retry_source_connection_id", serverParameters.retrySourceConnectionId(),
                    retrySourceConnectionId.get());
        } else if (serverParameters.retrySourceConnectionId().isPresent()) {
            throw error("server sent retry_source_connection_id but no Retry packet was received");
        }
    }

    private static void requireMatch(String name, Optional<ConnectionId> sent, ConnectionId seen) {
        if (sent.isEmpty()) {
            throw error(name + " is missing");
        }
        if (!sent.get().equals(seen)) {
            throw error(name + " " + sent.get() + " does not match " + seen + " from the packets");
        }
    }

    private static QuicTransportException error(String message) {
        return QuicTransportException.of(TransportError.TRANSPORT_PARAMETER_ERROR, message);
    }
}
