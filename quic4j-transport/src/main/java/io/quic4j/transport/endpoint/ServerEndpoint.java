package io.quic4j.transport.endpoint;

import io.quic4j.transport.QuicServerStats;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.cid.ConnectionIdGenerator;
import io.quic4j.transport.cid.RoutingUpdate;
import io.quic4j.transport.cid.StatelessReset;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.crypto.InitialKeys;
import io.quic4j.transport.crypto.PacketDecryptionException;
import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.crypto.RetryIntegrity;
import io.quic4j.transport.memory.MemoryLedger;
import io.quic4j.transport.token.TokenValidation;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.Packet;
import io.quic4j.transport.wire.packet.PacketInvariants;
import io.quic4j.transport.wire.packet.PacketNumber;
import io.quic4j.transport.wire.packet.PacketParser;
import io.quic4j.transport.wire.packet.RetryPacket;
import io.quic4j.transport.wire.packet.UnsupportedVersionPacket;
import io.quic4j.transport.wire.packet.VersionNegotiationPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * A sans-I/O QUIC server endpoint (DESIGN.md §2): the part of an event loop that owns the connections of
 * one socket. It routes each datagram by Destination Connection ID, creates a server {@link Connection}
 * for a valid client Initial in a datagram of at least 1200 bytes (RFC 9000 §14.1), answers unknown
 * versions with Version Negotiation (§6.1), sends Retry when configured and validates tokens (§8.1.2,
 * §17.2.5), and answers short-header packets for unknown connection IDs with a stateless reset (§10.3).
 * Like the connection, it never reads a clock and never blocks; time is passed in.
 *
 * <pre>{@code
 * endpoint.receive(datagram, from, now);
 * for (InetSocketAddress to; (to = endpoint.send(buffer.clear(), now)) != null; ) { ... }
 * for (Connection c; (c = endpoint.pollAccepted()) != null; ) { ... the application's new connection ... }
 * }</pre>
 */
public final class ServerEndpoint implements DatagramEndpoint {
    /** Stateless answers waiting to be sent, bounded so a flood cannot make us queue without limit. */
    static final int MAX_PENDING_STATELESS = 64;
    /** New connections are refused once buffers hold this share of the ceiling (transport.memory). */
    static final double ADMISSION_FRACTION = 0.875;
    /**
     * The longest stateless reset we send. RFC 9000 §10.3 only asks for at least 21 bytes (41 to be hard to tell
     * from a short-header packet) and fewer than the trigger; answering a 1200-byte datagram with 1199 bytes
     * would reflect a spoofed flood at full volume towards its victim, so resets stay small.
     */
    static final int MAX_RESET_LENGTH = 64;

    private record Stateless(InetSocketAddress to, ByteBuffer datagram) {
    }

    /** Why a new connection was refused (counted per reason, {@link #stats()}). */
    enum Refusal {
        /** {@link #stopAccepting()} was called. */
        SHUTTING_DOWN("shutting down"),
        /** {@code maxConnections} connections are live. */
        CONNECTION_LIMIT("connection limit"),
        /** {@code handshakeBacklog} handshakes are in progress. */
        HANDSHAKE_BACKLOG("handshake backlog"),
        /** Buffers hold the admission share of the ceiling. */
        MEMORY("memory"),
        /** A proven address over its prefix's handshake rate. */
        RATE_LIMIT("rate limit"),
        /** An invalid Retry token (INVALID_TOKEN, not CONNECTION_REFUSED). */
        INVALID_TOKEN("invalid token");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final ServerEndpointConfig config;
    private final SecureRandom random;
    private final ConnectionTable table;
    private final int cidLength;
    private final ConnectionIdGenerator ids;
    private final ArrayDeque<Stateless> stateless = new ArrayDeque<>();
    private final ArrayDeque<Connection> accepted = new ArrayDeque<>();
    /**
     * The live connections, taking turns to send; O(1) to add and remove, so neither a million connections nor a
     * churn of them makes closing one cost more than the others.
     */
    private final SendRing<Connection> sendOrder = new SendRing<>();
    /** Connections handed to the application (when their handshake completed). */
    private final java.util.Set<Connection> handedOut = java.util.Collections
            .newSetFromMap(new java.util.IdentityHashMap<>());
    /** Connections that were given a NEW_TOKEN already. */
    private final java.util.Set<Connection> tokenSent = java.util.Collections
            .newSetFromMap(new java.util.IdentityHashMap<>());
    private final Observer observer;
    private final HandshakeRateLimiter rateLimiter;
    private final TokenBucket statelessAnswers;
    private final TokenBucket refusalBudget;
    private final MemoryLedger<Connection> memory;
    private long datagramsDropped;
    private long statelessSuppressed;
    private long refusalsSent;
    private long refusalsSuppressed;
    private long retriesSent;
    private long shedConnections;
    private long connectionsAccepted;
    private long creditHolds;
    private final long[] refusals = new long[Refusal.values().length];
    private final EndpointLog log;
    /** The ledger's pressure as last acted on ({@link #followPressure}). */
    private boolean underPressure;
    private boolean accepting = true;

    /**
     * What an event loop needs to hear to keep its own timer structure and send queue in step with the
     * connections, instead of polling all of them ({@link #nextTimeout()} and {@link #send} visit every
     * connection, which suits the simulator but not a loop with thousands).
     */
    public interface Observer {
        /**
         * The endpoint just processed {@code c} (created it, fed it a datagram, sent from it or ran its timers),
         * so its timer and whether it has something to send may have changed.
         *
         * @param c the connection
         */
        void activity(Connection c);

        /**
         * {@code c} ended and the endpoint forgot it; no datagram reaches it any more.
         *
         * @param c the connection
         */
        void removed(Connection c);

        /** Hears nothing. */
        Observer NONE = new Observer() {
            @Override
            public void activity(Connection c) {
            }

            @Override
            public void removed(Connection c) {
            }
        };
    }

    /**
     * @param config settings
     * @param random the only source of randomness (connection IDs, tokens, resets, the connections' TLS)
     */
    public ServerEndpoint(ServerEndpointConfig config, SecureRandom random) {
        this(config, random, Observer.NONE);
    }

    /**
     * @param config settings
     * @param random the only source of randomness (connection IDs, tokens, resets, the connections' TLS)
     * @param observer told about every connection the endpoint touches
     */
    public ServerEndpoint(ServerEndpointConfig config, SecureRandom random, Observer observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.config = config;
        this.random = random;
        this.table = new ConnectionTable(random.nextLong(), random.nextLong());
        EndpointLimits l = config.limits();
        this.rateLimiter = new HandshakeRateLimiter(l.handshakesPerSecondPerPrefix(), l.handshakeBurstPerPrefix(),
                l.trackedPrefixes(), l.ipv4PrefixBits(), l.ipv6PrefixBits(), random.nextLong(), random.nextLong());
        // A burst of a tenth of a second's worth (at least one): a flood is cut off within that.
        this.statelessAnswers = new TokenBucket(l.statelessAnswersPerSecond(),
                Math.max(1, Math.min(1e9, l.statelessAnswersPerSecond() / 10)));
        this.refusalBudget = new TokenBucket(l.refusalsPerSecond(),
                Math.max(1, Math.min(1e9, l.refusalsPerSecond() / 10)));
        this.memory = new MemoryLedger<>(l.bufferCeiling(), MemoryLedger.PRESSURE_FRACTION, ADMISSION_FRACTION);
        this.log = new EndpointLog();
        this.cidLength = config.connection().connectionIdLength();
        this.ids = config.idGenerator() != null
                ? config.idGenerator()
                : ConnectionIdGenerator.random(cidLength, random);
    }

    /**
     * Processes one datagram from the network.
     *
     * @param datagram the UDP payload; changed in place and not kept
     * @param from the sender's address
     * @param now the current time, nanoseconds
     */
    @Override
    public void receive(ByteBuffer datagram, InetSocketAddress from, long now) {
        if (!datagram.hasRemaining()) {
            return;
        }
        int start = datagram.position();
        ConnectionId dcid;
        boolean longHeader;
        try {
            longHeader = PacketInvariants.isLongHeader(datagram, start);
            int dcidLength = PacketInvariants.destinationConnectionIdLength(datagram, start, cidLength);
            if (dcidLength > ConnectionId.MAX_LENGTH) {
                dcid = null;
            } else {
                dcid = PacketInvariants.destinationConnectionId(datagram, start, cidLength);
            }
        } catch (QuicTransportException | IllegalArgumentException e) {
            datagramsDropped++;
            return;
        }
        Connection c = dcid == null ? null : table.get(dcid);
        if (c != null) {
            c.receive(datagram, from, now);
            afterActivity(c, now);
            return;
        }
        if (longHeader) {
            onUnknownLongHeader(datagram, from, now);
        } else {
            sendStatelessReset(datagram, dcid, from, now);
        }
    }

    private void onUnknownLongHeader(ByteBuffer datagram, InetSocketAddress from, long now) {
        Packet packet;
        try {
            packet = PacketParser.parse(datagram.duplicate(), datagram.position(), cidLength);
        } catch (QuicTransportException e) {
            datagramsDropped++;
            return;
        }
        // RFC 9000 §14.1: "A server MUST discard an Initial packet that is carried in a UDP datagram with a
        // payload that is smaller than the smallest allowed maximum datagram size of 1200 bytes", and §6.1
        // bounds Version Negotiation the same way.
        if (datagram.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            datagramsDropped++;
            return;
        }
        switch (packet) {
            case UnsupportedVersionPacket u -> sendVersionNegotiation(u.source(), u.destination(), from, now);
            case LongHeaderPacket lh -> {
                if (!config.connection().versions().contains(lh.version())) {
                    sendVersionNegotiation(ByteBuffer.wrap(lh.source().toBytes()),
                            ByteBuffer.wrap(lh.destination().toBytes()), from, now);
                } else if (lh.type() == PacketType.INITIAL) {
                    onNewInitial(lh, datagram, from, now);
                } else {
                    datagramsDropped++;
                }
            }
            default -> datagramsDropped++;
        }
    }

    /**
     * A client Initial for a connection ID we do not know (RFC 9000 §5.2.2, §8.1). In order: refuse while
     * shutting down; check a token; refuse when full (connection cap, memory ceiling); send Retry when policy or
     * load asks for it; apply the per-prefix handshake rate (a Retry for an unproven address, a refusal for a
     * proven one); refuse when the handshake backlog is full; else start the handshake. Refusals are the
     * stateless CONNECTION_CLOSE of {@link StatelessClose}; none of these answers keeps any state.
     */
    private void onNewInitial(LongHeaderPacket lh, ByteBuffer datagram, InetSocketAddress from, long now) {
        // RFC 9000 §7.2: the client's first Destination Connection ID is at least 8 bytes.
        if (lh.destination().length() < 8) {
            datagramsDropped++;
            return;
        }
        // Initial protection proves nothing about the sender, but it tells a forged or corrupted packet from an
        // intact one (RFC 9001 §5.2): one decryption, which a connection would spend anyway, before any state
        // is kept or any answer sent. Junk that looks like an Initial ends here.
        if (!authenticates(lh, datagram)) {
            datagramsDropped++;
            return;
        }
        if (!accepting) {
            refuse(lh, datagram, from, now, Refusal.SHUTTING_DOWN);
            return;
        }
        long nowMillis = config.wallClockMillis().applyAsLong(now);
        ConnectionId original = lh.destination();
        Optional<ConnectionId> retrySource = Optional.empty();
        boolean validated = false;
        if (lh.token().hasRemaining()) {
            TokenValidation v = config.tokens().validate(lh.token(), from, lh.destination(), nowMillis);
            switch (v) {
                case TokenValidation.ValidRetry r -> {
                    original = r.originalDestinationConnectionId();
                    retrySource = Optional.of(r.retrySourceConnectionId());
                    validated = true;
                }
                case TokenValidation.ValidNewToken n -> validated = true;
                case TokenValidation.Invalid i -> {
                    if (i.action() == io.quic4j.transport.token.TokenAction.CLOSE_INVALID_TOKEN) {
                        // RFC 9000 §8.1.2: "the server SHOULD immediately close ... with an INVALID_TOKEN error".
                        refuse(lh, datagram, from, now, Refusal.INVALID_TOKEN);
                        return;
                    }
                }
            }
        }
        if (sendOrder.size() >= config.maxConnections()) {
            refuse(lh, datagram, from, now, Refusal.CONNECTION_LIMIT);
            return;
        }
        if (!memory.admits()) {
            refuse(lh, datagram, from, now, Refusal.MEMORY);
            return;
        }
        boolean retryAllowed = config.retry() || config.retryUnderLoad();
        boolean underLoad = config.retryUnderLoad() && 2 * handshakesInProgress() >= config.handshakeBacklog();
        if (!validated && (config.retry() || underLoad)) {
            sendRetry(lh, from, nowMillis, now);
            return;
        }
        if (!rateLimiter.tryAcquire(from, now)) {
            // RFC 9000 §21.6: "limiting the number of connections a single IP address is allowed to make".
            // An address nobody proved may be spoofed: a Retry costs us nothing and proves it.
            if (!validated && retryAllowed) {
                log.rateLimited(now);
                sendRetry(lh, from, nowMillis, now);
            } else {
                refuse(lh, datagram, from, now, Refusal.RATE_LIMIT);
            }
            return;
        }
        if (handshakesInProgress() >= config.handshakeBacklog()) {
            refuse(lh, datagram, from, now, Refusal.HANDSHAKE_BACKLOG);
            return;
        }
        ConnectionId localId = newConnectionId();
        Connection c = Connection.server(config.connection(), config.tls(),
                new Connection.Incoming(from, lh.version(), original, lh.destination(), lh.source(), retrySource,
                        validated, localId),
                config.resetTokens(), ids, random, now);
        // The client keeps addressing its Initials to the ID it chose (or the Retry's) until it learns ours.
        table.put(lh.destination(), c);
        sendOrder.add(c);
        c.receive(datagram, from, now);
        afterActivity(c, now);
    }

    /**
     * Answers an Initial we will not serve with an Initial carrying CONNECTION_CLOSE (RFC 9000 §5.2.2 for
     * CONNECTION_REFUSED; §8.1.2 for INVALID_TOKEN: "If a server receives a client Initial that contains an
     * invalid Retry token but is otherwise valid, it knows the client will not accept another Retry token ...
     * the server SHOULD immediately close the connection with an INVALID_TOKEN error"), so the client learns
     * at once instead of timing out. Only for Initials that opened with their Initial keys (the caller checked:
     * RFC 9000 §10.2.3, a close in answer to a corrupted packet is better not sent), within
     * {@code refusalsPerSecond} (each answer costs a key derivation and an encryption), and about 70 bytes for
     * a datagram of at least 1200 (§8.1, three times at most). No state is kept
     * (§10.2.3: without state there is no closing period); a retransmitted Initial is answered again.
     */
    private void refuse(LongHeaderPacket lh, ByteBuffer datagram, InetSocketAddress from, long now,
            Refusal reason) {
        refusals[reason.ordinal()]++;
        log.refused(reason, now);
        TransportError error = reason == Refusal.INVALID_TOKEN
                ? TransportError.INVALID_TOKEN
                : TransportError.CONNECTION_REFUSED;
        if (!refusalBudget.tryTake(now)) {
            refusalsSuppressed++;
            datagramsDropped++;
            log.suppressed(now);
            return;
        }
        ByteBuffer out = StatelessClose.write(ByteBuffer.allocate(StatelessClose.MAX_LENGTH), lh.version(),
                lh.destination(), lh.source(), newConnectionId(), error);
        if (queue(from, out)) {
            refusalsSent++;
        }
    }

    /**
     * Whether an Initial packet opens with the Initial keys of its Destination Connection ID (RFC 9001 §5.2):
     * Initial protection proves nothing about the sender, but it does tell a corrupted packet from an
     * intact one. Works on a copy; the datagram is not changed.
     */
    private static boolean authenticates(LongHeaderPacket lh, ByteBuffer datagram) {
        ByteBuffer copy = ByteBuffer.allocate(lh.end() - lh.start());
        copy.put(datagram.duplicate().limit(lh.end()).position(lh.start())).flip();
        PacketOpener opener = new PacketOpener(InitialKeys.derive(lh.version(), lh.destination()).receiving(false));
        int pnOffset = lh.pnOffset() - lh.start();
        try {
            opener.unprotect(copy, 0, pnOffset, copy.limit(),
                    (truncated, length) -> PacketNumber.decode(PacketNumber.NONE, truncated, length));
            return true;
        } catch (PacketDecryptionException | QuicTransportException e) {
            return false;
        }
    }

    private ConnectionId newConnectionId() {
        return ids.generate();
    }

    /**
     * RFC 9000 §6.1, §17.2.1: list our versions, echoing the client's connection IDs swapped. §6.1: "A server
     * MAY limit the number of packets to which it responds with a Version Negotiation packet": within
     * {@code statelessAnswersPerSecond}; the trigger was at least 1200 bytes, the answer is at most 7 + 255 +
     * 255 + 4 per version (§21.5.5 on what the client controls in it).
     */
    private void sendVersionNegotiation(ByteBuffer clientSource, ByteBuffer clientDestination,
            InetSocketAddress to, long now) {
        if (!takeStateless(now)) {
            return;
        }
        int[] versions = config.connection().versions().stream().mapToInt(QuicVersion::wire).toArray();
        ByteBuffer out = ByteBuffer.allocate(7 + clientSource.remaining() + clientDestination.remaining()
                + 4 * versions.length);
        VersionNegotiationPacket.write(out, 0x40 | random.nextInt(0x40), clientSource, clientDestination, versions);
        queue(to, out.flip());
    }

    /** RFC 9000 §8.1.2, §17.2.5: a Retry with a token bound to the client's address and connection IDs. */
    private void sendRetry(LongHeaderPacket lh, InetSocketAddress to, long nowMillis, long now) {
        if (!takeStateless(now)) {
            return;
        }
        retriesSent++;
        ConnectionId retrySource = newConnectionId();
        ByteBuffer token = config.tokens().mintRetryToken(to, lh.destination(), retrySource, nowMillis, random);
        ByteBuffer out = ByteBuffer.allocate(7 + lh.source().length() + retrySource.length() + token.remaining()
                + RetryIntegrity.TAG_LENGTH);
        int start = RetryPacket.writeWithoutTag(out, random.nextInt(16), lh.version(), lh.source(), retrySource,
                token);
        int end = RetryIntegrity.appendTag(lh.version(), lh.destination(), out, start, out.position());
        queue(to, out.position(0).limit(end));
    }

    /**
     * RFC 9000 §10.3: a short-header packet for a connection we do not know gets a stateless reset, smaller
     * than what triggered it (§10.3.3) so two endpoints cannot loop.
     */
    private void sendStatelessReset(ByteBuffer datagram, ConnectionId dcid, InetSocketAddress to, long now) {
        if (dcid == null || dcid.length() != cidLength) {
            datagramsDropped++;
            return;
        }
        int length = StatelessReset.responseLength(datagram.remaining(), MAX_RESET_LENGTH);
        if (length == 0) {
            datagramsDropped++;
            return;
        }
        // §10.3.3: "An endpoint can remember the number of Stateless Resets that it has sent and stop generating
        // new Stateless Resets once a limit is reached": the stateless answer rate.
        if (!takeStateless(now)) {
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        int n = StatelessReset.write(out, datagram.remaining(), config.resetTokens().tokenFor(dcid), random);
        if (n == 0) {
            datagramsDropped++;
            return;
        }
        queue(to, out.flip());
    }

    private boolean takeStateless(long now) {
        if (statelessAnswers.tryTake(now)) {
            return true;
        }
        statelessSuppressed++;
        datagramsDropped++;
        log.suppressed(now);
        return false;
    }

    private boolean queue(InetSocketAddress to, ByteBuffer datagram) {
        if (stateless.size() < MAX_PENDING_STATELESS) {
            stateless.add(new Stateless(to, datagram));
            return true;
        }
        datagramsDropped++;
        return false;
    }

    /** @return connections created whose handshake has not completed (the handshake backlog in use) */
    public int handshakesInProgress() {
        return sendOrder.size() - handedOut.size();
    }

    /**
     * Stops creating connections: Initials for unknown connection IDs are refused with CONNECTION_REFUSED from
     * now on (a server shutting down, RFC 9000 §5.2.2), statelessly, so refusals keep nothing alive. Existing
     * connections carry on.
     */
    public void stopAccepting() {
        accepting = false;
    }

    private void afterActivity(Connection c, long now) {
        afterActivity(c, now, true);
    }

    /**
     * Applies the connection's routing changes and forgets it once closed; {@code account} reports its buffers
     * to the ledger, which sending cannot grow (data is buffered on receipt, by commands and by the handshake),
     * so the send path skips that O(streams) sum.
     */
    private void afterActivity(Connection c, long now, boolean account) {
        for (RoutingUpdate u; (u = c.pollRoutingUpdate()) != null;) {
            switch (u) {
                case RoutingUpdate.Added a -> table.put(a.id(), c);
                case RoutingUpdate.Removed r -> table.remove(r.id());
            }
        }
        if (c.isHandshakeComplete() && c.isOpen() && handedOut.add(c)) {
            // Only authenticated peers reach the application: a connection made from a forged or corrupted
            // Initial never completes and just times out.
            accepted.add(c);
            connectionsAccepted++;
        }
        if (c.isClosed()) {
            if (sendOrder.remove(c)) {
                table.removeAll(c);
                tokenSent.remove(c);
                handedOut.remove(c);
                memory.remove(c);
                observer.removed(c);
                followPressure(null);
            }
            return;
        }
        if (account) {
            account(c, now);
        }
        if (c.isHandshakeConfirmed() && c.isOpen() && tokenSent.add(c)) {
            // RFC 9000 §8.1.3: a token for the client's next connection, bound to its address.
            c.sendNewToken(config.tokens().mintNewToken(c.peerAddress(),
                    config.wallClockMillis().applyAsLong(now), random));
        }
        observer.activity(c);
    }

    /**
     * Reports what {@code c} holds to the memory ledger and, past the ceiling, closes the open connections
     * holding the most until the rest is back under (see {@code transport.memory}).
     */
    private void account(Connection c, long now) {
        memory.update(c, c.bufferedBytes());
        if (!c.isOpen()) {
            memory.markReleasing(c);
        }
        shedWhileOver(c, now);
        followPressure(c);
    }

    private void shedWhileOver(Connection c, long now) {
        while (memory.isOver()) {
            Connection victim = memory.largest(Connection::isOpen);
            if (victim == null) {
                return;
            }
            shedConnections++;
            log.shed(victim.localConnectionId(), memory.charge(victim), memory.used(), memory.ceiling());
            // RFC 9000 §20.1: no code names "out of memory"; the peer may have kept within its credit.
            victim.closeTransport(TransportError.INTERNAL_ERROR,
                    "buffer ceiling reached: this connection holds the most buffered data", now);
            memory.markReleasing(victim);
            if (victim != c) {
                observer.activity(victim);
            }
        }
    }

    /**
     * Memory back-pressure (see {@code transport.memory}). While the ledger is under pressure, a connection that
     * holds at least its fair share of the buffered bytes (the sum over the endpoint's connections divided by
     * their number) holds back flow-control credit: no MAX_DATA / MAX_STREAM_DATA increase and no window growth
     * (RFC 9000 §4.2: how much credit to advertise, and when, is the receiver's choice). Connections holding less
     * keep their credit flowing, so a peer that parks data (say, in holes that never fill) stalls itself, not
     * everyone else. Each connection is re-examined whenever it is accounted (after each of its datagrams and
     * commands), all of them when pressure starts or ends; a connection released is reported as active, so the
     * updates that came due while it was held are sent at once and no peer waits for credit forever.
     *
     * @param c the connection just accounted, or {@code null}
     */
    private void followPressure(Connection c) {
        boolean pressure = memory.underPressure();
        if (pressure != underPressure) {
            underPressure = pressure;
            log.pressure(pressure, memory.used(), pressure ? memory.pressureLimit() : memory.reliefLimit(),
                    memory.ceiling());
            // A copy: reporting activity can run the application's commands, which may end connections.
            for (Connection x : sendOrder.snapshot()) {
                hold(x, pressure && holdsFairShare(x), x != c);
            }
        } else if (pressure && c != null) {
            // c's own activity is reported by the caller.
            hold(c, holdsFairShare(c), false);
        }
    }

    private boolean holdsFairShare(Connection c) {
        return memory.charge(c) * sendOrder.size() >= memory.used();
    }

    private void hold(Connection c, boolean hold, boolean reportRelease) {
        if (c.isClosed() || c.isCreditHeld() == hold) {
            return;
        }
        c.holdCredit(hold);
        if (hold) {
            creditHolds++;
        } else if (reportRelease) {
            observer.activity(c);
        }
    }

    /**
     * @return this endpoint's figures (read on the owner thread); the ceiling is this endpoint's share
     */
    public QuicServerStats stats() {
        return new QuicServerStats(sendOrder.size(), handshakesInProgress(),
                connectionsAccepted, refusals[Refusal.SHUTTING_DOWN.ordinal()],
                refusals[Refusal.CONNECTION_LIMIT.ordinal()], refusals[Refusal.HANDSHAKE_BACKLOG.ordinal()],
                refusals[Refusal.MEMORY.ordinal()], refusals[Refusal.RATE_LIMIT.ordinal()],
                refusals[Refusal.INVALID_TOKEN.ordinal()], refusalsSuppressed, rateLimiter.limited(), retriesSent,
                statelessSuppressed, datagramsDropped, shedConnections, memory.used(), memory.ceiling(),
                memory.underPressure());
    }

    /** @return whether the endpoint acts under memory pressure (connections holding their share hold credit) */
    public boolean isUnderPressure() {
        return underPressure;
    }

    /** @return how many times a connection was told to hold back credit */
    public long creditHolds() {
        return creditHolds;
    }

    /** @return INFO summaries of refusals and rate limiting logged so far (at most one per 10 s) */
    long logSummaries() {
        return log.summaries();
    }

    /**
     * Writes the next stateless answer (Version Negotiation, Retry, stateless reset), if one is queued.
     *
     * @param out room for one datagram, at least 1200 bytes
     * @return the destination, or {@code null} when none is queued
     */
    public InetSocketAddress sendStateless(ByteBuffer out) {
        Stateless st = stateless.poll();
        if (st == null) {
            return null;
        }
        out.put(st.datagram());
        return st.to();
    }

    /**
     * Writes the next datagram of one connection, for a loop that keeps its own send queue.
     *
     * @param c a connection of this endpoint
     * @param out room for one datagram
     * @param now the current time
     * @return the destination, or {@code null} when {@code c} has nothing to send now
     */
    public InetSocketAddress send(Connection c, ByteBuffer out, long now) {
        InetSocketAddress to = c.send(out, now);
        afterActivity(c, now, false);
        return to;
    }

    /**
     * Runs one connection's timers, for a loop that keeps its own timer structure.
     *
     * @param c a connection of this endpoint
     * @param now the current time
     */
    public void onTimeout(Connection c, long now) {
        if (c.nextTimeout() <= now) {
            c.onTimeout(now);
        }
        afterActivity(c, now);
    }

    /**
     * Tells the endpoint that the application acted on {@code c} (a stream command, a close), so that
     * routing changes, the end of the connection and the handing out are applied.
     *
     * @param c a connection of this endpoint
     * @param now the current time
     */
    public void afterCommand(Connection c, long now) {
        afterActivity(c, now);
    }

    /**
     * Writes the next datagram to send: stateless answers first, then the connections in turn.
     *
     * @param out room for one datagram, at least 1200 bytes
     * @param now the current time
     * @return the destination, or {@code null} when nothing is to be sent now
     */
    @Override
    public InetSocketAddress send(ByteBuffer out, long now) {
        Stateless s = stateless.poll();
        if (s != null) {
            out.put(s.datagram());
            return s.to();
        }
        // Each live connection gets one turn at most: the ring's cursor moves past it before it sends, so a
        // connection that ends (or ends others) during its turn makes nobody lose theirs.
        int n = sendOrder.size();
        for (int i = 0; i < n; i++) {
            Connection c = sendOrder.next();
            if (c == null) {
                return null;
            }
            InetSocketAddress to = c.send(out, now);
            afterActivity(c, now, false);
            if (to != null) {
                return to;
            }
        }
        return null;
    }

    /** @return the earliest timer of any connection, or {@code Long.MAX_VALUE} */
    @Override
    public long nextTimeout() {
        long t = Long.MAX_VALUE;
        for (Connection c : sendOrder) {
            t = Math.min(t, c.nextTimeout());
        }
        return t;
    }

    /**
     * Fires the timers due at {@code now}, and forgets connections that ended.
     *
     * @param now the current time
     */
    @Override
    public void onTimeout(long now) {
        // A snapshot: running one connection's timers can end others (shedding, the application's commands).
        for (Connection c : sendOrder.snapshot()) {
            if (c.nextTimeout() <= now) {
                c.onTimeout(now);
            }
            afterActivity(c, now);
        }
    }

    /**
     * @return the next connection whose handshake completed (so its peer is authenticated), or {@code null}
     */
    public Connection pollAccepted() {
        return accepted.poll();
    }

    /** @return the live connections, in the order they take their next turns to send */
    public List<Connection> connections() {
        return List.copyOf(sendOrder.snapshot());
    }

    /** @return datagrams dropped without a connection: malformed, too small, unknown, over a limit */
    public long datagramsDropped() {
        return datagramsDropped;
    }

    /** @return stateless answers (Version Negotiation, Retry, stateless reset) not sent: over the answer rate */
    public long statelessSuppressed() {
        return statelessSuppressed;
    }

    /** @return Initials answered with a stateless CONNECTION_CLOSE (CONNECTION_REFUSED, INVALID_TOKEN) */
    public long refusalsSent() {
        return refusalsSent;
    }

    /** @return refusals not sent: over the refusal rate */
    public long refusalsSuppressed() {
        return refusalsSuppressed;
    }

    /** @return Retry packets sent */
    public long retriesSent() {
        return retriesSent;
    }

    /** @return handshakes over their address prefix's rate */
    public long handshakesRateLimited() {
        return rateLimiter.limited();
    }

    /** @return address prefixes the rate limiter tracks */
    public int trackedPrefixes() {
        return rateLimiter.size();
    }

    /** @return connections closed because the buffer ceiling was passed */
    public long shedConnections() {
        return shedConnections;
    }

    /** @return what this endpoint's connections hold in buffers, against its ceiling (read on the owner thread) */
    public MemoryLedger<Connection> memory() {
        return memory;
    }
}
