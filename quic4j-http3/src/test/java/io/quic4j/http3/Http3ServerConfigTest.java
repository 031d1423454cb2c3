package io.quic4j.http3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicConfig;
import org.junit.jupiter.api.Test;

/** {@link Http3ServerConfig} validation: each bad setting fails with a message naming it. */
class Http3ServerConfigTest {

    @Test
    void defaultsAreValid() {
        Http3ServerConfig c = Http3ServerConfig.defaults();

        assertThat(c.maxRequestBodySize()).isEqualTo(Http3ServerConfig.UNLIMITED);
        assertThat(c.maxConcurrentRequests()).isEqualTo(QuicConfig.defaults().maxIncomingBidirectionalStreams());
    }

    @Test
    void maxConcurrentRequestsIsTheBidirectionalStreamLimit() {
        Http3ServerConfig c = Http3ServerConfig.builder().maxConcurrentRequests(7).build();

        assertThat(c.quicConfig().maxIncomingBidirectionalStreams()).isEqualTo(7);
        assertThat(c.maxConcurrentRequests()).isEqualTo(7);
    }

    @Test
    void rejectsFieldSectionSizeBelow32() {
        assertThatThrownBy(() -> Http3ServerConfig.builder().maxFieldSectionSize(31).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFieldSectionSize");
    }

    @Test
    void rejectsQpackTableCapacityOutOfRange() {
        assertThatThrownBy(() -> Http3ServerConfig.builder().qpackMaxTableCapacity(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qpackMaxTableCapacity");
        assertThatThrownBy(() -> Http3ServerConfig.builder().qpackMaxTableCapacity((1L << 30) + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qpackMaxTableCapacity");
    }

    @Test
    void rejectsNegativeBlockedStreams() {
        assertThatThrownBy(() -> Http3ServerConfig.builder().qpackBlockedStreams(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qpackBlockedStreams");
    }

    @Test
    void rejectsNegativeBodyLimitOtherThanUnlimited() {
        assertThatThrownBy(() -> Http3ServerConfig.builder().maxRequestBodySize(-2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRequestBodySize");
    }

    @Test
    void rejectsTooFewUnidirectionalStreamsForTheCriticalStreams() {
        // RFC 9114 §6.2 and RFC 9204 §4.2: the client needs a control and two QPACK streams.
        QuicConfig two = QuicConfig.builder().maxIncomingUnidirectionalStreams(2).build();

        assertThatThrownBy(() -> Http3ServerConfig.builder().quicConfig(two).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIncomingUnidirectionalStreams");
    }

    @Test
    void rejectsZeroConcurrentRequests() {
        assertThatThrownBy(() -> Http3ServerConfig.builder().maxConcurrentRequests(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max concurrent requests");
    }

    @Test
    void abuseLimitsDefaultToThePublicServerValues() {
        assertThat(Http3ServerConfig.defaults().abuseLimits()).isEqualTo(Http3AbuseLimits.DEFAULTS);
        assertThat(Http3AbuseLimits.DEFAULTS.maxResetStreams()).isEqualTo(200);
    }

    @Test
    void abuseLimitsRejectANonPositiveResetBound() {
        assertThatThrownBy(() -> Http3AbuseLimits.DEFAULTS.withResetBound(0, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResetStreams");
        assertThatThrownBy(() -> Http3AbuseLimits.DEFAULTS.withResetBound(1, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetWindow");
    }

    @Test
    void abuseLimitsRejectNonPositiveTimeouts() {
        java.time.Duration s = java.time.Duration.ofSeconds(1);
        java.time.Duration zero = java.time.Duration.ZERO;
        assertThatThrownBy(() -> Http3AbuseLimits.DEFAULTS.withTimeouts(zero, s, s))
                .hasMessageContaining("requestHeaderTimeout");
        assertThatThrownBy(() -> Http3AbuseLimits.DEFAULTS.withTimeouts(s, s.negated(), s))
                .hasMessageContaining("bodyIdleTimeout");
        assertThatThrownBy(() -> Http3AbuseLimits.DEFAULTS.withTimeouts(s, s, zero))
                .hasMessageContaining("responseWriteTimeout");
    }

    @Test
    void abuseLimitsBuilderSetsEveryLimitAndStartsFromTheDefaults() {
        Http3AbuseLimits l = Http3AbuseLimits.builder().minBodyBytesPerPeriod(10).maxIgnoredFramesPerRequest(11)
                .maxIgnoredControlFrames(12).maxIgnoredUniStreams(13).build();
        assertThat(l.minBodyBytesPerPeriod()).isEqualTo(10);
        assertThat(l.maxIgnoredFramesPerRequest()).isEqualTo(11);
        assertThat(l.maxIgnoredControlFrames()).isEqualTo(12);
        assertThat(l.maxIgnoredUniStreams()).isEqualTo(13);
        assertThat(l.maxResetStreams()).isEqualTo(Http3AbuseLimits.DEFAULTS.maxResetStreams());
        assertThat(Http3AbuseLimits.builder().build()).isEqualTo(Http3AbuseLimits.DEFAULTS);
        assertThat(l.toBuilder().build()).isEqualTo(l);
    }

    @Test
    void abuseLimitsDefaultsAreTheDocumentedValues() {
        Http3AbuseLimits d = Http3AbuseLimits.DEFAULTS;
        assertThat(d.minBodyBytesPerPeriod()).isEqualTo(1024);
        assertThat(d.maxIgnoredFramesPerRequest()).isEqualTo(256);
        assertThat(d.maxIgnoredControlFrames()).isEqualTo(1024);
        assertThat(d.maxIgnoredUniStreams()).isEqualTo(100);
    }

    @Test
    void abuseLimitsRejectBoundsBelowOne() {
        assertThatThrownBy(() -> Http3AbuseLimits.builder().minBodyBytesPerPeriod(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minBodyBytesPerPeriod");
        assertThatThrownBy(() -> Http3AbuseLimits.builder().maxIgnoredFramesPerRequest(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIgnoredFramesPerRequest");
        assertThatThrownBy(() -> Http3AbuseLimits.builder().maxIgnoredControlFrames(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIgnoredControlFrames");
        assertThatThrownBy(() -> Http3AbuseLimits.builder().maxIgnoredUniStreams(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIgnoredUniStreams");
    }
}
