package io.quic4j.tls;

import io.quic4j.tls.handshake.ClientHandshake;
import io.quic4j.tls.handshake.HandshakeBase;
import io.quic4j.tls.handshake.ServerHandshake;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A TLS 1.3 handshake for one QUIC connection, sans-I/O (RFC 9001 §4): no sockets, no threads, no
 * clock. The transport feeds CRYPTO frame data per encryption level with {@link #receive}, sends
 * what {@link #pollOutput} returns at that level, and installs packet keys from the
 * {@link TlsEvent.TrafficSecret} events {@link #pollEvent} returns.
 *
 * <pre>{@code
 * TlsEngine tls = TlsEngine.client(config, "example.com", encodedTransportParameters, null);
 * tls.start(nowMillis);                                     // ClientHello at INITIAL
 * ... send tls.pollOutput(INITIAL) in CRYPTO frames ...
 * tls.receive(EncryptionLevel.INITIAL, cryptoData, nowMillis);
 * for (TlsEvent e; (e = tls.pollEvent()) != null; ) { ... install keys, read parameters ... }
 * }</pre>
 *
 * <p>Failures throw {@link TlsAlertException} (the alert is also reported as a
 * {@link TlsEvent.Alert}); the engine is then dead and every further call throws
 * {@link IllegalStateException}. Not thread-safe: one engine belongs to one connection's thread.
 */
public final class TlsEngine {
    private final HandshakeBase handshake;
    private final ClientHandshake client;
    private final ServerHandshake server;

    private TlsEngine(HandshakeBase handshake, ClientHandshake client, ServerHandshake server) {
        this.handshake = handshake;
        this.client = client;
        this.server = server;
    }

    /**
     * A client engine. Call {@link #start(long)} to produce the ClientHello.
     *
     * @param config settings
     * @param serverName the host to connect to: sent as server_name (unless an IP literal) and matched
     *            against the server certificate
     * @param transportParameters our encoded quic_transport_parameters (RFC 9000 §18); may be
     *            {@code null} only when {@link TlsEngineConfig#quic()} is false
     * @param resumption a ticket from an earlier connection to resume with, or {@code null}
     * @return the engine
     */
    public static TlsEngine client(TlsEngineConfig config, String serverName, byte[] transportParameters,
            SessionTicket resumption) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serverName, "serverName");
        ClientHandshake c = new ClientHandshake(config, serverName, transportParameters, resumption);
        return new TlsEngine(c, c, null);
    }

    /**
     * A server engine; it acts when the ClientHello arrives.
     *
     * @param config settings with {@link TlsEngineConfig#credentials()}
     * @param transportParameters our encoded quic_transport_parameters; may be {@code null} only
     *            when {@link TlsEngineConfig#quic()} is false
     * @return the engine
     */
    public static TlsEngine server(TlsEngineConfig config, byte[] transportParameters) {
        Objects.requireNonNull(config, "config");
        ServerHandshake s = new ServerHandshake(config, transportParameters);
        return new TlsEngine(s, null, s);
    }

    /**
     * Client only: writes the ClientHello at {@link EncryptionLevel#INITIAL}, and when 0-RTT is
     * attempted reports the {@link EncryptionLevel#ZERO_RTT} write secret.
     *
     * @param nowMillis the caller's wall clock in ms (for the ticket age, RFC 8446 §4.2.11.1)
     * @throws IllegalStateException on a server engine, or when called twice
     */
    public void start(long nowMillis) {
        if (client == null) {
            throw new IllegalStateException("start() is for client engines; a server waits for the ClientHello");
        }
        client.start(nowMillis);
    }

    /**
     * Server only: data to seal into the session tickets this connection issues, handed back to
     * {@link TlsEngineConfig#earlyDataValidator()} when a client tries 0-RTT with one of them (RFC 9001
     * §4.6.3: the transport parameters and application settings 0-RTT depends on). Call before the
     * handshake completes; tickets are issued when it does.
     *
     * @param data opaque bytes, at most 65535
     * @throws IllegalStateException on a client engine
     */
    public void setTicketData(byte[] data) {
        if (server == null) {
            throw new IllegalStateException("ticket data is sealed by servers; a client keeps SessionTicket");
        }
        server.setTicketData(data);
    }

    /**
     * Handles handshake bytes received at a level (the payload of CRYPTO frames, in order).
     *
     * @param level where the bytes arrived
     * @param data the bytes; consumed entirely (partial messages are buffered)
     * @param nowMillis the caller's wall clock in ms (ticket ages and issue times)
     * @throws TlsAlertException if the peer's messages are malformed or wrong; the alert says which
     */
    public void receive(EncryptionLevel level, ByteBuffer data, long nowMillis) {
        handshake.receive(level, data, nowMillis);
    }

    /**
     * @param level the level
     * @return the handshake bytes to send at that level since the last call, or {@code null}
     */
    public ByteBuffer pollOutput(EncryptionLevel level) {
        return handshake.pollOutput(level);
    }

    /** @return the next event, or {@code null} when there is none */
    public TlsEvent pollEvent() {
        return handshake.pollEvent();
    }

    /** @return whether this endpoint has sent and received Finished */
    public boolean isHandshakeComplete() {
        return handshake.isComplete();
    }

    /** @return whether this is a client engine */
    public boolean isClient() {
        return client != null;
    }

    /** @return the negotiated cipher suite, or {@code null} before the ServerHello */
    public CipherSuite cipherSuite() {
        return handshake.cipherSuite();
    }
}
