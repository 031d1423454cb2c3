package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.congestion.CongestionControl;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ConnectionConfig's validated defaults: each rule rejects with a message naming the setting. */
class ConnectionConfigTest {

    @Test
    void defaultsAreValidAndAsDocumented() {
        ConnectionConfig c = ConnectionConfig.DEFAULTS;
        assertThat(c.maxDatagramSize()).isEqualTo(1200);
        assertThat(c.maxIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.congestionControl()).isEqualTo(CongestionControl.CUBIC);
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void rejectsDatagramsSmallerThan1200Bytes() {
        assertThatThrownBy(() -> ConnectionConfig.builder().maxDatagramSize(1199).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDatagramSize");
    }

    @Test
    void rejectsAMaxUdpPayloadSizeOutside1200To65527() {
        // RFC 9000 §18.2: "Values below 1200 are invalid"; 65527 is the most UDP can carry.
        assertThat(ConnectionConfig.DEFAULTS.maxUdpPayloadSize()).isEqualTo(65527);
        assertThatThrownBy(() -> ConnectionConfig.builder().maxUdpPayloadSize(1199).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxUdpPayloadSize");
        assertThatThrownBy(() -> ConnectionConfig.builder().maxUdpPayloadSize(65528).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxUdpPayloadSize");
        assertThat(ConnectionConfig.builder().maxUdpPayloadSize(1300).build().toBuilder().build().maxUdpPayloadSize())
                .isEqualTo(1300);
    }

    @Test
    void rejectsAnIdleTimeoutShorterThanTheHandshakeTimeout() {
        assertThatThrownBy(() -> ConnectionConfig.builder().maxIdleTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(Duration.ofSeconds(5)).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handshakeTimeout");
    }

    @Test
    void rejectsAKeepAliveNotShorterThanTheIdleTimeout() {
        assertThatThrownBy(() -> ConnectionConfig.builder().keepAlivePeriod(Duration.ofSeconds(30)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlivePeriod");
    }

    @Test
    void rejectsMaxAckDelayOf2To14Milliseconds() {
        assertThatThrownBy(() -> ConnectionConfig.builder().maxAckDelay(Duration.ofMillis(1 << 14)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAckDelay");
    }

    @Test
    void rejectsAckDelayExponentAbove20() {
        assertThatThrownBy(() -> ConnectionConfig.builder().ackDelayExponent(21).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ackDelayExponent");
    }

    @Test
    void rejectsActiveConnectionIdLimitBelow2() {
        assertThatThrownBy(() -> ConnectionConfig.builder().activeConnectionIdLimit(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activeConnectionIdLimit");
    }

    @Test
    void rejectsConnectionIdLengthsThatCannotBeRandom() {
        assertThatThrownBy(() -> ConnectionConfig.builder().connectionIdLength(4).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionIdLength");
        assertThatThrownBy(() -> ConnectionConfig.builder().connectionIdLength(21).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionIdLength");
    }

    @Test
    void rejectsNoVersions() {
        assertThatThrownBy(() -> ConnectionConfig.builder().versions(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("versions");
    }

    @Test
    void rejectsNegativeKeyUpdateInterval() {
        assertThatThrownBy(() -> ConnectionConfig.builder().keyUpdateInterval(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyUpdateInterval");
    }

    @Test
    void newRenoCanBeChosen() {
        ConnectionConfig reno = ConnectionConfig.builder().congestionControl(CongestionControl.NEW_RENO).build();
        Pipe p = new Pipe(reno, reno).handshake();
        assertThat(p.client.isHandshakeConfirmed()).isTrue();
    }
}
