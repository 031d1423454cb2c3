package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.stream.PeerLimits;
import io.quic4j.transport.stream.StreamConfig;
import io.quic4j.transport.wire.params.TransportParameters;
import org.junit.jupiter.api.Test;

/** RFC 9000 §7.4, §18.2: stream settings to transport parameters and back, each field to its own. */
class StreamParametersTest {

    @Test
    void ourStreamConfigIsAdvertisedInTheMatchingParameters() {
        ConnectionConfig c = ConnectionConfig.builder().initialMaxData(1000).initialMaxStreamData(300)
                .initialMaxStreamsBidi(7).initialMaxStreamsUni(5).build();
        StreamConfig config = ConnectionStreams.config(c);
        TransportParameters p = ConnectionStreams.advertise(TransportParameters.builder(), config).build();
        assertThat(p.initialMaxData()).isEqualTo(1000);
        assertThat(p.initialMaxStreamDataBidiLocal()).isEqualTo(300);
        assertThat(p.initialMaxStreamDataBidiRemote()).isEqualTo(300);
        assertThat(p.initialMaxStreamDataUni()).isEqualTo(300);
        assertThat(p.initialMaxStreamsBidi()).isEqualTo(7);
        assertThat(p.initialMaxStreamsUni()).isEqualTo(5);
        assertThat(config.maxStreamWindow()).isGreaterThanOrEqualTo(config.streamWindow());
        assertThat(config.maxConnectionWindow()).isGreaterThanOrEqualTo(config.connectionWindow());
    }

    @Test
    void thePeersParametersBecomeTheLimitsOnWhatWeSendFieldByField() {
        TransportParameters peer = TransportParameters.builder().initialMaxData(11).initialMaxStreamDataBidiLocal(22)
                .initialMaxStreamDataBidiRemote(33).initialMaxStreamDataUni(44).initialMaxStreamsBidi(55)
                .initialMaxStreamsUni(66).build();
        assertThat(ConnectionStreams.limits(peer)).isEqualTo(new PeerLimits(11, 22, 33, 44, 55, 66));
    }

    @Test
    void theHandshakeGivesEachSideThePeersLimits() {
        ConnectionConfig server = ConnectionConfig.builder().initialMaxStreamsBidi(2).initialMaxStreamsUni(1).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, server).handshake();
        assertThat(p.client.openUnidirectionalStream()).isEqualTo(2);
        assertThat(p.client.openUnidirectionalStream()).isEqualTo(-1);
        assertThat(p.client.openBidirectionalStream()).isEqualTo(0);
        assertThat(p.client.openBidirectionalStream()).isEqualTo(4);
        assertThat(p.client.openBidirectionalStream()).isEqualTo(-1);
        assertThat(p.server.openBidirectionalStream()).isEqualTo(1);
    }
}
