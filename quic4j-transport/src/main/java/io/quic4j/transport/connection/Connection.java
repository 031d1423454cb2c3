package io.quic4j.transport.connection;

import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.cid.ConnectionIdGenerator;
import io.quic4j.transport.cid.RoutingUpdate;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.recovery.LossDetector;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.stream.StreamCounts;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import io.quic4j.transport.wire.params.VersionInformation;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * A QUIC connection as a sans-I/O state machine (DESIGN.md §2), in the style of quiche and aioquic: the
 * owner feeds it datagrams with {@link #receive}, asks for datagrams to send with {@link #send} until it
 * returns {@code null}, arms a timer for {@link #nextTimeout()} and calls {@link #onTimeout} when it
 * fires, and drains {@link #pollEvent()}. It never reads a clock (every call takes {@code now}, nanoseconds
 * on the caller's monotonic clock), never blocks, never starts a thread and takes no lock; all randomness
 * comes from the {@link SecureRandom} it is given (the TLS engine's too), so a seeded run replays exactly.
 * Not thread-safe: one connection belongs to one thread.
 *
 * <pre>{@code
 * Connection c = Connection.client(config, tls, "example.com", serverAddress, random, now);
 * for (InetSocketAddress to; (to = c.send(buffer.clear(), now)) != null; ) { socket.send(buffer.flip(), to); }
 * ... c.receive(datagram, from, now); c.onTimeout(now) when nextTimeout() passes ...
 * for (ConnectionEvent e; (e = c.pollEvent()) != null; ) { ... }
 * }</pre>
 *
 * <p>Nothing a peer sends makes these methods throw: malformed or forbidden input closes the connection
 * with the RFC's error code (reported as {@link ConnectionEvent.Closing}), and packets that fail to
 * decrypt are dropped (RFC 9001 §5.5). The concerns live in their own classes: {@link HandshakeDriver},
 * {@link PacketReceiver} and {@link FrameHandler}, {@link PacketAssembler}, {@link Recovery},
 * {@link Lifecycle}, {@link VersionAndRetry}, {@link ConnectionIds}, {@link ConnectionStreams}.
 */
public final class Connection {
    /** What {@link #read} returns once the peer reset the stream (RFC 9000 §3.2). */
    public static final int STREAM_RESET = ConnectionStreams.RESET;

    private final ConnectionState s;
    private final PacketReceiver receiver;
    private final PacketAssembler assembler;
    private long lastNow;

    private Connection(ConnectionState state, long now) {
        this.s = state;
        this.receiver = new PacketReceiver(state, new FrameHandler(state));
        this.assembler = new PacketAssembler(state);
        this.lastNow = now;
    }

    /**
     * A client connection; its first flight (the ClientHello) is ready to {@link #send} at once.
     *
     * @param config transport settings
     * @param tls TLS settings (its randomness is replaced by {@code random})
     * @param serverName the server's host name, for SNI and certificate checks
     * @param server where to send
     * @param random the only source of randomness (connection IDs, TLS)
     * @param now the current time in nanoseconds
     * @return the connection
     */
    public static Connection client(ConnectionConfig config, TlsEngineConfig tls, String serverName,
            InetSocketAddress server, SecureRandom random, long now) {
        return client(config, tls, serverName, server, random, now, null);
    }

    /**
     * A client connection that presents a token from an earlier connection's NEW_TOKEN frame (RFC 9000
     * §8.1.3), so the server may skip address validation.
     *
     * @param config transport settings
     * @param tls TLS settings (its randomness is replaced by {@code random})
     * @param serverName the server's host name, for SNI and certificate checks
     * @param server where to send
     * @param random the only source of randomness (connection IDs, TLS)
     * @param now the current time in nanoseconds
     * @param token the token to put in Initial packets, or {@code null} for none
     * @return the connection
     */
    public static Connection client(ConnectionConfig config, TlsEngineConfig tls, String serverName,
            InetSocketAddress server, SecureRandom random, long now, ByteBuffer token) {
        ConnectionIdGenerator generator = generator(config, random);
        ConnectionId local = generator.generate();
        // RFC 9000 §7.2: the client's first Destination Connection ID is unpredictable, at least 8 bytes.
        byte[] dcid = new byte[Math.max(8, config.connectionIdLength())];
        random.nextBytes(dcid);
        ConnectionId original = ConnectionId.of(dcid);
        QuicVersion version = config.versions().getFirst();
        ConnectionState s = new ConnectionState(Role.CLIENT, config, random, version, local, original, original,
                server, true, now);
        if (token != null && token.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(token.remaining());
            copy.put(token.duplicate()).flip();
            s.initialToken = copy.asReadOnlyBuffer();
        }
        s.tlsConfig = tls.toBuilder().random(random).build();
        s.serverName = serverName;
        TransportParameters params = clientParameters(s);
        wire(s, generator, StatelessResetTokens.generate(random), params, tls, serverName, random);
        s.versionNegotiation.installInitialKeys(original);
        traceStart(s, now);
        Connection c = new Connection(s, now);
        c.guard(now, () -> s.handshake.start(now));
        return c;
    }

    /**
     * What a server knows about a new connection from the client's first Initial packet (and its Retry
     * token, if it sent a Retry).
     *
     * @param client the client's address
     * @param version the version of the Initial
     * @param originalDestination the Destination Connection ID of the client's very first Initial (from the
     *            token after a Retry)
     * @param currentDestination the Destination Connection ID of this Initial (equal to the original unless
     *            after a Retry): it keys the Initial packet protection
     * @param clientSource the client's Source Connection ID
     * @param retrySource the Source Connection ID of the Retry we sent, if any
     * @param addressValidated whether a token validated the client's address (RFC 9000 §8.1)
     * @param localId our connection ID for this connection, of the configured length
     */
    public record Incoming(InetSocketAddress client, QuicVersion version, ConnectionId originalDestination,
            ConnectionId currentDestination, ConnectionId clientSource, Optional<ConnectionId> retrySource,
            boolean addressValidated, ConnectionId localId) {
        /** Checks for nulls. */
        public Incoming {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(originalDestination, "originalDestination");
            Objects.requireNonNull(currentDestination, "currentDestination");
            Objects.requireNonNull(clientSource, "clientSource");
            Objects.requireNonNull(retrySource, "retrySource");
        }
    }

    /**
     * A server connection for a client's first Initial; feed that datagram to {@link #receive} next.
     *
     * @param config transport settings
     * @param tls TLS settings with the server's credentials (its randomness is replaced by {@code random})
     * @param incoming what the first Initial said
     * @param resetTokens the server-wide stateless reset token key
     * @param random the only source of randomness
     * @param now the current time in nanoseconds
     * @return the connection
     */
    public static Connection server(ConnectionConfig config, TlsEngineConfig tls, Incoming incoming,
            StatelessResetTokens resetTokens, SecureRandom random, long now) {
        return server(config, tls, incoming, resetTokens, generator(config, random), random, now);
    }

    /**
     * A server connection whose further connection IDs come from {@code generator}, so that they can encode
     * which event loop owns the connection (DESIGN.md §2, in the spirit of QUIC-LB).
     *
     * @param config transport settings
     * @param tls TLS settings with the server's credentials (its randomness is replaced by {@code random})
     * @param incoming what the first Initial said; {@code localId} must be of the generator's length
     * @param resetTokens the server-wide stateless reset token key
     * @param generator mints the connection IDs issued in NEW_CONNECTION_ID frames
     * @param random the only source of randomness
     * @param now the current time in nanoseconds
     * @return the connection
     */
    public static Connection server(ConnectionConfig config, TlsEngineConfig tls, Incoming incoming,
            StatelessResetTokens resetTokens, ConnectionIdGenerator generator, SecureRandom random, long now) {
        ConnectionState s = new ConnectionState(Role.SERVER, config, random, incoming.version(), incoming.localId(),
                incoming.clientSource(), incoming.originalDestination(), incoming.client(),
                incoming.addressValidated(), now);
        s.retrySourceCid = incoming.retrySource();
        s.clientInitialDcid = incoming.currentDestination();
        TransportParameters.Builder params = localParameters(config)
                .originalDestinationConnectionId(incoming.originalDestination())
                .initialSourceConnectionId(incoming.localId())
                .statelessResetToken(resetTokens.tokenFor(incoming.localId()));
        incoming.retrySource().ifPresent(params::retrySourceConnectionId);
        params.versionInformation(versionInformation(incoming.version(), config));
        wire(s, generator, resetTokens, params.build(), tls, null, random);
        s.versionNegotiation.installInitialKeys(incoming.currentDestination());
        traceStart(s, now);
        return new Connection(s, now);
    }

    private static void traceStart(ConnectionState s, long now) {
        s.tracer.connectionStarted(s.peerAddress, s.localCid, s.peerCid, now);
        s.tracer.parametersSet(true, s.localParams, now);
        s.tracer.keyInstalled(PacketNumberSpace.INITIAL, true, now);
        s.tracer.keyInstalled(PacketNumberSpace.INITIAL, false, now);
    }

    /** Our transport parameters as a client, for the version currently attempted. */
    static TransportParameters clientParameters(ConnectionState s) {
        return localParameters(s.config).initialSourceConnectionId(s.localCid)
                .versionInformation(versionInformation(s.version, s.config)).build();
    }

    /** RFC 9368 §3, required with v2 by RFC 9369 §4: the version in use and the versions we support. */
    private static VersionInformation versionInformation(QuicVersion chosen, ConnectionConfig config) {
        int[] available = config.versions().stream().mapToInt(QuicVersion::wire).toArray();
        return VersionInformation.of(chosen.wire(), available);
    }

    /** Encodes our parameters for the TLS extension. */
    static byte[] encode(TransportParameters params, Role role) {
        byte[] encoded = new byte[params.encodedLength()];
        params.encode(ByteBuffer.wrap(encoded), role);
        return encoded;
    }

    private static ConnectionIdGenerator generator(ConnectionConfig config, SecureRandom random) {
        return config.connectionIdLength() == 0
                ? ConnectionIdGenerator.zeroLength()
                : ConnectionIdGenerator.random(config.connectionIdLength(), random);
    }

    private static TransportParameters.Builder localParameters(ConnectionConfig c) {
        TransportParameters.Builder b = ConnectionStreams.advertise(TransportParameters.builder(),
                ConnectionStreams.config(c))
                .maxIdleTimeout(c.maxIdleTimeout())
                .ackDelayExponent(c.ackDelayExponent())
                .maxAckDelay(c.maxAckDelay())
                .activeConnectionIdLimit(c.activeConnectionIdLimit());
        if (c.maxUdpPayloadSize() != TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE) {
            b.maxUdpPayloadSize(c.maxUdpPayloadSize());
        }
        if (c.datagrams().maxFrameSize() > 0) {
            // RFC 9221 §3: absent (the default 0) means we do not support DATAGRAM frames.
            b.maxDatagramFrameSize(c.datagrams().maxFrameSize());
        }
        return b;
    }

    private static void wire(ConnectionState s, ConnectionIdGenerator generator, StatelessResetTokens resetTokens,
            TransportParameters params, TlsEngineConfig tls, String serverName, SecureRandom random) {
        s.localParams = params;
        byte[] encoded = encode(params, s.role);
        TlsEngineConfig seeded = tls.toBuilder().random(random).build();
        TlsEngine engine = s.isClient()
                ? TlsEngine.client(seeded, serverName, encoded, null)
                : TlsEngine.server(seeded, encoded);
        s.recovery = new Recovery(s, s.config.congestionControl());
        s.lifecycle = new Lifecycle(s);
        s.cids = new ConnectionIds(s, generator, resetTokens);
        s.versionNegotiation = new VersionAndRetry(s);
        s.streams = new ConnectionStreams(s);
        s.path = new PathValidation(s);
        s.datagrams = new Datagrams(s);
        s.pathMtu = new PathMtu(s);
        s.handshake = new HandshakeDriver(s, engine);
    }

    /**
     * Processes one received datagram.
     *
     * @param datagram the UDP payload from position to limit; changed in place (protection is removed
     *            there) and not kept after the call
     * @param from the sender's address
     * @param now the current time
     */
    public void receive(ByteBuffer datagram, InetSocketAddress from, long now) {
        lastNow = now;
        if (s.close.phase() == CloseState.Phase.DRAINING || s.close.phase() == CloseState.Phase.CLOSED) {
            return;
        }
        int length = datagram.remaining();
        if (s.isClient() && !from.equals(s.peerAddress)) {
            // RFC 9000 §9: "If a client receives packets from an unknown server address, the client MUST
            // discard these packets."
            s.stats.packetsDropped++;
            s.tracer.packetDropped(null, length, ConnectionTracer.DropReason.CONNECTION_UNKNOWN, now);
            return;
        }
        s.datagramSource = from;
        s.datagramLength = length;
        s.stats.bytesReceived += length;
        // RFC 9000 §8.1: what the client sent raises what we may send before its address is validated (on a
        // new path the limit starts over when the path changes, PathValidation).
        if (from.equals(s.peerAddress)) {
            s.amplification.onReceived(length);
        } else if (!s.isClient()) {
            s.path.onDatagramFromElsewhere(from, length);
            s.pathResponses.onDatagram(from, length);
        }
        guard(now, () -> receiver.receive(datagram, now));
        if (s.close.isOpen()) {
            guard(now, s.streams::afterReceive);
        }
        updateAmplificationBlock(now);
    }

    /**
     * Writes the next datagram to send at {@code out}'s position, advancing it.
     *
     * @param out room for a datagram: at least 1200 bytes remaining to send anything
     * @param now the current time
     * @return the destination address, or {@code null} if there is nothing to send now
     */
    public InetSocketAddress send(ByteBuffer out, long now) {
        lastNow = now;
        int start = out.position();
        InetSocketAddress to = null;
        try {
            // Not through guard(): this runs once per datagram, and a capturing lambda would allocate.
            to = assembler.send(out, now);
        } catch (RuntimeException e) {
            fail(e, now);
        }
        if (to == null) {
            out.position(start);
        }
        updateAmplificationBlock(now);
        return to;
    }

    /** @return when {@link #onTimeout} should be called next, or {@code Long.MAX_VALUE} for never */
    public long nextTimeout() {
        if (s.close.phase() == CloseState.Phase.CLOSED) {
            return Long.MAX_VALUE;
        }
        long t = s.lifecycle.nextTimeout();
        if (!s.close.isOpen()) {
            return t;
        }
        long loss = s.recovery.timer();
        if (loss != LossDetector.NEVER) {
            t = Math.min(t, loss);
        }
        for (PacketSpace space : s.spaces) {
            if (!space.discarded()) {
                t = Math.min(t, space.acks.ackDeadline());
            }
        }
        t = Math.min(t, s.path.timer());
        t = Math.min(t, s.pathMtu.timer());
        if (s.streams.hasFrameToSend() && s.recovery.cc.availableWindow() > 0) {
            long pacing = s.recovery.pacer.nextSendTime(lastNow, s.pathMtu.maxDatagramSize());
            if (pacing > lastNow) {
                t = Math.min(t, pacing);
            }
        }
        return t;
    }

    /**
     * Runs the timers due at {@code now}: loss detection and PTO, idle and handshake timeouts, keep-alive,
     * the end of the closing or draining period, old key discard. Call {@link #send} afterwards.
     *
     * @param now the current time
     */
    public void onTimeout(long now) {
        lastNow = now;
        guard(now, () -> {
            if (s.close.isOpen()) {
                s.recovery.onTimeout(now);
                s.path.onTimeout(now);
                s.pathMtu.onTimeout(now);
            }
            s.lifecycle.onTimeout(now);
        });
    }

    /** @return the next event, or {@code null} */
    public ConnectionEvent pollEvent() {
        ConnectionEvent e = s.events.poll();
        if (e instanceof ConnectionEvent.DatagramReceived d) {
            s.datagrams.onDelivered(d.data().capacity());
        }
        return e;
    }

    /**
     * Queues an unreliable datagram (RFC 9221 §5): sent in a DATAGRAM frame after control frames, under
     * congestion control, never retransmitted. A full send queue drops its oldest datagram
     * ({@link DatagramStats#sendDropped()}).
     *
     * @param data the datagram, copied (position to limit; the buffer is not changed)
     * @throws IllegalStateException if the peer's transport parameters are unknown or it did not advertise
     *     max_datagram_frame_size (RFC 9221 §3), or the connection is closing
     * @throws IllegalArgumentException if the datagram cannot fit the peer's max_datagram_frame_size or one
     *     packet ({@link #maxDatagramLength()})
     */
    public void sendDatagram(ByteBuffer data) {
        if (!s.close.isOpen()) {
            throw new IllegalStateException("the connection is closing");
        }
        s.datagrams.send(data);
    }

    /**
     * @return the largest datagram {@link #sendDatagram} accepts
     * @throws IllegalStateException if the peer has not advertised DATAGRAM support (RFC 9221 §3)
     */
    public int maxDatagramLength() {
        return s.datagrams.maxDatagramLength();
    }

    /** @return a snapshot of the DATAGRAM counters */
    public DatagramStats datagramStats() {
        return s.datagrams.stats();
    }

    /**
     * Opens a bidirectional stream (RFC 9000 §2.1).
     *
     * @return its ID, or -1 if the peer's stream limit (or the handshake) does not allow one yet; a
     *     STREAMS_BLOCKED then tells the peer (§4.6)
     */
    public long openBidirectionalStream() {
        return open(true);
    }

    /**
     * Opens a unidirectional stream, which only this endpoint writes (RFC 9000 §2.1).
     *
     * @return its ID, or -1 if the peer's stream limit (or the handshake) does not allow one yet
     */
    public long openUnidirectionalStream() {
        return open(false);
    }

    private long open(boolean bidirectional) {
        if (!s.close.isOpen() || s.peerParams == null) {
            return -1;
        }
        return s.streams.open(bidirectional);
    }

    /**
     * Queues bytes on a stream; they are sent as flow control and congestion control allow. When fewer
     * bytes than offered are taken, a {@link ConnectionEvent.StreamWritable} follows once there is room.
     *
     * @param streamId a stream this endpoint can write
     * @param data the bytes from position to limit; the position advances past what was taken
     * @param fin whether these are the last bytes (only applied once all of {@code data} was taken)
     * @return how many bytes were taken (0 when the stream's send buffer is full), or -1 if the stream's
     *     sending half is finished or reset (by us, or in answer to the peer's STOP_SENDING)
     * @throws IllegalArgumentException for a stream that never existed or that only the peer writes
     * @throws IllegalStateException if the connection is closing or closed
     */
    public int write(long streamId, ByteBuffer data, boolean fin) {
        requireOpen();
        return s.streams.write(streamId, data, fin);
    }

    /**
     * Reads received bytes of a stream, in order; reading returns flow control credit to the peer.
     *
     * @param streamId a stream this endpoint can read
     * @param dst where the bytes go
     * @return bytes read, 0 if none are available yet, -1 at the end of the stream (or after
     *     {@link #cancelRead}), {@link #STREAM_RESET} if the peer reset it
     * @throws IllegalArgumentException for a stream that never existed or that only this endpoint writes
     */
    public int read(long streamId, ByteBuffer dst) {
        return s.streams.read(streamId, dst, lastNow);
    }

    /**
     * Abandons writing: RESET_STREAM with {@code errorCode} (RFC 9000 §3.1, §19.4), unsent and
     * unacknowledged data dropped. Idempotent; nothing happens on a finished or unknown-but-finished stream.
     *
     * @param streamId a stream this endpoint writes
     * @param errorCode the application error code
     * @throws IllegalArgumentException for a stream that never existed
     * @throws IllegalStateException if the connection is closing or closed
     */
    public void cancelWrite(long streamId, long errorCode) {
        requireOpen();
        s.streams.cancelWrite(streamId, errorCode);
    }

    /**
     * Abandons reading: STOP_SENDING with {@code errorCode} if the peer may still send (RFC 9000 §3.5,
     * §19.5); buffered data is dropped and its flow-control credit returned. Idempotent.
     *
     * @param streamId a stream this endpoint reads
     * @param errorCode the application error code
     * @throws IllegalArgumentException for a stream that never existed
     * @throws IllegalStateException if the connection is closing or closed
     */
    public void cancelRead(long streamId, long errorCode) {
        requireOpen();
        s.streams.cancelRead(streamId, errorCode, lastNow);
    }

    /**
     * Closes a stream in both directions (DESIGN.md §3): FIN after the data written, and STOP_SENDING with
     * {@code errorCode} if the peer may still send. Idempotent.
     *
     * @param streamId the stream
     * @param errorCode the STOP_SENDING error code (0 is customary for "no error")
     * @throws IllegalArgumentException for a stream that never existed
     * @throws IllegalStateException if the connection is closing or closed
     */
    public void closeStream(long streamId, long errorCode) {
        requireOpen();
        s.streams.close(streamId, errorCode, lastNow);
    }

    /**
     * The application is done with a stream: it closed its handle, or the handle was garbage collected. Nothing
     * is sent (use {@link #closeStream} for that); when the connection was configured with
     * {@link ConnectionConfig#streamCreditOnClose()}, this is the last condition for a peer stream whose halves
     * are done to be retired and return its MAX_STREAMS credit (RFC 9000 §4.6). Idempotent; ignored for a stream
     * that is finished or never existed, and once the connection is closing (its streams then go with it).
     *
     * @param streamId the stream
     */
    public void releaseStream(long streamId) {
        if (s.close.isOpen()) {
            s.streams.releaseStream(streamId);
        }
    }

    /**
     * Sets a stream's scheduling priority (RFC 9218 §4), for the HTTP/3 layer: lower urgency is sent
     * first; within one urgency, non-incremental streams one at a time in ID order, incremental ones
     * round-robin. Streams default to urgency 3, incremental (plain round-robin). Ignored for a stream
     * that is no longer live.
     *
     * @param streamId the stream
     * @param urgency 0 (most urgent) to 7
     * @param incremental whether the stream shares its urgency level round-robin
     * @throws IllegalArgumentException if urgency is outside 0..7
     */
    public void setStreamPriority(long streamId, int urgency, boolean incremental) {
        s.streams.priority(streamId, new io.quic4j.transport.stream.StreamPriority(urgency, incremental));
    }

    /**
     * Lowers (or restores) how many bidirectional streams the peer may have live at once, up to the configured
     * initial_max_streams_bidi; an overloaded HTTP/3 server uses it to give a connection fewer requests. Credit
     * already advertised stays (RFC 9000 §4.6), so a lower limit takes effect as the peer's streams retire.
     *
     * @param live 0 to the configured limit; more counts as the configured limit
     * @throws IllegalArgumentException if {@code live} is negative
     */
    public void limitIncomingBidirectionalStreams(long live) {
        s.streams.limitIncomingBidi(live);
    }

    private void requireOpen() {
        if (!s.close.isOpen()) {
            throw new IllegalStateException("connection is " + s.close.phase());
        }
    }

    /**
     * Closes the connection with an application error code (CONNECTION_CLOSE 0x1d, RFC 9000 §10.2). Does
     * nothing if it is already closing, draining or closed.
     *
     * @param errorCode the application's error code
     * @param reason a reason phrase (UTF-8, cut to 512 bytes)
     * @param now the current time
     */
    public void close(long errorCode, String reason, long now) {
        lastNow = now;
        s.lifecycle.closeApplication(errorCode, reason, now);
    }

    /**
     * Closes the connection with a transport error code (CONNECTION_CLOSE 0x1c).
     *
     * @param error the error
     * @param reason a reason phrase
     * @param now the current time
     */
    public void closeTransport(TransportError error, String reason, long now) {
        lastNow = now;
        s.lifecycle.closeTransport(error, reason, now);
    }

    /**
     * Server: sends a NEW_TOKEN frame (RFC 9000 §8.1.3) with a token the endpoint minted, for the client's
     * future connections. Only after the handshake is confirmed (§19.7: never in an earlier packet type).
     *
     * @param token the token, copied
     * @throws IllegalStateException on a client, or before the handshake is confirmed
     */
    public void sendNewToken(ByteBuffer token) {
        if (s.isClient() || !s.handshakeConfirmed) {
            throw new IllegalStateException("only a server with a confirmed handshake sends NEW_TOKEN");
        }
        if (s.close.isOpen()) {
            ByteBuffer copy = ByteBuffer.allocate(token.remaining());
            copy.put(token.duplicate()).flip();
            s.control.queue(new NewTokenFrame(copy));
        }
    }

    /** @return whether the TLS handshake completed */
    public boolean isHandshakeComplete() {
        return s.handshakeComplete;
    }

    /** @return whether the handshake is confirmed (RFC 9001 §4.1.2) */
    public boolean isHandshakeConfirmed() {
        return s.handshakeConfirmed;
    }

    /** @return whether the connection is closed for good (no more events, timers or datagrams) */
    public boolean isClosed() {
        return s.close.phase() == CloseState.Phase.CLOSED;
    }

    /**
     * Whether the closing or draining period may be cut short by an endpoint that is about to close its socket
     * (RFC 9000 §10.2: such endpoints "MAY end these states earlier"): the connection is draining or closed, or
     * closing and its CONNECTION_CLOSE was sent at least once, so the peer has been told.
     *
     * @return true once the connection has nothing left to send before it may be forgotten
     */
    public boolean isGoodbyeSaid() {
        return s.close.goodbyeSaid();
    }

    /** @return whether it is open (not closing, draining or closed) */
    public boolean isOpen() {
        return s.close.isOpen();
    }

    /** @return why it is closing or closed, or empty while open */
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(s.close.reason());
    }

    /** @return client or server */
    public Role role() {
        return s.role;
    }

    /** @return the QUIC version in use */
    public QuicVersion version() {
        return s.version;
    }

    /** @return our connection ID of the handshake */
    public ConnectionId localConnectionId() {
        return s.localCid;
    }

    /** @return the peer's address */
    public InetSocketAddress peerAddress() {
        return s.peerAddress;
    }

    /**
     * Client-initiated connection migration (RFC 9000 §9.2): the caller sends this connection's datagrams
     * from {@code newLocal} from now on. The connection switches to an unused connection ID of the server's
     * (retiring the old one, §9.5), validates the new path with PATH_CHALLENGE (a bounded number of times,
     * §8.2.4), and starts congestion control and RTT estimation over (§9.4) unless only the port changed
     * since the previous call (the first call cannot tell, so it always starts over).
     *
     * @param newLocal the local address datagrams are sent from now on
     * @param now the current time
     * @throws IllegalStateException if migration is not allowed now: on a server, before the handshake is
     *     confirmed, once closing, if the server sent {@code disable_active_migration} (§9.1) or uses
     *     zero-length connection IDs, or if no unused connection ID of the server's is left (§9.5); see
     *     {@link #migrationRefusal()}
     * @throws IllegalArgumentException if {@code newLocal} is the address of the previous call
     */
    public void migrate(InetSocketAddress newLocal, long now) {
        Objects.requireNonNull(newLocal, "newLocal");
        lastNow = now;
        s.path.migrate(newLocal, now);
    }

    /**
     * @return why {@link #migrate} would refuse now, or empty if it would not
     */
    public Optional<String> migrationRefusal() {
        return Optional.ofNullable(s.path.migrationRefusal());
    }

    /** @return the peer's transport parameters, once received */
    public Optional<TransportParameters> peerParameters() {
        return Optional.ofNullable(s.peerParams);
    }

    /**
     * The next change to the set of our connection IDs that route to this connection (the handshake ID
     * first, then each ID issued in NEW_CONNECTION_ID, and each the peer retired), for the endpoint's
     * routing table (DESIGN.md §2).
     *
     * @return the change, or {@code null} if there is none
     */
    public RoutingUpdate pollRoutingUpdate() {
        return s.cids.local.pollRoutingUpdate();
    }

    /** @return a snapshot of counters and estimates */
    public ConnectionStats stats() {
        var c = s.stats;
        StreamCounts streams = s.streams.counts();
        return new ConnectionStats(s.rtt.smoothedRtt(), s.rtt.minRtt(), s.rtt.rttVar(),
                s.recovery.cc.congestionWindow(),
                s.recovery.cc.bytesInFlight(), c.bytesSent, c.bytesReceived, c.packetsSent, c.packetsReceived,
                s.recovery.packetsLost(), c.packetsDropped, c.keyUpdates, streams.open(), streams.halfClosedBidi(),
                streams.retiredLocalBidi() + streams.retiredLocalUni() + streams.retiredPeerBidi()
                        + streams.retiredPeerUni(),
                s.pathMtu.maxDatagramSize());
    }

    /**
     * What this connection's buffers cost the heap, for a server's memory ceiling ({@code transport.memory}):
     * stream receive buffers (out-of-order and unread) and send buffers (unacknowledged) and the CRYPTO buffers
     * of every packet number space, each counted in whole pages (so fragmented data counts what it really
     * holds, not its payload), plus the DATAGRAM queues (received and not yet taken by the owner, queued to
     * send). O(streams).
     *
     * @return the bytes held
     */
    public long bufferedBytes() {
        long sum = s.streams.bufferedBytes() + s.datagrams.queuedBytes();
        for (PacketSpace space : s.spaces) {
            if (space != null && space.crypto != null) {
                sum += space.crypto.retainedBytes();
            }
        }
        return sum;
    }

    /**
     * Holds back (or releases) flow-control credit: while held, no MAX_DATA or MAX_STREAM_DATA raises a limit
     * and the windows do not grow (RFC 9000 §4.2: how much credit to advertise, and when, is the receiver's
     * choice); credit already advertised stays (§4.1). On release, updates that came due meanwhile are owed at
     * once. Set by a server endpoint while its memory is short ({@code transport.memory}).
     *
     * @param hold whether to hold
     */
    public void holdCredit(boolean hold) {
        s.streams.holdCredit(hold);
    }

    /** @return whether flow-control credit is held ({@link #holdCredit}) */
    public boolean isCreditHeld() {
        return s.streams.isCreditHeld();
    }

    /** @return the shared state, for tests in this package that forge packets with the connection's keys */
    ConnectionState state() {
        return s;
    }

    private void updateAmplificationBlock(long now) {
        if (!s.isClient() && s.close.isOpen()) {
            s.recovery.loss.setAmplificationBlocked(
                    s.amplification.allowance() < ConnectionConfig.MIN_DATAGRAM_SIZE, now);
        }
    }

    /**
     * Runs a step, turning errors into a close: a {@link QuicTransportException} with its code and frame
     * type, anything else (a bug of ours provoked by the peer) as INTERNAL_ERROR, so nothing escapes.
     */
    private void guard(long now, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            fail(e, now);
        }
    }

    private void fail(RuntimeException e, long now) {
        if (e instanceof QuicTransportException q) {
            s.lifecycle.onError(q, now);
            return;
        }
        // Nothing a peer sends should get here: this is a bug of ours, closed as INTERNAL_ERROR.
        ConnectionLog.warning(s, () -> "internal error: " + e);
        s.lifecycle.onError(QuicTransportException.of(TransportError.INTERNAL_ERROR, "internal error: " + e), now);
    }
}
