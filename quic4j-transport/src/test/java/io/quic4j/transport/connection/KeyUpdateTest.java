package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9001 §6: key updates, initiated every N packets and answered by the peer, lose no data. */
class KeyUpdateTest {

    @Test
    void keyUpdateEveryThousandPacketsDuringATransferLosesNoData() {
        ConnectionConfig every1000 = ConnectionConfig.builder().keyUpdateInterval(1000).build();
        Pipe p = new Pipe(every1000, ConnectionConfig.DEFAULTS).handshake();
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(4_000_000, 7);
        assertThat(DataTransferTest.transfer(p, p.client, p.server, id, data)).isEqualTo(data);
        assertThat(p.client.stats().keyUpdates()).isGreaterThanOrEqualTo(2);
        // The server answered each update (RFC 9001 §6.2) and so counts them too.
        assertThat(p.server.stats().keyUpdates()).isEqualTo(p.client.stats().keyUpdates());
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void keyUpdatesWorkInQuicV2() {
        // RFC 9369 §3.3.2: v2 derives the next keys with its own label ("quicv2 ku").
        ConnectionConfig v2 = ConnectionConfig.builder()
                .versions(java.util.List.of(io.quic4j.transport.wire.QuicVersion.V2))
                .keyUpdateInterval(200).build();
        Pipe p = new Pipe(v2, v2).handshake();
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(1_000_000, 8);
        assertThat(DataTransferTest.transfer(p, p.client, p.server, id, data)).isEqualTo(data);
        assertThat(p.client.stats().keyUpdates()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void noKeyUpdateBeforeTheHandshakeIsConfirmed() {
        ConnectionConfig every1 = ConnectionConfig.builder().keyUpdateInterval(1).build();
        Pipe p = new Pipe(every1, every1);
        p.clientFlight();
        p.serverFlight();
        p.clientFlight();
        // RFC 9001 §6.1: not before confirmation.
        assertThat(p.client.stats().keyUpdates()).isZero();
        p.handshake();
        assertThat(p.client.isOpen()).isTrue();
    }
}
