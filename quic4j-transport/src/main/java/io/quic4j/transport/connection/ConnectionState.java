package io.quic4j.transport.connection;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.recovery.RttEstimator;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.params.TransportParameters;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The state every concern of a connection shares (in the spirit of ngtcp2's {@code ngtcp2_conn} struct,
 * but with the behaviour split out): identity and addresses, the packet number spaces and keys, the
 * negotiated parameters, the event queue, counters. The concern classes ({@link HandshakeDriver},
 * {@link PacketReceiver}, {@link FrameHandler}, {@link PacketAssembler}, {@link Recovery},
 * {@link VersionAndRetry}) read and change it; {@link Connection} is the facade. Confined to one thread.
 */
final class ConnectionState {
    final Role role;
    final ConnectionConfig config;
    final RandomGenerator random;
    QuicVersion version;

    /** Our connection ID for the handshake (the Source Connection ID of our long headers). */
    final ConnectionId localCid;
    /** Where we send: the peer's Source Connection ID once learned, before that the client's choice. */
    ConnectionId peerCid;
    /** The Destination Connection ID of the client's first Initial (RFC 9000 §7.3). */
    final ConnectionId originalDcid;
    /** Server: the Destination Connection ID of the client's Initials, which keys Initial protection. */
    ConnectionId clientInitialDcid;
    /** Client: the Source Connection ID of the Retry acted on; server: of the Retry it sent. */
    Optional<ConnectionId> retrySourceCid = Optional.empty();
    /** Client: the token to put in Initial packets (from Retry or NEW_TOKEN). */
    ByteBuffer initialToken = ByteBuffer.allocate(0);
    /** Client: whether a packet from the server was processed (VN and Retry are ignored after that). */
    boolean peerPacketProcessed;
    /** Client: whether the server's Source Connection ID has been adopted. */
    boolean peerCidLearned;

    InetSocketAddress peerAddress;

    /** Client: what a restart after Version Negotiation needs to build a new TLS engine. */
    io.quic4j.tls.TlsEngineConfig tlsConfig;
    String serverName;
    /** Client: the version of the first attempt, if Version Negotiation moved us off it (RFC 9368 §4). */
    Optional<QuicVersion> versionBeforeNegotiation = Optional.empty();

    final PacketSpace[] spaces = new PacketSpace[3];
    OneRttKeys oneRtt;

    TransportParameters localParams;
    TransportParameters peerParams;
    boolean handshakeComplete;
    boolean handshakeConfirmed;
    String applicationProtocol;

    final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>();
    final CloseState close = new CloseState();
    final IdleTimer idle;
    AmplificationLimit amplification;
    final ConnectionStats.Counters stats = new ConnectionStats.Counters();
    final RttEstimator rtt;
    final long handshakeDeadline;
    /** Where qlog-style events go; {@link ConnectionTracer#NONE} unless configured. */
    final ConnectionTracer tracer;

    /** Packets that came before their keys, replayed once keys are installed. */
    final EarlyPackets early = new EarlyPackets();
    /** Bumped whenever keys of a new level are installed, so buffered packets are retried. */
    int keyGeneration;

    /** 1-RTT packets until the next packet number is skipped (optimistic-ACK detection, RFC 9000 §21.4). */
    long skipCountdown = 64;
    /** The packet number skipped last, or -1. */
    long lastSkippedPacketNumber = -1;

    /** Control frames waiting for a 1-RTT packet. */
    final ControlFrames control = new ControlFrames();
    /** PATH_RESPONSEs owed to addresses other than the current path's (RFC 9000 §8.2.2). */
    final PathResponses pathResponses = new PathResponses();

    // The concerns, wired by Connection.
    Recovery recovery;
    Lifecycle lifecycle;
    ConnectionIds cids;
    VersionAndRetry versionNegotiation;
    HandshakeDriver handshake;
    ConnectionStreams streams;
    PathValidation path;
    Datagrams datagrams;
    PathMtu pathMtu;
    /** The source address of the datagram being processed. */
    InetSocketAddress datagramSource;
    int datagramLength;

