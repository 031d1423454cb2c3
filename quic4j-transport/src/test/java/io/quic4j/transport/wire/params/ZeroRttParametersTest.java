package io.quic4j.transport.wire.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9000 §7.4.1 and RFC 9221 §3: what a client remembers for 0-RTT, and what a server may not lower. */
class ZeroRttParametersTest {

    private static final TransportParameters SERVER = TransportParameters.builder()
            .originalDestinationConnectionId(ConnectionId.ofHex("0102"))
            .maxIdleTimeout(Duration.ofSeconds(30))
            .statelessResetToken(StatelessResetToken.ofHex("11".repeat(16)))
            .maxUdpPayloadSize(1500)
            .initialMaxData(1000)
            .initialMaxStreamDataBidiLocal(100)
            .initialMaxStreamDataBidiRemote(200)
            .initialMaxStreamDataUni(300)
            .initialMaxStreamsBidi(10)
            .initialMaxStreamsUni(5)
            .ackDelayExponent(10)
            .maxAckDelay(Duration.ofMillis(50))
            .disableActiveMigration(true)
            .preferredAddress(PreferredAddress.of(new InetSocketAddress("192.0.2.1", 443),
                    new InetSocketAddress("::", 0), ConnectionId.ofHex("03"), StatelessResetToken.ofHex("22"
                            .repeat(16))))
            .activeConnectionIdLimit(4)
            .initialSourceConnectionId(ConnectionId.ofHex("04"))
            .retrySourceConnectionId(ConnectionId.ofHex("05"))
            .versionInformation(VersionInformation.of(QuicVersion.V1.wire(), QuicVersion.V1.wire()))
            .maxDatagramFrameSize(1200)
            .build();

    /** RFC 9000 §7.4.1: "A client MUST NOT use remembered values for the following parameters". */
    @Test
    void rememberedDropsConnectionSpecificParameters() {
        TransportParameters r = ZeroRttParameters.remembered(SERVER);
        assertThat(r.ackDelayExponent()).isEqualTo(TransportParameters.DEFAULT_ACK_DELAY_EXPONENT);
        assertThat(r.maxAckDelay()).isEqualTo(TransportParameters.DEFAULT_MAX_ACK_DELAY);
        assertThat(r.initialSourceConnectionId()).isEmpty();
        assertThat(r.originalDestinationConnectionId()).isEmpty();
        assertThat(r.preferredAddress()).isEmpty();
        assertThat(r.retrySourceConnectionId()).isEmpty();
        assertThat(r.statelessResetToken()).isEmpty();
    }

    /** RFC 9000 §7.4.1: "MUST remember all other transport parameters used by the server". */
    @Test
    void rememberedKeepsEverythingElse() {
        TransportParameters r = ZeroRttParameters.remembered(SERVER);
        assertThat(r.maxIdleTimeout()).isEqualTo(SERVER.maxIdleTimeout());
        assertThat(r.maxUdpPayloadSize()).isEqualTo(SERVER.maxUdpPayloadSize());
        assertThat(r.initialMaxData()).isEqualTo(SERVER.initialMaxData());
        assertThat(r.initialMaxStreamDataBidiLocal()).isEqualTo(SERVER.initialMaxStreamDataBidiLocal());
        assertThat(r.initialMaxStreamDataBidiRemote()).isEqualTo(SERVER.initialMaxStreamDataBidiRemote());
        assertThat(r.initialMaxStreamDataUni()).isEqualTo(SERVER.initialMaxStreamDataUni());
        assertThat(r.initialMaxStreamsBidi()).isEqualTo(SERVER.initialMaxStreamsBidi());
        assertThat(r.initialMaxStreamsUni()).isEqualTo(SERVER.initialMaxStreamsUni());
        assertThat(r.disableActiveMigration()).isTrue();
        assertThat(r.activeConnectionIdLimit()).isEqualTo(SERVER.activeConnectionIdLimit());
        assertThat(r.versionInformation()).isEqualTo(SERVER.versionInformation());
        assertThat(r.maxDatagramFrameSize()).isEqualTo(SERVER.maxDatagramFrameSize());
    }

    /** For any server set: the remembered subset holds no server-only parameter and is never "reduced". */
    @Property
    void rememberedParametersHoldNoServerOnlyParameter(@ForAll("server") TransportParameters p) {
        TransportParameters r = ZeroRttParameters.remembered(p);
        assertThat(r.originalDestinationConnectionId()).isEmpty();
        assertThat(r.statelessResetToken()).isEmpty();
        assertThat(r.preferredAddress()).isEmpty();
        assertThat(r.retrySourceConnectionId()).isEmpty();
        assertThat(TransportParametersCodecTest.roundTrip(r, Role.SERVER)).isEqualTo(r);
        ZeroRttParameters.requireNotReduced(r, p);
    }

    @Provide
    Arbitrary<TransportParameters> server() {
        return ParamArbitraries.parameters(Role.SERVER);
    }

    @Test
    void acceptsEqualOrLargerLimits() {
        TransportParameters r = ZeroRttParameters.remembered(SERVER);
        ZeroRttParameters.requireNotReduced(r, SERVER);
        ZeroRttParameters.requireNotReduced(r, SERVER.toBuilder().initialMaxData(5000).maxDatagramFrameSize(65535)
                .ackDelayExponent(0).maxIdleTimeout(Duration.ZERO).build());
        assertThat(r.initialMaxData()).isEqualTo(1000);
    }

    static Stream<Arguments> reductions() {
        return Stream.of(
                reduction("active_connection_id_limit", b -> b.activeConnectionIdLimit(3)),
                reduction("initial_max_data", b -> b.initialMaxData(999)),
                reduction("initial_max_stream_data_bidi_local", b -> b.initialMaxStreamDataBidiLocal(99)),
                reduction("initial_max_stream_data_bidi_remote", b -> b.initialMaxStreamDataBidiRemote(199)),
                reduction("initial_max_stream_data_uni", b -> b.initialMaxStreamDataUni(299)),
                reduction("initial_max_streams_bidi", b -> b.initialMaxStreamsBidi(9)),
                reduction("initial_max_streams_uni", b -> b.initialMaxStreamsUni(4)),
                reduction("max_datagram_frame_size", b -> b.maxDatagramFrameSize(1199)),
                reduction("max_datagram_frame_size",
                        b -> b.maxDatagramFrameSize(java.util.OptionalLong.empty())));
    }

    private static Arguments reduction(String name, UnaryOperator<TransportParameters.Builder> change) {
        return Arguments.of(name, change);
    }

    /**
     * RFC 9000 §7.4.1: "a server that accepts 0-RTT data MUST NOT set values for the following parameters
     * [...] that are smaller than the remembered values"; RFC 9221 §3 names PROTOCOL_VIOLATION.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void rejectsReducedLimitWithProtocolViolation(String name, UnaryOperator<TransportParameters.Builder> change) {
        TransportParameters remembered = ZeroRttParameters.remembered(SERVER);
        TransportParameters lowered = change.apply(SERVER.toBuilder()).build();
        assertThatThrownBy(() -> ZeroRttParameters.requireNotReduced(remembered, lowered))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION))
                .hasMessageContaining(name);
    }
}
