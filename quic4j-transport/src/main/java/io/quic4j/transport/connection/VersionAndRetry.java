package io.quic4j.transport.connection;

import io.quic4j.tls.TlsEngine;
import io.quic4j.transport.crypto.InitialKeys;
import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.crypto.PacketSealer;
import io.quic4j.transport.crypto.RetryIntegrity;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.packet.RetryPacket;
import io.quic4j.transport.wire.packet.VersionNegotiationPacket;
import io.quic4j.transport.wire.params.TransportParameters;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The client's handling of the two packets that restart its first flight: Version Negotiation (RFC 9000
 * §6.2) and Retry (§17.2.5). Both are unauthenticated, so each is accepted only before any other packet
 * from the server has been processed, and at most once.
 */
final class VersionAndRetry {
    private final ConnectionState s;
    private boolean versionNegotiated;
    private boolean retried;

    VersionAndRetry(ConnectionState state) {
        this.s = state;
    }

    /** Installs Initial keys for the current version and the Destination Connection ID of the Initials. */
    void installInitialKeys(ConnectionId clientDestination) {
        InitialKeys keys = InitialKeys.derive(s.version, clientDestination);
        s.space(PacketNumberSpace.INITIAL).install(new PacketSealer(keys.sending(s.isClient())),
                new PacketOpener(keys.receiving(s.isClient())));
    }

    /**
     * RFC 9000 §6.2: a client discards a Version Negotiation packet once it has processed any other packet
     * (or an earlier one), and one that lists the version it chose. Otherwise it starts over with a
     * version both support, or gives up.
     */
    void onVersionNegotiation(VersionNegotiationPacket vn, long now) {
        if (!s.isClient() || s.peerPacketProcessed || versionNegotiated || retried || !s.close.isOpen()) {
            return;
        }
        // RFC 9000 §17.2.1: the packet echoes our connection IDs, swapped.
        if (!bytesEqual(vn.destination(), s.localCid) || !bytesEqual(vn.source(), s.originalDcid)) {
            return;
        }
        if (vn.supports(s.version.wire())) {
            return;
        }
        versionNegotiated = true;
        Optional<QuicVersion> next = Optional.empty();
        for (QuicVersion v : s.config.versions()) {
            if (vn.supports(v.wire())) {
                next = Optional.of(v);
                break;
            }
        }
        if (next.isEmpty()) {
            s.lifecycle.closeSilently(new CloseReason(CloseReason.Kind.VERSION_NEGOTIATION, false, 0, 0,
                    "the server supports none of our versions"), now);
            return;
        }
        // RFC 9368 §2.1 (incompatible negotiation): start over in the version the server speaks, with a new
        // ClientHello whose version_information names it, and new Initial keys. Packet numbers go on.
        s.versionBeforeNegotiation = Optional.of(s.version);
        s.version = next.get();
        s.recovery.onRetry(now);
        s.space(PacketNumberSpace.INITIAL).restartCrypto();
        installInitialKeys(s.peerCid);
        TransportParameters params = Connection.clientParameters(s);
        s.localParams = params;
        s.handshake = new HandshakeDriver(s,
                TlsEngine.client(s.tlsConfig, s.serverName, Connection.encode(params, Role.CLIENT), null));
        s.handshake.start(now);
    }

    /** RFC 9000 §17.2.5.2: validate a Retry and continue the handshake with its connection ID and token. */
    void onRetry(RetryPacket retry, ByteBuffer datagram, long now) {
        if (!s.isClient() || s.peerPacketProcessed || retried || !s.close.isOpen()) {
            return;
        }
        if (retry.version() != s.version || !retry.destination().equals(s.localCid)) {
            return;
        }
        // "Clients MUST discard Retry packets that have a Retry Integrity Tag that cannot be validated".
        if (!RetryIntegrity.verify(s.version, s.originalDcid, datagram, retry.start(), retry.end())) {
            s.stats.packetsDropped++;
            s.tracer.packetDropped(PacketType.RETRY, retry.end() - retry.start(),
                    ConnectionTracer.DropReason.INVALID, now);
            return;
        }
        if (retry.source().equals(s.originalDcid)) {
            // RFC 9000 §17.2.5.1: the server's new connection ID must differ; a Retry that does not change it
            // cannot be ours.
            return;
        }
        retried = true;
        s.retrySourceCid = Optional.of(retry.source());
        s.peerCid = retry.source();
        ByteBuffer token = ByteBuffer.allocate(retry.token().remaining());
        token.put(retry.token().duplicate()).flip();
        s.initialToken = token.asReadOnlyBuffer();
        installInitialKeys(retry.source());
        s.recovery.onRetry(now);
    }

    private static boolean bytesEqual(ByteBuffer b, ConnectionId id) {
        if (b.remaining() != id.length()) {
            return false;
        }
        byte[] bytes = id.toBytes();
        for (int i = 0; i < bytes.length; i++) {
            if (b.get(b.position() + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
