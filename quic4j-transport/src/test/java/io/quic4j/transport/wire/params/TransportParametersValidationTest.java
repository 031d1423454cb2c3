package io.quic4j.transport.wire.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Local values are checked when built, so an invalid set can never be encoded (RFC 9000 §18.2). */
class TransportParametersValidationTest {

    private static final StatelessResetToken TOKEN = StatelessResetToken.of(new byte[16]);

    @Test
    void builderRejectsMaxUdpPayloadSizeBelow1200() {
        assertInvalid(TransportParameters.builder().maxUdpPayloadSize(1199), "maxUdpPayloadSize");
    }

    @Test
    void builderRejectsAckDelayExponentAbove20() {
        assertInvalid(TransportParameters.builder().ackDelayExponent(21), "ackDelayExponent");
        assertInvalid(TransportParameters.builder().ackDelayExponent(-1), "ackDelayExponent");
    }

    @Test
    void builderRejectsMaxAckDelayOf2To14Millis() {
        assertInvalid(TransportParameters.builder().maxAckDelay(Duration.ofMillis(1 << 14)), "maxAckDelay");
        assertThat(TransportParameters.builder().maxAckDelay(Duration.ofMillis((1 << 14) - 1)).build()
                .maxAckDelay()).isEqualTo(Duration.ofMillis(16383));
    }

    @Test
    void builderRejectsSubMillisecondDurations() {
        assertInvalid(TransportParameters.builder().maxIdleTimeout(Duration.ofNanos(1_500_000)), "whole");
        assertInvalid(TransportParameters.builder().maxAckDelay(Duration.ofNanos(1)), "whole");
    }

    @Test
    void builderRejectsNegativeOrHugeIdleTimeout() {
        assertInvalid(TransportParameters.builder().maxIdleTimeout(Duration.ofMillis(-1)), "maxIdleTimeout");
        assertInvalid(TransportParameters.builder().maxIdleTimeout(Duration.ofMillis(VarInt.MAX + 1)),
                "maxIdleTimeout");
        assertInvalid(TransportParameters.builder().maxIdleTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
                "maxIdleTimeout");
    }

    @Test
    void builderRejectsStreamLimitsAbove2To60() {
        assertInvalid(TransportParameters.builder().initialMaxStreamsBidi((1L << 60) + 1), "initialMaxStreamsBidi");
        assertInvalid(TransportParameters.builder().initialMaxStreamsUni((1L << 60) + 1), "initialMaxStreamsUni");
    }

    @Test
    void builderRejectsValuesOutsideVarintRange() {
        assertInvalid(TransportParameters.builder().initialMaxData(-1), "initialMaxData");
        assertInvalid(TransportParameters.builder().initialMaxStreamDataUni(VarInt.MAX + 1),
                "initialMaxStreamDataUni");
        assertInvalid(TransportParameters.builder().maxDatagramFrameSize(-1), "maxDatagramFrameSize");
    }

    @Test
    void builderRejectsActiveConnectionIdLimitBelow2() {
        assertInvalid(TransportParameters.builder().activeConnectionIdLimit(1), "activeConnectionIdLimit");
    }

    @Test
    void builderRejectsPreferredAddressWithZeroLengthInitialSourceConnectionId() {
        assertInvalid(TransportParameters.builder().preferredAddress(preferred())
                .initialSourceConnectionId(ConnectionId.EMPTY), "preferredAddress");
    }

    @Test
    void preferredAddressRejectsZeroLengthConnectionId() {
        assertThatThrownBy(() -> new PreferredAddress(PreferredAddress.NO_IPV4, 0, PreferredAddress.NO_IPV6, 0,
                ConnectionId.EMPTY, TOKEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connection ID");
    }

    @Test
    void preferredAddressRejectsPortsOutOfRange() {
        assertThatThrownBy(() -> new PreferredAddress(PreferredAddress.NO_IPV4, 65536, PreferredAddress.NO_IPV6, 0,
                ConnectionId.ofHex("01"), TOKEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ipv4Port");
    }

    @Test
    void preferredAddressOfOneFamilyReportsTheOtherAsAbsent() {
        PreferredAddress a = PreferredAddress.of(new InetSocketAddress("0.0.0.0", 0),
                new InetSocketAddress("2001:db8::2", 443), ConnectionId.ofHex("01"), TOKEN);
        assertThat(a.ipv4()).isEmpty();
        assertThat(a.ipv6()).contains(new InetSocketAddress("2001:db8::2", 443));
    }

    /** An IPv4-mapped IPv6 address stays an IPv6 address, so it round-trips in the IPv6 field. */
    @Test
    void preferredAddressKeepsIpv4MappedIpv6Address() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        PreferredAddress a = new PreferredAddress(PreferredAddress.NO_IPV4, 0, ParamArbitraries.v6(mapped), 443,
                ConnectionId.ofHex("01"), TOKEN);
        TransportParameters p = TransportParameters.builder().preferredAddress(a).build();
        assertThat(TransportParametersCodecTest.roundTrip(p, Role.SERVER)).isEqualTo(p);
    }

    @Test
    void statelessResetTokenMustBe16Bytes() {
        assertThatThrownBy(() -> StatelessResetToken.of(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16");
        assertThat(StatelessResetToken.ofHex("00".repeat(16))).isEqualTo(TOKEN);
    }

    @Test
    void versionInformationRejectsVersion0() {
        assertThatThrownBy(() -> VersionInformation.of(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chosenVersion");
        assertThatThrownBy(() -> VersionInformation.of(1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("availableVersions");
    }

    @Test
    void versionInformationCopiesItsList() {
        List<Integer> versions = new java.util.ArrayList<>(List.of(1));
        VersionInformation v = new VersionInformation(1, versions);
        versions.add(2);
        assertThat(v.availableVersions()).containsExactly(1);
    }

    /** RFC 9000 §18.1: reserved ids are 31 * N + 27. */
    @Test
    void greaseParametersUseReservedIds() {
        RandomGenerator random = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            GreaseParameter g = GreaseParameter.random(random);
            assertThat((g.id() - 27) % 31).isZero();
            assertThat(g.id()).isBetween(27L, VarInt.MAX);
            assertThat(g.value().length).isLessThanOrEqualTo(GreaseParameter.MAX_RANDOM_LENGTH);
            assertThat(TransportParameterId.fromId(g.id())).isNull();
        }
        assertThatThrownBy(() -> GreaseParameter.of(28)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knownIdsMapToTheirParameters() {
        for (TransportParameterId id : TransportParameterId.values()) {
            assertThat(TransportParameterId.fromId(id.id())).isSameAs(id);
            assertThat(TransportParameterId.isReserved(id.id())).isFalse();
        }
        assertThat(TransportParameterId.fromId(0x12)).isNull();
        assertThat(TransportParameterId.fromId(-1)).isNull();
    }

    private static PreferredAddress preferred() {
        return PreferredAddress.of(new InetSocketAddress("192.0.2.1", 443), new InetSocketAddress("::", 0),
                ConnectionId.ofHex("0102"), TOKEN);
    }

    private static void assertInvalid(TransportParameters.Builder builder, String mentions) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mentions);
    }
}
