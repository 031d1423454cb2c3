package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake over the scripted pipe (RFC 9001 §4, RFC 9000 §7, §14.1, §8.1). */
class HandshakeTest {

    @Test
    void handshakeCompletesAndConfirmsBothSidesV1() {
        Pipe p = new Pipe().handshake();
        assertThat(p.client.version()).isEqualTo(QuicVersion.V1);
        assertThat(Pipe.find(p.clientEvents, ConnectionEvent.HandshakeCompleted.class)).get()
                .extracting(ConnectionEvent.HandshakeCompleted::applicationProtocol).isEqualTo("test");
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.HandshakeConfirmed.class)).isPresent();
        assertThat(Pipe.find(p.clientEvents, ConnectionEvent.HandshakeConfirmed.class)).isPresent();
    }

    @Test
    void handshakeCompletesInQuicV2() {
        ConnectionConfig v2 = ConnectionConfig.builder().versions(List.of(QuicVersion.V2)).build();
        Pipe p = new Pipe(v2, v2).handshake();
        assertThat(p.client.version()).isEqualTo(QuicVersion.V2);
        assertThat(p.server.version()).isEqualTo(QuicVersion.V2);
    }

    @Test
    void handshakePacketsArrivingBeforeTheirKeysAreBufferedNotLost() {
        Pipe p = new Pipe();
        p.clientFlight();
        List<ByteBuffer> serverFlight = p.drain(p.server);
        assertThat(serverFlight.size()).isGreaterThan(1);
        // The server's flight arrives in reverse: Handshake packets before the Initial with the ServerHello.
        List<ByteBuffer> reversed = new java.util.ArrayList<>(serverFlight);
        java.util.Collections.reverse(reversed);
        p.deliver(reversed, p.client);
        // RFC 9000 §12.2 lets the client buffer them; with them replayed, the handshake completes at once.
        assertThat(p.client.isHandshakeComplete()).isTrue();
        assertThat(p.client.stats().packetsDropped()).isZero();
    }

    @Test
    void sendWritesOnlyBetweenPositionAndLimitAndLeavesTheLimit() {
        Pipe p = new Pipe();
        ByteBuffer big = ByteBuffer.allocate(4000);
        big.position(100).limit(1400);
        assertThat(p.client.send(big, p.now)).isNotNull();
        assertThat(big.limit()).isEqualTo(1400);
        assertThat(big.position()).isBetween(1300, 1400);
        // Too little room for a datagram that may need 1200 bytes: nothing is written.
        ByteBuffer small = ByteBuffer.allocate(1000);
        assertThat(p.client.send(small, p.now)).isNull();
        assertThat(small.position()).isZero();
    }

    @Test
    void clientDatagramsWithInitialPacketsAreAtLeast1200Bytes() {
        Pipe p = new Pipe();
        List<ByteBuffer> first = p.drain(p.client);
        assertThat(first).isNotEmpty().allSatisfy(d -> assertThat(d.remaining()).isGreaterThanOrEqualTo(1200));
    }
}
