package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;
import org.junit.jupiter.api.Test;

/** RFC 9000 §4.6 and DESIGN.md §3: stream-limit credit. */
class StreamLimitTest {
    @Test
    void rejectsPeerStreamIndexAtOrOverTheLimit() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 4);
        assertThat(limit.onPeerStream(3, 0x08)).isEqualTo(4); // opens 0..3 implicitly (§3.2)
        assertThatThrownBy(() -> limit.onPeerStream(4, 0x08)).isInstanceOfSatisfying(QuicTransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.STREAM_LIMIT_ERROR));
        assertThat(limit.onPeerStream(1, 0x08)).isZero();
    }

    @Test
    void creditReturnedOncePerRetiredStreamAndDoubleRetirementThrows() {
        IncomingStreamLimit limit = new IncomingStreamLimit(false, 2);
        limit.onPeerStream(0, 0x08);
        limit.retire();
        assertThatThrownBy(limit::retire).isInstanceOf(IllegalStateException.class);
        assertThat(limit.retired()).isEqualTo(1);
    }

    @Test
    void maxStreamsAdvertisedWhenHalfTheCreditIsUsedNotAtExhaustion() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 8);
        limit.onPeerStream(1, 0x08); // 2 of 8 used
        limit.retire();
        assertThat(limit.pollUpdate()).isNull(); // plenty left, and +1 is less than half a window
        limit.onPeerStream(4, 0x08); // 5 of 8 used: the peer has 3 left, less than half
        limit.retire();
        assertThat(limit.pollUpdate()).isEqualTo(new MaxStreamsFrame(true, 10));
        assertThat(limit.maxStreams() - limit.opened()).isPositive();
    }

    @Test
    void lostMaxStreamsRepeatedOnlyIfLatest() {
        IncomingStreamLimit limit = new IncomingStreamLimit(true, 2);
        limit.onPeerStream(1, 0x08);
        limit.retire();
        MaxStreamsFrame first = limit.pollUpdate();
        limit.retire();
        MaxStreamsFrame second = limit.pollUpdate();
        limit.onUpdateLost(first);
        assertThat(limit.hasUpdatePending()).isFalse();
        limit.onUpdateLost(second);
        assertThat(limit.pollUpdate()).isEqualTo(second);
        assertThat(limit.isWhole()).isTrue();
    }

    @Test
    void streamsBlockedOncePerLimit() {
        OutgoingStreamLimit limit = new OutgoingStreamLimit(false, 1);
        assertThat(limit.open()).isZero();
        assertThat(limit.open()).isEqualTo(-1);
        assertThat(limit.open()).isEqualTo(-1);
        StreamsBlockedFrame blocked = limit.pollBlocked();
        assertThat(blocked).isEqualTo(new StreamsBlockedFrame(false, 1));
        assertThat(limit.pollBlocked()).isNull();
        limit.onBlockedLost(blocked);
        assertThat(limit.pollBlocked()).isEqualTo(blocked);
        limit.update(0); // ignored: not an increase (§4.6)
        assertThat(limit.maxStreams()).isEqualTo(1);
        limit.update(2);
        limit.onBlockedLost(blocked);
        assertThat(limit.pollBlocked()).isNull();
        assertThat(limit.open()).isEqualTo(1);
    }
}
