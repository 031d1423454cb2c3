package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RFC 9218 §4 and §10: which stream sends next. */
class StreamSchedulerTest {
    private static final StreamConfig CONFIG = new StreamConfig(8, 8, 10_000, 10_000, 100_000, 100_000, 10_000);
    /** Room for a STREAM frame of a few bytes, so that one write takes several frames. */
    private static final int ROOM = 20;

    private final StreamMap map = new StreamMap(true, CONFIG, PeerLimits.of(CONFIG));

    private Stream open(int bytes) {
        Stream s = map.open(true);
        if (bytes > 0) {
            s.write(ByteBuffer.wrap(new byte[bytes]));
        }
        return s;
    }

    /** The stream ID of each frame polled until nothing is left. */
    private List<Long> drain() {
        List<Long> ids = new ArrayList<>();
        for (Frame f; (f = map.pollFrame(ROOM)) != null;) {
            ids.add(((StreamFrame) f).streamId());
        }
        return ids;
    }

    @Test
    void lowerUrgencyServedFirst() {
        Stream low = open(40);
        Stream urgent = open(40);
        urgent.priority(new StreamPriority(1, true));

        List<Long> ids = drain();

        int lastUrgent = ids.lastIndexOf(urgent.id());
        int firstLow = ids.indexOf(low.id());
        assertThat(lastUrgent).isLessThan(firstLow);
        assertThat(ids).contains(low.id());
    }

    @Test
    void nonIncrementalServedSequentiallyInIdOrder() {
        Stream a = open(0);
        Stream b = open(0);
        Stream c = open(0);
        for (Stream s : List.of(c, a, b)) {
            s.priority(new StreamPriority(3, false));
            s.write(ByteBuffer.wrap(new byte[40]));
        }

        List<Long> ids = drain();

        assertThat(ids).isSortedAccordingTo(Long::compare);
        assertThat(ids).containsSubsequence(a.id(), b.id(), c.id());
    }

    @Test
    void incrementalRoundRobin() {
        Stream a = open(40);
        Stream b = open(40);
        Stream c = open(40);
        for (Stream s : List.of(a, b, c)) {
            s.priority(new StreamPriority(2, true));
        }

        List<Long> ids = drain();

        assertThat(ids.subList(0, 6)).containsExactly(a.id(), b.id(), c.id(), a.id(), b.id(), c.id());
    }

    @Test
    void defaultEqualsTodaysRoundRobin() {
        Stream a = open(40);
        Stream b = open(40);
        Stream c = open(40);
        assertThat(a.priority()).isEqualTo(new StreamPriority(3, true)).isEqualTo(StreamPriority.DEFAULT);

        List<Long> ids = drain();

        assertThat(ids.subList(0, 6)).containsExactly(a.id(), b.id(), c.id(), a.id(), b.id(), c.id());
    }

    @Test
    void controlFramesNotStarvedByPriorities() {
        Stream urgent = open(400);
        urgent.priority(new StreamPriority(0, false));
        Stream background = open(400);
        background.priority(new StreamPriority(7, false));
        assertThat(map.pollFrame(ROOM)).isInstanceOf(StreamFrame.class);

        background.cancelWrite(9);

        assertThat(map.pollFrame(ROOM)).isInstanceOfSatisfying(ResetStreamFrame.class,
                r -> assertThat(r.streamId()).isEqualTo(background.id()));
    }

    @Test
    void priorityOfAStreamNotLiveIsRefused() {
        assertThat(map.priority(400, StreamPriority.DEFAULT)).isFalse();
    }

    /**
     * Never a frame for a stream with nothing to send; urgencies never go back up while data is still
     * queued (the lowest level present is always served first); every stream with data is served.
     */
    @Property
    void servesOnlyStreamsWithDataAndLowestUrgencyFirst(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 7) Integer> urgencies,
            @ForAll @Size(min = 8, max = 8) List<Boolean> incremental,
            @ForAll @Size(min = 8, max = 8) List<@IntRange(min = 0, max = 60) Integer> bytes) {
        StreamMap m = new StreamMap(true, CONFIG, PeerLimits.of(CONFIG));
        Map<Long, Integer> urgencyOf = new HashMap<>();
        Map<Long, Integer> left = new HashMap<>();
        for (int i = 0; i < urgencies.size(); i++) {
            Stream s = m.open(true);
            s.priority(new StreamPriority(urgencies.get(i), incremental.get(i)));
            s.write(ByteBuffer.wrap(new byte[bytes.get(i)]));
            urgencyOf.put(s.id(), urgencies.get(i));
            left.put(s.id(), bytes.get(i));
        }
        int lastUrgency = -1;
        for (Frame f; (f = m.pollFrame(ROOM)) != null;) {
            StreamFrame sf = (StreamFrame) f;
            int remaining = left.get(sf.streamId());
            assertThat(remaining).as("stream %d had nothing to send", sf.streamId()).isPositive();
            left.put(sf.streamId(), remaining - sf.data().remaining());
            int urgency = urgencyOf.get(sf.streamId());
            assertThat(urgency).isGreaterThanOrEqualTo(lastUrgency);
            int lowestWithData = left.entrySet().stream().filter(e -> e.getValue() > 0 || e.getKey() == sf.streamId())
                    .mapToInt(e -> urgencyOf.get(e.getKey())).min().orElseThrow();
            assertThat(urgency).isEqualTo(lowestWithData);
            lastUrgency = urgency;
        }
        assertThat(left.values()).allMatch(v -> v == 0);
    }
}