    ConnectionState(Role role, ConnectionConfig config, RandomGenerator random, QuicVersion version,
            ConnectionId localCid, ConnectionId peerCid, ConnectionId originalDcid, InetSocketAddress peerAddress,
            boolean addressValidated, long now) {
        this.role = role;
        this.config = config;
        this.random = random;
        this.version = version;
        this.localCid = localCid;
        this.peerCid = peerCid;
        this.originalDcid = originalDcid;
        this.peerAddress = peerAddress;
        this.amplification = new AmplificationLimit(role == Role.CLIENT || addressValidated);
        this.idle = new IdleTimer(config.maxIdleTimeout().toNanos(), config.keepAlivePeriod().toNanos(), now);
        this.rtt = new RttEstimator(config.initialRtt().toNanos());
        this.handshakeDeadline = now + config.handshakeTimeout().toNanos();
        this.tracer = GuardedTracer.create(config.tracers(), role, originalDcid, now);
        long maxAckDelay = config.maxAckDelay().toNanos();
        for (PacketNumberSpace id : PacketNumberSpace.values()) {
            spaces[id.ordinal()] = new PacketSpace(id, config.ackDelayExponent(),
                    id == PacketNumberSpace.APPLICATION ? maxAckDelay : 0);
        }
    }

    boolean isClient() {
        return role == Role.CLIENT;
    }

    PacketSpace space(PacketNumberSpace id) {
        return spaces[id.ordinal()];
    }

    int localCidLength() {
        return localCid.length();
    }

    /**
     * Whether a packet addressed to {@code destination} belongs to us. A server also accepts the
     * client-chosen original Destination Connection ID on long headers until the handshake is done.
     */
    boolean acceptsDestination(ConnectionId destination, boolean longHeader) {
        if (destination.equals(localCid) || cids != null && cids.isLocal(destination)) {
            return true;
        }
        if (longHeader && role == Role.SERVER && !handshakeConfirmed) {
            return destination.equals(originalDcid) || destination.equals(clientInitialDcid);
        }
        return false;
    }

    /**
     * RFC 9001 §6.6: past the integrity limit, "the endpoint MUST immediately close the connection with a
     * connection error of type AEAD_LIMIT_REACHED".
     */
    void checkIntegrityLimit(boolean reached) {
        if (reached) {
            throw QuicTransportException.of(TransportError.AEAD_LIMIT_REACHED,
                    "too many packets failed authentication (RFC 9001 §6.6)");
        }
    }

    /** RFC 9000 §10.3.1: a datagram we cannot decrypt may be a stateless reset from the peer. */
    void checkStatelessReset(ByteBuffer datagram, long now) {
        if (cids != null && cids.isStatelessReset(datagram)) {
            lifecycle.onStatelessReset(now);
        }
    }

    /** @return the probe timeout without backoff (RFC 9002 §6.2.1) */
    long pto() {
        long maxAckDelay = handshakeConfirmed && peerParams != null ? peerParams.maxAckDelay().toNanos() : 0;
        return rtt.smoothedRtt() + Math.max(4 * rtt.rttVar(), RttEstimator.GRANULARITY_NANOS) + maxAckDelay;
    }

    /** @return three PTOs: the closing and draining period, and how long old 1-RTT keys live */
    long threePto() {
        return 3 * pto();
    }

    /** @return whether to gather what only tracing needs */
    boolean tracing() {
        return tracer.enabled();
    }

    /** Traces recovery's current metrics (RFC 9002 Appendix A.3, B.2). */
    void traceMetrics(long now) {
        if (tracer.enabled()) {
            tracer.metricsUpdated(rtt.hasSample() ? rtt.minRtt() : 0, rtt.smoothedRtt(),
                    rtt.hasSample() ? rtt.latestRtt() : 0, rtt.rttVar(), recovery.loss.ptoCount(),
                    recovery.cc.congestionWindow(), recovery.cc.bytesInFlight(), now);
        }
    }

    void emit(ConnectionEvent event) {
        events.add(event);
    }
}
