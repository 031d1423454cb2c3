package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.params.TransportParameters;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Transport parameter exchange and the connection ID checks of RFC 9000 §7.3, both directions. */
class TransportParametersTest {

    static CloseReason localClose(Connection c) {
        return c.closeReason().orElseThrow(() -> new AssertionError("connection did not close"));
    }

    @Test
    void parametersAreExchangedBothWays() {
        Pipe p = new Pipe().handshake();
        assertThat(p.client.peerParameters()).get().extracting(t -> t.initialMaxData())
                .isEqualTo(ConnectionConfig.DEFAULTS.initialMaxData());
        assertThat(p.server.peerParameters()).get().extracting(t -> t.initialSourceConnectionId())
                .isEqualTo(Optional.of(p.client.localConnectionId()));
    }

    @Test
    void clientRejectsAWrongOriginalDestinationConnectionIdWithTransportParameterError() {
        Pipe p = new Pipe();
        p.incomingEdit = i -> new Connection.Incoming(i.client(), i.version(), ConnectionId.ofHex("0102030405060708"),
                i.currentDestination(), i.clientSource(), i.retrySource(), i.addressValidated(), i.localId());
        p.flight();
        CloseReason r = localClose(p.client);
        assertThat(r.kind()).isEqualTo(CloseReason.Kind.LOCAL);
        assertThat(r.errorCode()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR.code());
        assertThat(p.client.isHandshakeComplete()).isFalse();
    }

    @Test
    void clientRejectsRetrySourceConnectionIdWithoutARetry() {
        Pipe p = new Pipe();
        p.incomingEdit = i -> new Connection.Incoming(i.client(), i.version(), i.originalDestination(),
                i.currentDestination(), i.clientSource(), Optional.of(ConnectionId.ofHex("0a0b0c0d0e0f0102")),
                i.addressValidated(), i.localId());
        p.flight();
        assertThat(localClose(p.client).errorCode()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR.code());
    }

    @Test
    void serverRejectsAClientWhoseInitialSourceConnectionIdDiffersFromItsPackets() {
        Pipe p = new Pipe();
        // Rebuild the client's ClientHello with an initial_source_connection_id that is not its Source
        // Connection ID (its first flight has not left yet).
        ConnectionState c = p.client.state();
        TransportParameters bad = Connection.clientParameters(c).toBuilder()
                .initialSourceConnectionId(ConnectionId.ofHex("1111111111111111")).build();
        c.space(io.quic4j.transport.recovery.PacketNumberSpace.INITIAL).restartCrypto();
        c.handshake = new HandshakeDriver(c,
                io.quic4j.tls.TlsEngine.client(c.tlsConfig, c.serverName, Connection.encode(bad, Role.CLIENT), null));
        c.handshake.start(p.now);
        p.flight();
        CloseReason r = localClose(p.server);
        // RFC 9000 §7.3: a mismatch is TRANSPORT_PARAMETER_ERROR.
        assertThat(r.errorCode()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR.code());
    }
}
