package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.ConnectionId;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Loop routing under arbitrary input: a received datagram is attacker-controlled. */
class LoopConnectionIdsPropertiesTest {
    @Property
    void randomDatagramsNeverThrowAndMapIntoRange(@ForAll @Size(max = 80) byte[] datagram,
            @ForAll @IntRange(min = 1, max = 256) int loopCount, @ForAll @IntRange(min = 8, max = 20) int length,
            @ForAll long k0, @ForAll long k1, @ForAll @IntRange(max = 80) int position) {
        LoopConnectionIds ids = new LoopConnectionIds(loopCount, length, k0, k1);
        ByteBuffer buf = ByteBuffer.wrap(datagram).position(Math.min(position, datagram.length));
        int loop = ids.loopOf(buf);
        assertThat(loop).isBetween(-1, loopCount - 1);
        assertThat(ids.loopOf(buf)).isEqualTo(loop);
        assertThat(buf.position()).isEqualTo(Math.min(position, datagram.length));
    }

    @Property
    void mintedIdsRoundTripUnderAnyKey(@ForAll @IntRange(min = 1, max = 256) int loopCount,
            @ForAll @IntRange(min = 8, max = 20) int length, @ForAll long k0, @ForAll long k1, @ForAll long seed,
            @ForAll @IntRange(max = 255) int loopSeed) {
        LoopConnectionIds ids = new LoopConnectionIds(loopCount, length, k0, k1);
        int loop = loopSeed % loopCount;
        ConnectionId id = ids.generatorFor(loop, new SplittableRandom(seed)).generate();
        assertThat(id.length()).isEqualTo(length);
        assertThat(ids.loopOf(id)).isEqualTo(loop);
        assertThat(ids.loopOf(LoopConnectionIdsTest.shortHeader(id))).isEqualTo(loop);
    }
}
