package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import org.junit.jupiter.api.Test;

/**
 * {@link IncomingStreamLimit#limit}: an overloaded server lowers a connection's stream credit and restores it later.
 * RFC 9000 §4.6: credit once advertised cannot shrink, so a lower limit bites as streams retire.
 */
class StreamLimitLoweredTest {

    @Test
    void loweredLimitStopsReturningCreditUntilFewerAreLive() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 8);
        limit.onPeerStream(7, 0x08); // 8 live, credit exhausted
        limit.limit(2);

        for (int i = 0; i < 6; i++) {
            limit.retire(); // 7..2 live: retired + 2 <= 8, no new credit
        }
        assertThat(limit.maxStreams()).isEqualTo(8);
        assertThat(limit.pollUpdate()).isNull();
        limit.retire(); // 1 live: retired 7 + 2 = 9
        assertThat(limit.pollUpdate()).isEqualTo(new MaxStreamsFrame(true, 9));
        // the peer may now have at most 2 live: index 8 opens, index 9 is past the limit
        limit.onPeerStream(8, 0x08);
        assertThatThrownBy(() -> limit.onPeerStream(9, 0x08)).isInstanceOfSatisfying(QuicTransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.STREAM_LIMIT_ERROR));
    }

    @Test
    void advertisedCreditIsNeverTakenBack() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 8);
        limit.limit(1);

        assertThat(limit.maxStreams()).isEqualTo(8);
        assertThat(limit.pollUpdate()).isNull();
        assertThat(limit.onPeerStream(7, 0x08)).isEqualTo(8); // what was granted stays usable
    }

    @Test
    void restoringTheLimitGrantsAtOnce() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 8);
        limit.onPeerStream(7, 0x08);
        limit.limit(2);
        for (int i = 0; i < 8; i++) {
            limit.retire();
        }
        assertThat(limit.maxStreams()).isEqualTo(10); // 8 retired + 2
        limit.pollUpdate();

        limit.limit(Long.MAX_VALUE); // back to the configured 8

        assertThat(limit.activeWindow()).isEqualTo(8);
        assertThat(limit.pollUpdate()).isEqualTo(new MaxStreamsFrame(true, 16));
        assertThat(limit.isWhole()).isTrue();
    }

    @Test
    void loweredLimitStillCountsAsWholeWhenIdle() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 8);
        limit.onPeerStream(3, 0x08);
        limit.limit(2);
        for (int i = 0; i < 4; i++) {
            limit.retire();
        }

        assertThat(limit.isWhole()).isTrue(); // nothing live; the limit is at least retired + 2
    }

    @Test
    void rejectsNegativeLimit() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 8);

        assertThatThrownBy(() -> limit.limit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more");
    }
}
