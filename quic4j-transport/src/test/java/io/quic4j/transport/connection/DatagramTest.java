package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.FrameType;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DATAGRAM extension through the scripted pipe (RFC 9221 §3-§5). */
class DatagramTest {
    static final ConnectionConfig ENABLED = ConnectionConfig.builder()
            .datagrams(DatagramConfig.DISABLED.withMaxFrameSize(65535)).build();

    static ByteBuffer bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return ByteBuffer.wrap(b);
    }

    static List<ByteBuffer> received(List<ConnectionEvent> events) {
        return events.stream().filter(ConnectionEvent.DatagramReceived.class::isInstance)
                .map(e -> ((ConnectionEvent.DatagramReceived) e).data()).toList();
    }

    @Test
    void ourMaxDatagramFrameSizeIsAdvertisedOnlyWhenEnabled() {
        Pipe on = new Pipe(ENABLED, ConnectionConfig.DEFAULTS).handshake();
        assertThat(on.server.peerParameters().orElseThrow().maxDatagramFrameSize()).hasValue(65535);
        assertThat(on.client.peerParameters().orElseThrow().maxDatagramFrameSize()).isEmpty();
    }

    @Test
    void datagramsFlowBothWays() {
        Pipe p = new Pipe(ENABLED, ENABLED).handshake();
        p.client.sendDatagram(bytes(100, 1));
        p.server.sendDatagram(bytes(200, 2));
        p.flight();
        p.collectEvents();
        assertThat(received(p.serverEvents)).containsExactly(bytes(100, 1));
        assertThat(received(p.clientEvents)).containsExactly(bytes(200, 2));
        assertThat(p.client.datagramStats().sent()).isEqualTo(1);
        assertThat(p.server.datagramStats().received()).isEqualTo(1);
    }

    @Test
    void emptyDatagramIsDelivered() {
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, ENABLED).handshake();
        p.client.sendDatagram(ByteBuffer.allocate(0));
        p.flight();
        p.collectEvents();
        assertThat(received(p.serverEvents)).containsExactly(ByteBuffer.allocate(0));
    }

    @Test
    void sendFailsFastWhenThePeerDidNotAdvertiseSupport() {
        Pipe p = new Pipe(ENABLED, ConnectionConfig.DEFAULTS).handshake();
        // RFC 9221 §3: support is one-directional; the server's absence forbids the client to send.
        assertThatThrownBy(() -> p.client.sendDatagram(bytes(10, 0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max_datagram_frame_size");
        p.server.sendDatagram(bytes(10, 0));
    }

    @Test
    void sendFailsFastBeforeThePeersParametersAreKnown() {
        Pipe p = new Pipe(ENABLED, ENABLED);
        assertThatThrownBy(() -> p.client.sendDatagram(bytes(10, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendFailsFastAboveThePeersMaxDatagramFrameSize() {
        ConnectionConfig small = ConnectionConfig.builder().datagrams(DatagramConfig.DISABLED.withMaxFrameSize(100))
                .build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, small).handshake();
        // Frame = type (1) + Length (1 for < 64... here 2 bytes for 97) + data, at most 100.
        int max = p.client.maxDatagramLength();
        assertThat(new DatagramFrame(bytes(max, 0), true).encodedLength()).isLessThanOrEqualTo(100);
        p.client.sendDatagram(bytes(max, 0));
        assertThatThrownBy(() -> p.client.sendDatagram(bytes(max + 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void sendFailsFastAboveWhatFitsOnePacket() {
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, ENABLED).handshake();
        int max = p.client.maxDatagramLength();
        assertThat(max).isLessThan(ConnectionConfig.MIN_DATAGRAM_SIZE);
        p.client.sendDatagram(bytes(max, 3));
        assertThatThrownBy(() -> p.client.sendDatagram(bytes(max + 1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        p.flight();
        p.collectEvents();
        assertThat(received(p.serverEvents)).containsExactly(bytes(max, 3));
    }

    @Test
    void fullSendQueueDropsTheOldestAndCountsIt() {
        ConnectionConfig bounded = ConnectionConfig.builder().datagrams(new DatagramConfig(0, 3, 1 << 16, 64))
                .build();
        Pipe p = new Pipe(bounded, ENABLED).handshake();
        for (int i = 0; i < 5; i++) {
            p.client.sendDatagram(bytes(10, i));
        }
        assertThat(p.client.datagramStats().sendDropped()).isEqualTo(2);
        p.flight();
        p.collectEvents();
        assertThat(received(p.serverEvents)).containsExactly(bytes(10, 2), bytes(10, 3), bytes(10, 4));
    }

    @Test
    void sendQueueByteBoundDropsTheOldest() {
        ConnectionConfig bounded = ConnectionConfig.builder().datagrams(new DatagramConfig(0, 64, 250, 64)).build();
        Pipe p = new Pipe(bounded, ENABLED).handshake();
        p.client.sendDatagram(bytes(100, 1));
        p.client.sendDatagram(bytes(100, 2));
        p.client.sendDatagram(bytes(100, 3));
        assertThat(p.client.datagramStats().sendDropped()).isEqualTo(1);
        assertThatThrownBy(() -> p.client.sendDatagram(bytes(251, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullReceiveQueueDropsArrivalsAndCountsThem() {
        ConnectionConfig bounded = ConnectionConfig.builder().datagrams(new DatagramConfig(65535, 64, 1 << 16, 2))
                .build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, bounded).handshake();
        p.collectEvents();
        for (int i = 0; i < 4; i++) {
            p.client.sendDatagram(bytes(10, i));
        }
        p.deliver(p.drain(p.client), p.server);
        assertThat(p.server.datagramStats().receiveDropped()).isEqualTo(2);
        p.collectEvents();
        assertThat(received(p.serverEvents)).containsExactly(bytes(10, 0), bytes(10, 1));
        // Taking the events makes room again.
        p.client.sendDatagram(bytes(10, 9));
        p.deliver(p.drain(p.client), p.server);
        p.collectEvents();
        assertThat(received(p.serverEvents)).contains(bytes(10, 9));
    }

    @Test
    void lostDatagramIsNotRetransmitted() {
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, ENABLED).handshake();
        p.collectEvents();
        p.client.sendDatagram(bytes(50, 1));
        Pipe.drop(p.drain(p.client));
        // Later traffic gets acknowledged, so the first packet is declared lost (RFC 9002 §6.1).
        long id = p.client.openBidirectionalStream();
        for (int i = 0; i < 4; i++) {
            p.client.write(id, bytes(10, i), false);
            p.flight();
        }
        p.advanceToNextTimer();
        p.flight();
        p.collectEvents();
        assertThat(received(p.serverEvents)).isEmpty();
        DatagramStats stats = p.client.datagramStats();
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(stats.lost()).isEqualTo(1);
        assertThat(p.client.state().control.hasPending()).isFalse();
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void datagramWithoutOurSupportIsAProtocolViolation() {
        Pipe p = new Pipe().handshake();
        CloseReason r = ForgedPacketTest.deliverForged(p, p.client, p.server,
                ForgedPacketTest.frames(new DatagramFrame(bytes(5, 0), true)), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(r.frameType()).isEqualTo(FrameType.DATAGRAM_LEN);
    }

    @Test
    void datagramLargerThanOurMaxIsAProtocolViolation() {
        ConnectionConfig small = ConnectionConfig.builder().datagrams(DatagramConfig.DISABLED.withMaxFrameSize(20))
                .build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, small).handshake();
        // 1 (type) + 1 (length) + 19 = 21 bytes > 20.
        CloseReason r = ForgedPacketTest.deliverForged(p, p.client, p.server,
                ForgedPacketTest.frames(new DatagramFrame(bytes(19, 0), true)), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(r.frameType()).isEqualTo(FrameType.DATAGRAM_LEN);
    }

    @Test
    void datagramExactlyAtOurMaxIsAccepted() {
        ConnectionConfig small = ConnectionConfig.builder().datagrams(DatagramConfig.DISABLED.withMaxFrameSize(20))
                .build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, small).handshake();
        p.server.receive(ForgedPacketTest.forge(p.client, ForgedPacketTest.frames(new DatagramFrame(bytes(18, 0),
                true)), 0), Pipe.CLIENT_ADDRESS, p.now);
        assertThat(p.server.isOpen()).isTrue();
        assertThat(p.server.datagramStats().received()).isEqualTo(1);
    }

    @Test
    void invalidQueueBoundsAreRejected() {
        assertThatThrownBy(() -> new DatagramConfig(0, 0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatagramConfig(-1, 1, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
