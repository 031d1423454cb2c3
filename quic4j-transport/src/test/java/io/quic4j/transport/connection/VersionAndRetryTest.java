package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.crypto.RetryIntegrity;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.PacketParser;
import io.quic4j.transport.wire.packet.RetryPacket;
import io.quic4j.transport.wire.packet.VersionNegotiationPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client's side of Version Negotiation (RFC 9000 §6.2) and Retry (RFC 9000 §17.2.5, RFC 9001 §5.8). */
class VersionAndRetryTest {

    static LongHeaderPacket firstPacket(ByteBuffer datagram) {
        return (LongHeaderPacket) PacketParser.parse(datagram.duplicate(), datagram.position(), 0);
    }

    static ByteBuffer versionNegotiation(LongHeaderPacket initial, int... versions) {
        ByteBuffer out = ByteBuffer.allocate(200);
        VersionNegotiationPacket.write(out, 0x40, ByteBuffer.wrap(initial.source().toBytes()),
                ByteBuffer.wrap(initial.destination().toBytes()), versions);
        return out.flip();
    }

    static ByteBuffer retry(LongHeaderPacket initial, ConnectionId retrySource, String token, boolean goodTag) {
        ByteBuffer out = ByteBuffer.allocate(300);
        int start = RetryPacket.writeWithoutTag(out, 0, initial.version(), initial.source(), retrySource,
                ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)));
        out.limit(out.capacity());
        int end = RetryIntegrity.appendTag(initial.version(), initial.destination(), out, start, out.position());
        if (!goodTag) {
            out.put(end - 1, (byte) (out.get(end - 1) ^ 1));
        }
        return out.position(0).limit(end);
    }

    @Test
    void versionNegotiationListingAnotherVersionSwitchesToIt() {
        ConnectionConfig both = ConnectionConfig.builder().versions(List.of(QuicVersion.V1, QuicVersion.V2)).build();
        ConnectionConfig v2only = ConnectionConfig.builder().versions(List.of(QuicVersion.V2)).build();
        Pipe p = new Pipe(both, v2only);
        List<ByteBuffer> first = p.drain(p.client);
        p.client.receive(versionNegotiation(firstPacket(first.getFirst()), QuicVersion.V2.wire(), 0x1a2a3a4a),
                Pipe.SERVER_ADDRESS, p.now);
        assertThat(p.client.version()).isEqualTo(QuicVersion.V2);
        p.handshake();
        assertThat(p.server.version()).isEqualTo(QuicVersion.V2);
    }

    @Test
    void forgedVersionNegotiationIsCaughtAsADowngradeByVersionInformation() {
        ConnectionConfig both = ConnectionConfig.builder().versions(List.of(QuicVersion.V1, QuicVersion.V2)).build();
        Pipe p = new Pipe(both, both);
        List<ByteBuffer> first = p.drain(p.client);
        // An attacker claims the server only speaks v2; the server's version_information says it speaks v1 too.
        p.client.receive(versionNegotiation(firstPacket(first.getFirst()), QuicVersion.V2.wire()), Pipe.SERVER_ADDRESS,
                p.now);
        p.flight();
        CloseReason r = p.client.closeReason().orElseThrow();
        assertThat(r.errorCode()).as("VERSION_NEGOTIATION_ERROR, RFC 9368 §4").isEqualTo(0x11);
        assertThat(p.client.isHandshakeComplete()).isFalse();
    }

    @Test
    void bothSidesSendVersionInformationNamingTheVersionInUse() {
        ConnectionConfig v2 = ConnectionConfig.builder().versions(List.of(QuicVersion.V2, QuicVersion.V1)).build();
        Pipe p = new Pipe(v2, v2).handshake();
        assertThat(p.client.peerParameters().orElseThrow().versionInformation()).get()
                .extracting(v -> v.chosenVersion()).isEqualTo(QuicVersion.V2.wire());
        assertThat(p.server.peerParameters().orElseThrow().versionInformation()).get()
                .extracting(v -> v.chosenVersion()).isEqualTo(QuicVersion.V2.wire());
    }

    @Test
    void versionNegotiationListingOurVersionIsIgnored() {
        Pipe p = new Pipe();
        List<ByteBuffer> first = p.drain(p.client);
        p.client.receive(
                versionNegotiation(firstPacket(first.getFirst()), QuicVersion.V1.wire(), QuicVersion.V2.wire()),
                Pipe.SERVER_ADDRESS, p.now);
        assertThat(p.client.version()).isEqualTo(QuicVersion.V1);
        assertThat(p.client.isOpen()).isTrue();
    }

    @Test
    void versionNegotiationWithNoCommonVersionAbandonsTheAttempt() {
        Pipe p = new Pipe();
        List<ByteBuffer> first = p.drain(p.client);
        p.client.receive(versionNegotiation(firstPacket(first.getFirst()), 0x0a0a0a0a), Pipe.SERVER_ADDRESS, p.now);
        assertThat(p.client.isClosed()).isTrue();
        assertThat(p.client.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.VERSION_NEGOTIATION);
    }

    @Test
    void versionNegotiationAfterAServerPacketIsIgnored() {
        ConnectionConfig both = ConnectionConfig.builder().versions(List.of(QuicVersion.V1, QuicVersion.V2)).build();
        Pipe p = new Pipe(both, both);
        List<ByteBuffer> first = Pipe.copy(p.drain(p.client));
        p.deliver(first, p.server);
        p.serverFlight();
        p.client.receive(versionNegotiation(firstPacket(first.getFirst()), QuicVersion.V2.wire()), Pipe.SERVER_ADDRESS,
                p.now);
        assertThat(p.client.version()).isEqualTo(QuicVersion.V1);
    }

    @Test
    void retryIsFollowedWithItsTokenAndConnectionIdAndTheHandshakeCompletes() {
        Pipe p = new Pipe();
        LongHeaderPacket initial = firstPacket(p.drain(p.client).getFirst());
        ConnectionId retrySource = ConnectionId.ofHex("5e5e5e5e5e5e5e5e");
        p.client.receive(retry(initial, retrySource, "opaque-token", true), Pipe.SERVER_ADDRESS, p.now);
        List<ByteBuffer> second = p.drain(p.client);
        LongHeaderPacket again = firstPacket(second.getFirst());
        assertThat(again.destination()).isEqualTo(retrySource);
        assertThat(again.source()).isEqualTo(initial.source());
        assertThat(StandardCharsets.US_ASCII.decode(again.token().duplicate()).toString()).isEqualTo("opaque-token");
        assertThat(again.destination()).isNotEqualTo(initial.destination());
        p.incomingEdit = i -> new Connection.Incoming(i.client(), i.version(), initial.destination(),
                retrySource, i.clientSource(), Optional.of(retrySource), true, i.localId());
        p.deliver(second, p.server);
        p.handshake();
        assertThat(p.client.isHandshakeConfirmed()).isTrue();
    }

    @Test
    void retryWithABadIntegrityTagIsDiscarded() {
        Pipe p = new Pipe();
        LongHeaderPacket initial = firstPacket(p.drain(p.client).getFirst());
        p.client.receive(retry(initial, ConnectionId.ofHex("5e5e5e5e5e5e5e5e"), "t", false), Pipe.SERVER_ADDRESS,
                p.now);
        assertThat(p.drain(p.client)).as("no new Initial after a forged Retry").isEmpty();
        assertThat(p.client.stats().packetsDropped()).isEqualTo(1);
    }

    @Test
    void onlyOneRetryIsAccepted() {
        Pipe p = new Pipe();
        LongHeaderPacket initial = firstPacket(p.drain(p.client).getFirst());
        p.client.receive(retry(initial, ConnectionId.ofHex("5e5e5e5e5e5e5e5e"), "one", true), Pipe.SERVER_ADDRESS,
                p.now);
        p.drain(p.client);
        p.client.receive(retry(initial, ConnectionId.ofHex("6f6f6f6f6f6f6f6f"), "two", true), Pipe.SERVER_ADDRESS,
                p.now);
        assertThat(p.drain(p.client)).as("the second Retry changes nothing").isEmpty();
    }
}
