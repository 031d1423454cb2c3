package io.quic4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DESIGN.md §6: validated defaults, and messages that say what to change. */
class QuicConfigTest {

    @Test
    void defaultsAreValidAndRoundTripThroughTheBuilder() {
        QuicConfig c = QuicConfig.defaults();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.maxDatagramSize()).isEqualTo(1200);
        assertThat(c.congestionControl()).isEqualTo(QuicCongestionControl.CUBIC);
        assertThat(c.eventLoops()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void idleTimeoutShorterThanHandshakeTimeoutSaysWhatToChange() {
        assertThatThrownBy(() -> QuicConfig.builder().maxIdleTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdleTimeout").hasMessageContaining("handshakeTimeout")
                .hasMessageContaining("raise maxIdleTimeout or lower handshakeTimeout");
    }

    @Test
    void zeroIdleTimeoutDisablesItAndSkipsTheComparison() {
        assertThat(QuicConfig.builder().maxIdleTimeout(Duration.ZERO).build().maxIdleTimeout()).isZero();
    }

    @Test
    void keepAliveMustBeShorterThanIdleTimeout() {
        assertThatThrownBy(() -> QuicConfig.builder().keepAlivePeriod(Duration.ofSeconds(30)).build())
                .hasMessageContaining("keepAlivePeriod").hasMessageContaining("lower keepAlivePeriod");
    }

    @Test
    void streamWindowLargerThanConnectionWindowIsRejected() {
        assertThatThrownBy(() -> QuicConfig.builder().connectionReceiveWindow(1000).streamReceiveWindow(2000).build())
                .hasMessageContaining("raise connectionReceiveWindow");
    }

    @Test
    void handshakeBacklogAboveConnectionLimitIsRejected() {
        assertThatThrownBy(() -> QuicConfig.builder().maxConnections(10).handshakeBacklog(20).build())
                .hasMessageContaining("handshakeBacklog (20) is larger than maxConnections (10)");
    }

    @Test
    void outOfRangeValuesNameTheSettingAndTheRange() {
        assertThatThrownBy(() -> QuicConfig.builder().maxDatagramSize(1000).build())
                .hasMessage("maxDatagramSize must be 1200 to 65527, was 1000");
        assertThatThrownBy(() -> QuicConfig.builder().eventLoops(0).build())
                .hasMessage("eventLoops must be 1 to 256, was 0");
        assertThatThrownBy(() -> QuicConfig.builder().activeConnectionIdLimit(1).build())
                .hasMessage("activeConnectionIdLimit must be 2 to 64, was 1");
        assertThatThrownBy(() -> QuicConfig.builder().leakedStreamErrorCode(-1).build())
                .hasMessageContaining("leakedStreamErrorCode");
    }

    @Test
    void qlogDirectoryIsOptional() {
        assertThat(QuicConfig.builder().qlogDirectory(Path.of("/tmp/q")).build().qlogDirectory())
                .contains(Path.of("/tmp/q"));
        assertThat(QuicConfig.builder().qlogDirectory(null).build().qlogDirectory()).isEmpty();
    }

    @Test
    void abuseProtectionSettingsHaveDefaultsAndRanges() {
        QuicConfig c = QuicConfig.defaults();
        assertThat(c.handshakesPerSecondPerAddress()).isEqualTo(500);
        assertThat(c.handshakeBurstPerAddress()).isEqualTo(1_000);
        assertThat(c.trackedAddressPrefixes()).isEqualTo(65_536);
        assertThat(c.statelessAnswersPerSecond()).isEqualTo(10_000);
        assertThat(c.refusalsPerSecond()).isEqualTo(1_000);
        assertThat(c.bufferCeiling()).isGreaterThanOrEqualTo(64L << 20);
        QuicConfig set = QuicConfig.builder().handshakesPerSecondPerAddress(5).handshakeBurstPerAddress(7)
                .trackedAddressPrefixes(9).statelessAnswersPerSecond(11).refusalsPerSecond(13).bufferCeiling(1L << 30)
                .build();
        assertThat(set.toBuilder().build()).isEqualTo(set);
        assertThat(set.bufferCeiling()).isEqualTo(1L << 30);
        assertThatThrownBy(() -> QuicConfig.builder().handshakesPerSecondPerAddress(0).build())
                .hasMessageContaining("handshakesPerSecondPerAddress");
        assertThatThrownBy(() -> QuicConfig.builder().bufferCeiling(1000).build())
                .hasMessageContaining("bufferCeiling must be 1048576");
        assertThatThrownBy(() -> QuicConfig.builder().refusalsPerSecond(0).build())
                .hasMessageContaining("refusalsPerSecond");
    }

    @Test
    void streamCreditOnCloseIsOffByDefaultAndSurvivesToBuilder() {
        assertThat(QuicConfig.defaults().streamCreditOnClose()).isFalse();
        QuicConfig on = QuicConfig.builder().streamCreditOnClose(true).build();
        assertThat(on.streamCreditOnClose()).isTrue();
        assertThat(on.toBuilder().build()).isEqualTo(on);
        assertThat(on.toBuilder().maxIdleTimeout(java.time.Duration.ofSeconds(60)).build().streamCreditOnClose())
                .isTrue();
    }
}
