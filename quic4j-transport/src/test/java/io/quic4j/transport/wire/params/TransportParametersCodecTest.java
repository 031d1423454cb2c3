package io.quic4j.transport.wire.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Encoding and round trips of transport parameters (RFC 9000 §18). */
class TransportParametersCodecTest {

    @Property
    void serverParametersRoundTrip(@ForAll("server") TransportParameters p) {
        assertThat(roundTrip(p, Role.SERVER)).isEqualTo(p);
    }

    @Property
    void clientParametersRoundTrip(@ForAll("client") TransportParameters p) {
        assertThat(roundTrip(p, Role.CLIENT)).isEqualTo(p);
    }

    /** RFC 9000 §18.1 / §7.4.2: a reserved parameter is ignored by the receiver. */
    @Property
    void greaseIsSkipped(@ForAll("server") TransportParameters p, @ForAll @LongRange long seed) {
        GreaseParameter grease = GreaseParameter.random(new Random(seed));
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength(grease));
        p.encode(out, Role.SERVER, grease);
        assertThat(out.hasRemaining()).isFalse();
        assertThat(TransportParameters.decode(out.flip(), Role.SERVER)).isEqualTo(p);
    }

    @Provide
    Arbitrary<TransportParameters> server() {
        return ParamArbitraries.parameters(Role.SERVER);
    }

    @Provide
    Arbitrary<TransportParameters> client() {
        return ParamArbitraries.parameters(Role.CLIENT);
    }

    @Test
    void defaultsEncodeToNothing() {
        assertThat(TransportParameters.DEFAULTS.encodedLength()).isZero();
        assertThat(TransportParameters.decode(ByteBuffer.allocate(0), Role.CLIENT))
                .isEqualTo(TransportParameters.DEFAULTS);
    }

    @Test
    void absentParametersTakeRfcDefaults() {
        TransportParameters d = TransportParameters.DEFAULTS;
        assertThat(d.maxUdpPayloadSize()).isEqualTo(65527);
        assertThat(d.ackDelayExponent()).isEqualTo(3);
        assertThat(d.maxAckDelay()).isEqualTo(Duration.ofMillis(25));
        assertThat(d.activeConnectionIdLimit()).isEqualTo(2);
        assertThat(d.maxIdleTimeout()).isEqualTo(Duration.ZERO);
        assertThat(d.initialMaxData()).isZero();
        assertThat(d.initialSourceConnectionId()).isEmpty();
        assertThat(d.maxDatagramFrameSize()).isEmpty();
        assertThat(d.datagramsSupported()).isFalse();
    }

    /** A server's full parameter set, byte for byte, in increasing id order. */
    @Test
    void encodesHandBuiltServerParametersExactly() throws Exception {
        TransportParameters p = TransportParameters.builder()
                .originalDestinationConnectionId(ConnectionId.ofHex("8394c8f03e515708"))
                .maxIdleTimeout(Duration.ofSeconds(30))
                .statelessResetToken(StatelessResetToken.ofHex("000102030405060708090a0b0c0d0e0f"))
                .maxUdpPayloadSize(1472)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidiLocal(1 << 18)
                .initialMaxStreamDataBidiRemote(1 << 18)
                .initialMaxStreamDataUni(1 << 18)
                .initialMaxStreamsBidi(100)
                .initialMaxStreamsUni(3)
                .ackDelayExponent(2)
                .maxAckDelay(Duration.ofMillis(20))
                .disableActiveMigration(true)
                .preferredAddress(PreferredAddress.of(new InetSocketAddress("192.0.2.1", 4433),
                        new InetSocketAddress("2001:db8::1", 4433), ConnectionId.ofHex("0102030405060708"),
                        StatelessResetToken.ofHex("aa".repeat(16))))
                .activeConnectionIdLimit(8)
                .initialSourceConnectionId(ConnectionId.ofHex("c0ffee00"))
                .retrySourceConnectionId(ConnectionId.ofHex("5ca1ab1e"))
                .versionInformation(VersionInformation.of(QuicVersion.V1.wire(), QuicVersion.V1.wire(),
                        QuicVersion.V2.wire()))
                .maxDatagramFrameSize(65535)
                .build();
        String expected = ""
                + "00088394c8f03e515708" // original_destination_connection_id
                + "010480007530" // max_idle_timeout 30000 ms, 4-byte varint
                + "0210000102030405060708090a0b0c0d0e0f" // stateless_reset_token
                + "030245c0" // max_udp_payload_size 1472
                + "040480100000" // initial_max_data 2^20
                + "050480040000" // initial_max_stream_data_bidi_local 2^18
                + "060480040000" // initial_max_stream_data_bidi_remote 2^18
                + "070480040000" // initial_max_stream_data_uni 2^18
                + "08024064" // initial_max_streams_bidi 100
                + "090103" // initial_max_streams_uni 3
                + "0a0102" // ack_delay_exponent 2
                + "0b0114" // max_ack_delay 20 ms
                + "0c00" // disable_active_migration
                + "0d31" + "c0000201" + "1151" + "20010db8000000000000000000000001" + "1151" + "08"
                + "0102030405060708" + "aa".repeat(16) // preferred_address, 49 bytes
                + "0e0108" // active_connection_id_limit 8
                + "0f04c0ffee00" // initial_source_connection_id
                + "10045ca1ab1e" // retry_source_connection_id
                + "110c" + "00000001" + "00000001" + "6b3343cf" // version_information v1; v1, v2
                + "20048000ffff"; // max_datagram_frame_size 65535
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength());
        p.encode(out, Role.SERVER);
        assertThat(HexFormat.of().formatHex(out.array())).isEqualTo(expected);
        assertThat(TransportParameters.decode(ByteBuffer.wrap(HexFormat.of().parseHex(expected)), Role.SERVER))
                .isEqualTo(p);
    }

    @Test
    void encodesFixedGreaseParameterLast() {
        TransportParameters p = TransportParameters.builder().initialMaxStreamsUni(3).build();
        GreaseParameter grease = GreaseParameter.of(27, (byte) 0xab);
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength(grease));
        p.encode(out, Role.CLIENT, grease);
        assertThat(HexFormat.of().formatHex(out.array())).isEqualTo("090103" + "1b01ab");
    }

    @Test
    void presentZeroMaxDatagramFrameSizeIsKeptButMeansUnsupported() {
        TransportParameters p = TransportParameters.builder().maxDatagramFrameSize(0).build();
        assertThat(hex(p, Role.CLIENT)).isEqualTo("200100");
        assertThat(roundTrip(p, Role.CLIENT).maxDatagramFrameSize()).hasValue(0);
        assertThat(p.datagramsSupported()).isFalse();
        assertThat(TransportParameters.builder().maxDatagramFrameSize(1).build().datagramsSupported()).isTrue();
    }

    /** RFC 9000 §18.2: "A client MUST NOT include any server-only transport parameter". */
    @Test
    void clientRefusesToEncodeServerOnlyParameters() {
        TransportParameters p = TransportParameters.builder()
                .retrySourceConnectionId(ConnectionId.ofHex("01"))
                .build();
        assertThatThrownBy(() -> p.encode(ByteBuffer.allocate(64), Role.CLIENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retrySourceConnectionId");
    }

    /** RFC 9368 §4: a client lists its chosen version among its available versions. */
    @Test
    void clientRefusesToEncodeVersionInformationWithoutChosenVersion() {
        TransportParameters p = TransportParameters.builder()
                .versionInformation(VersionInformation.of(QuicVersion.V2.wire(), QuicVersion.V1.wire()))
                .build();
        assertThatThrownBy(() -> p.encode(ByteBuffer.allocate(64), Role.CLIENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("availableVersions");
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength());
        p.encode(out, Role.SERVER);
        assertThat(TransportParameters.decode(out.flip(), Role.SERVER)).isEqualTo(p);
    }

    private static String hex(TransportParameters p, Role sender) {
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength());
        p.encode(out, sender);
        return HexFormat.of().formatHex(out.array());
    }

    static TransportParameters roundTrip(TransportParameters p, Role sender) {
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength());
        p.encode(out, sender);
        assertThat(out.hasRemaining()).as("encodedLength matches the bytes written").isFalse();
        return TransportParameters.decode(out.flip(), sender);
    }
}
