package io.quic4j.transport.endpoint;

import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.cid.ConnectionIdGenerator;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.token.AddressValidationTokens;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Settings of a {@link ServerEndpoint}.
 *
 * @param connection settings of each connection (its {@code versions} are the versions the server accepts)
 * @param tls TLS settings with the server's credentials
 * @param retry whether to answer Initials without a valid token with a Retry (RFC 9000 §8.1.2)
 * @param tokens the key of Retry and NEW_TOKEN tokens, shared by every loop of the server
 * @param resetTokens the key of stateless reset tokens, shared by every loop of the server (RFC 9000 §10.3.2)
 * @param maxConnections the most connections at once; Initials beyond it are refused with CONNECTION_REFUSED
 *            (RFC 9000 §5.2.2)
 * @param wallClockMillis maps the endpoint's clock ({@code now}, nanoseconds) to epoch milliseconds, which
 *            tokens need because they outlive the process
 * @param idGenerator mints our connection IDs (the handshake ID, Retry IDs and NEW_CONNECTION_ID ones), of
 *            {@code connection.connectionIdLength()} bytes; {@code null} for random IDs from the endpoint's
 *            random source. A multi-loop server passes one that encodes the loop (DESIGN.md §2)
 * @param handshakeBacklog the most connections whose handshake is in progress at once; Initials that would
 *            start one more get a Retry (without a valid token, when Retry is allowed) or CONNECTION_REFUSED, 1 to {@code maxConnections}
 * @param retryUnderLoad whether to answer Initials without a valid token with a Retry once half of the
 *            handshake backlog is in use, even when {@code retry} is off: a spoofed source address then costs
 *            us a Retry, not a handshake (RFC 9000 §8.1.2)
 * @param limits rate limits and the buffer ceiling ({@link EndpointLimits#NONE} for none)
 */
public record ServerEndpointConfig(ConnectionConfig connection, TlsEngineConfig tls, boolean retry,
        AddressValidationTokens tokens, StatelessResetTokens resetTokens, int maxConnections,
        LongUnaryOperator wallClockMillis, ConnectionIdGenerator idGenerator, int handshakeBacklog,
        boolean retryUnderLoad, EndpointLimits limits) {

    /**
     * Settings without rate limits or buffer ceiling.
     *
     * @param connection settings of each connection
     * @param tls TLS settings with the server's credentials
     * @param retry whether to send Retry to Initials without a valid token
     * @param tokens the token key
     * @param resetTokens the stateless reset key
     * @param maxConnections the most connections at once
     * @param wallClockMillis maps {@code now} to epoch milliseconds
     * @param idGenerator mints our connection IDs, or {@code null} for random ones
     * @param handshakeBacklog the most handshakes in progress at once
     * @param retryUnderLoad whether to send Retry once half of the backlog is in use
     */
    public ServerEndpointConfig(ConnectionConfig connection, TlsEngineConfig tls, boolean retry,
            AddressValidationTokens tokens, StatelessResetTokens resetTokens, int maxConnections,
            LongUnaryOperator wallClockMillis, ConnectionIdGenerator idGenerator, int handshakeBacklog,
            boolean retryUnderLoad) {
        this(connection, tls, retry, tokens, resetTokens, maxConnections, wallClockMillis, idGenerator,
                handshakeBacklog, retryUnderLoad, EndpointLimits.NONE);
    }

    /**
     * Settings whose handshake backlog is the connection limit, without Retry under load.
     *
     * @param connection settings of each connection
     * @param tls TLS settings with the server's credentials
     * @param retry whether to send Retry to Initials without a valid token
     * @param tokens the token key
     * @param resetTokens the stateless reset key
     * @param maxConnections the most connections at once
     * @param wallClockMillis maps {@code now} to epoch milliseconds
     * @param idGenerator mints our connection IDs, or {@code null} for random ones
     */
    public ServerEndpointConfig(ConnectionConfig connection, TlsEngineConfig tls, boolean retry,
            AddressValidationTokens tokens, StatelessResetTokens resetTokens, int maxConnections,
            LongUnaryOperator wallClockMillis, ConnectionIdGenerator idGenerator) {
        this(connection, tls, retry, tokens, resetTokens, maxConnections, wallClockMillis, idGenerator,
                maxConnections, false, EndpointLimits.NONE);
    }

    /**
     * Settings with random connection IDs.
     *
     * @param connection settings of each connection
     * @param tls TLS settings with the server's credentials
     * @param retry whether to send Retry to Initials without a valid token
     * @param tokens the token key
     * @param resetTokens the stateless reset key
     * @param maxConnections the most connections at once
     * @param wallClockMillis maps {@code now} to epoch milliseconds
     */
    public ServerEndpointConfig(ConnectionConfig connection, TlsEngineConfig tls, boolean retry,
            AddressValidationTokens tokens, StatelessResetTokens resetTokens, int maxConnections,
            LongUnaryOperator wallClockMillis) {
        this(connection, tls, retry, tokens, resetTokens, maxConnections, wallClockMillis, null);
    }

    /**
     * @param l the limits
     * @return a copy with those limits
     */
    public ServerEndpointConfig withLimits(EndpointLimits l) {
        return new ServerEndpointConfig(connection, tls, retry, tokens, resetTokens, maxConnections, wallClockMillis,
                idGenerator, handshakeBacklog, retryUnderLoad, l);
    }

    /**
     * @param max the connection limit
     * @param backlog the handshake backlog
     * @return a copy with those limits
     */
    public ServerEndpointConfig withConnectionLimits(int max, int backlog) {
        return new ServerEndpointConfig(connection, tls, retry, tokens, resetTokens, max, wallClockMillis,
                idGenerator, backlog, retryUnderLoad, limits);
    }

    /** Checks the settings. */
    public ServerEndpointConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(resetTokens, "resetTokens");
        Objects.requireNonNull(wallClockMillis, "wallClockMillis");
        Objects.requireNonNull(limits, "limits");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (handshakeBacklog < 1 || handshakeBacklog > maxConnections) {
            throw new IllegalArgumentException("handshakeBacklog must be 1 to maxConnections (" + maxConnections
                    + "), was " + handshakeBacklog);
        }
        if (idGenerator != null && idGenerator.length() != connection.connectionIdLength()) {
            throw new IllegalArgumentException("idGenerator mints " + idGenerator.length()
                    + "-byte IDs but connection.connectionIdLength() is " + connection.connectionIdLength());
        }
        if (connection.connectionIdLength() == 0) {
            throw new IllegalArgumentException(
                    "a server needs non-empty connection IDs to route by (connectionIdLength)");
        }
    }
}
