package io.quic4j.transport.connection;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEvent;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.crypto.PacketKeys;
import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.crypto.PacketSealer;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.params.ConnectionIdAuthentication;
import io.quic4j.transport.wire.params.TransportParameters;
import io.quic4j.transport.wire.params.VersionInformation;
import java.nio.ByteBuffer;

/**
 * Drives the TLS handshake over CRYPTO frames (RFC 9001 §4): feeds the engine what arrives at each
 * encryption level, moves its output into the CRYPTO stream of the level, installs packet keys as
 * secrets arrive (§4.1.4), checks the peer's transport parameters (RFC 9000 §7.3, §7.4), and marks the
 * handshake complete and confirmed (§4.1.1, §4.1.2), discarding Initial and Handshake keys at the
 * moments of §4.9.
 */
final class HandshakeDriver {
    private final ConnectionState s;
    private final TlsEngine tls;
    private PacketKeys oneRttRead;
    private PacketKeys oneRttWrite;

    HandshakeDriver(ConnectionState state, TlsEngine tls) {
        this.s = state;
        this.tls = tls;
    }

    /** Client: writes the ClientHello. */
    void start(long now) {
        try {
            tls.start(millis(now));
        } catch (TlsAlertException e) {
            throw QuicTransportException.crypto(e.alert().code(), e.getMessage());
        }
        pump(now);
    }

    /**
     * A CRYPTO frame arrived in a packet of {@code space}'s level.
     *
     * @throws QuicTransportException CRYPTO_BUFFER_EXCEEDED, or CRYPTO_ERROR for a TLS alert
     */
    void onCrypto(PacketSpace space, CryptoFrame frame, long now) {
        space.crypto.receive(frame);
        EncryptionLevel level = level(space.id);
        for (ByteBuffer data; (data = space.crypto.peek()) != null;) {
            int n = data.remaining();
            try {
                tls.receive(level, data, millis(now));
                space.crypto.consume(n);
            } catch (TlsAlertException e) {
                // RFC 9001 §4.8: a TLS alert becomes CRYPTO_ERROR 0x100 + alert.
                throw QuicTransportException.crypto(e.alert().code(), e.getMessage());
            } catch (IllegalStateException e) {
                throw QuicTransportException.of(TransportError.PROTOCOL_VIOLATION,
                        "handshake data after the TLS engine finished: " + e.getMessage());
            }
            pump(now);
        }
    }

    /** Moves TLS output into CRYPTO streams and acts on TLS events. */
    private void pump(long now) {
        for (EncryptionLevel level : new EncryptionLevel[]{EncryptionLevel.INITIAL, EncryptionLevel.HANDSHAKE,
                EncryptionLevel.ONE_RTT}) {
            for (ByteBuffer out; (out = tls.pollOutput(level)) != null;) {
                PacketSpace space = s.space(space(level));
                if (!space.discarded()) {
                    space.crypto.write(out);
                }
            }
        }
        for (TlsEvent e; (e = tls.pollEvent()) != null;) {
            switch (e) {
                case TlsEvent.TrafficSecret t -> onSecret(t, now);
                case TlsEvent.PeerTransportParameters p -> onPeerParameters(p.parameters(), now);
                case TlsEvent.ApplicationProtocol a -> s.applicationProtocol = a.protocol();
                case TlsEvent.HandshakeComplete c -> onComplete(c, now);
                case TlsEvent.NewSessionTicket t -> {
                    // Resumption is the engine layer's business; the ticket is not used here yet.
                }
                case TlsEvent.Alert a -> {
                    // Thrown as TlsAlertException too, and handled there.
                }
            }
        }
    }

    private void onSecret(TlsEvent.TrafficSecret t, long now) {
        CipherSuite suite = t.cipherSuite();
        PacketKeys keys = PacketKeys.fromSecret(s.version, suite, t.secret());
        boolean read = t.direction() == TlsEvent.Direction.READ;
        switch (t.level()) {
            case INITIAL -> {
                // Initial keys come from the connection ID (RFC 9001 §5.2), never from TLS.
            }
            case ZERO_RTT -> {
                // 0-RTT is not offered by this connection core.
            }
            case HANDSHAKE -> {
                s.space(PacketNumberSpace.HANDSHAKE).install(read ? null : new PacketSealer(keys),
                        read ? new PacketOpener(keys) : null);
                s.recovery.loss.setHandshakeKeysAvailable(true);
                s.keyGeneration++;
                s.tracer.keyInstalled(PacketNumberSpace.HANDSHAKE, !read, now);
            }
            case ONE_RTT -> {
                if (read) {
                    oneRttRead = keys;
                } else {
                    oneRttWrite = keys;
                }
                s.tracer.keyInstalled(PacketNumberSpace.APPLICATION, !read, now);
                if (oneRttRead != null && oneRttWrite != null && s.oneRtt == null) {
                    s.oneRtt = new OneRttKeys(oneRttWrite, oneRttRead);
                    s.keyGeneration++;
                }
            }
        }
    }

    private void onPeerParameters(byte[] encoded, long now) {
        Role sender = s.isClient() ? Role.SERVER : Role.CLIENT;
        TransportParameters peer = TransportParameters.decode(ByteBuffer.wrap(encoded), sender);
        if (s.isClient()) {
            // RFC 9000 §7.3: the server's connection IDs must match what the packets showed.
            ConnectionIdAuthentication.validateServerConnectionIds(peer, s.peerCid, s.originalDcid,
                    s.retrySourceCid);
        } else {
            ConnectionIdAuthentication.validateClientConnectionIds(peer, s.peerCid);
        }
        checkVersionInformation(peer);
        s.peerParams = peer;
        s.tracer.parametersSet(false, peer, now);
        s.idle.onPeerTimeout(peer.maxIdleTimeout().toNanos());
        s.streams.onPeerParameters(peer);
        s.recovery.onPeerParameters(peer);
        s.cids.onPeerParameters(peer);
    }

    /**
     * RFC 9368 §4 (a MUST for v2 endpoints, RFC 9369 §4): the peer's Chosen Version must be the version of
     * the connection, and a client that moved because of Version Negotiation must find that the server
     * would not have accepted the version it first tried (no downgrade). Peers that send no
     * version_information (v1-only stacks) are accepted.
     */
    private void checkVersionInformation(TransportParameters peer) {
        if (peer.versionInformation().isEmpty()) {
            return;
        }
        VersionInformation info = peer.versionInformation().get();
        if (info.chosenVersion() != s.version.wire()) {
            throw QuicTransportException.of(TransportError.VERSION_NEGOTIATION_ERROR,
                    "peer's chosen version 0x" + Integer.toHexString(info.chosenVersion())
                            + " is not the version in use, " + s.version);
        }
        if (s.isClient() && s.versionBeforeNegotiation.isPresent()
                && info.availableVersions().contains(s.versionBeforeNegotiation.get().wire())) {
            throw QuicTransportException.of(TransportError.VERSION_NEGOTIATION_ERROR,
                    "downgrade: the server supports " + s.versionBeforeNegotiation.get()
                            + " but Version Negotiation said it did not");
        }
    }

    private void onComplete(TlsEvent.HandshakeComplete c, long now) {
        if (s.peerParams == null) {
            // RFC 9001 §8.2: quic_transport_parameters is mandatory; the engine enforces it, but be sure.
            throw QuicTransportException.of(TransportError.TRANSPORT_PARAMETER_ERROR,
                    "handshake completed without the peer's transport parameters");
        }
        s.handshakeComplete = true;
        s.keyGeneration++; // a server may now process the 1-RTT packets it held back (RFC 9001 §5.7)
        ConnectionLog.debug(s, () -> "handshake complete: " + s.version + ", " + c.cipherSuite() + ", "
                + c.group() + ", ALPN " + s.applicationProtocol);
        s.emit(new ConnectionEvent.HandshakeCompleted(s.applicationProtocol, c));
        s.tracer.stateUpdated(ConnectionTracer.State.HANDSHAKE_COMPLETE, now);
        if (!s.isClient()) {
            // RFC 9001 §4.1.2: the server is confirmed when the handshake completes, and "MUST send a
            // HANDSHAKE_DONE frame as soon as the handshake is complete".
            s.control.queueHandshakeDone();
            confirm(now);
        }
    }

    /** Client: HANDSHAKE_DONE arrived (RFC 9001 §4.1.2). */
    void onHandshakeDone(long now) {
        if (!s.isClient()) {
            // RFC 9000 §19.20: "A server MUST treat receipt of a HANDSHAKE_DONE frame as a connection error
            // of type PROTOCOL_VIOLATION."
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, 0x1e,
                    "a client sent HANDSHAKE_DONE");
        }
        confirm(now);
    }

    /**
     * Client: RFC 9001 §4.1.2: "a client MAY consider the handshake to be confirmed when it receives an
     * acknowledgment for a 1-RTT packet", which saves a round trip when HANDSHAKE_DONE is lost.
     */
    void onOneRttAcknowledged(long now) {
        if (s.isClient() && s.handshakeComplete) {
            confirm(now);
        }
    }

    private void confirm(long now) {
        if (s.handshakeConfirmed) {
            return;
        }
        s.handshakeConfirmed = true;
        s.recovery.loss.onHandshakeConfirmed(now);
        s.cids.onHandshakeConfirmed();
        s.pathMtu.onHandshakeConfirmed(now);
        // RFC 9001 §4.9.2: "An endpoint MUST discard its Handshake keys when the TLS handshake is confirmed."
        discard(PacketNumberSpace.INITIAL, now);
        discard(PacketNumberSpace.HANDSHAKE, now);
        s.emit(new ConnectionEvent.HandshakeConfirmed());
        s.tracer.stateUpdated(ConnectionTracer.State.HANDSHAKE_CONFIRMED, now);
    }

    /** Server: a Handshake packet was processed (RFC 9000 §8.1, RFC 9001 §4.9.1). */
    void onHandshakePacketReceived(long now) {
        if (!s.isClient()) {
            s.amplification.validate();
            discard(PacketNumberSpace.INITIAL, now);
        }
    }

    /** Client: a Handshake packet was sent (RFC 9001 §4.9.1). */
    void onHandshakePacketSent(long now) {
        if (s.isClient()) {
            discard(PacketNumberSpace.INITIAL, now);
        }
    }

    private void discard(PacketNumberSpace id, long now) {
        PacketSpace space = s.space(id);
        if (!space.discarded()) {
            space.discard();
            s.recovery.onSpaceDiscarded(id, now);
            s.tracer.keysDiscarded(id, now);
        }
    }

    static PacketNumberSpace space(EncryptionLevel level) {
        return switch (level) {
            case INITIAL -> PacketNumberSpace.INITIAL;
            case HANDSHAKE -> PacketNumberSpace.HANDSHAKE;
            case ZERO_RTT, ONE_RTT -> PacketNumberSpace.APPLICATION;
        };
    }

    static EncryptionLevel level(PacketNumberSpace space) {
        return switch (space) {
            case INITIAL -> EncryptionLevel.INITIAL;
            case HANDSHAKE -> EncryptionLevel.HANDSHAKE;
            case APPLICATION -> EncryptionLevel.ONE_RTT;
        };
    }

    /** TLS takes wall-clock milliseconds for ticket ages; our clock is the caller's nanoseconds. */
    private static long millis(long now) {
        return Math.floorDiv(now, 1_000_000L);
    }
}
