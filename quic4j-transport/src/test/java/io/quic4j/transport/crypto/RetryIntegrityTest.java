package io.quic4j.transport.crypto;

import static io.quic4j.transport.crypto.RfcVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9001 §5.8 / A.4 and RFC 9369 §3.3.3 / A.4. */
class RetryIntegrityTest {

    static Stream<RfcVectors.Version> versions() {
        return Stream.of(RfcVectors.V1, RfcVectors.V2);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void appendsTheRfcTag(RfcVectors.Version v) {
        byte[] retry = hex(v.retry());
        ByteBuffer buf = ByteBuffer.allocate(retry.length);
        buf.put(0, retry, 0, retry.length - RetryIntegrity.TAG_LENGTH);

        int end = RetryIntegrity.appendTag(v.version(), RfcVectors.DCID, buf, 0, retry.length - 16);

        assertThat(end).isEqualTo(retry.length);
        assertThat(HexFormat.of().formatHex(buf.array())).isEqualTo(HexFormat.of().formatHex(retry));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void verifiesTheRfcRetryInADirectBufferBehindOtherBytes(RfcVectors.Version v) {
        byte[] retry = hex(v.retry());
        ByteBuffer buf = ByteBuffer.allocateDirect(retry.length + 5);
        buf.put(5, retry);

        assertThat(RetryIntegrity.verify(v.version(), RfcVectors.DCID, buf, 5, 5 + retry.length)).isTrue();
        assertThat(buf.position()).isZero();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void rejectsRetryForAnotherOriginalDestinationId(RfcVectors.Version v) {
        ByteBuffer buf = ByteBuffer.wrap(hex(v.retry()));
        assertThat(RetryIntegrity.verify(v.version(), ConnectionId.ofHex("8394c8f03e515709"), buf, 0,
                buf.capacity())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void rejectsRetryOfTheOtherVersion(RfcVectors.Version v) {
        QuicVersion other = v.version() == QuicVersion.V1 ? QuicVersion.V2 : QuicVersion.V1;
        ByteBuffer buf = ByteBuffer.wrap(hex(v.retry()));
        assertThat(RetryIntegrity.verify(other, RfcVectors.DCID, buf, 0, buf.capacity())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void rejectsRetryWithAnyByteFlipped(RfcVectors.Version v) {
        byte[] retry = hex(v.retry());
        for (int i = 0; i < retry.length; i++) {
            byte[] tampered = Arrays.copyOf(retry, retry.length);
            tampered[i] ^= 0x01;
            assertThat(RetryIntegrity.verify(v.version(), RfcVectors.DCID, ByteBuffer.wrap(tampered), 0,
                    tampered.length)).as("byte %d flipped", i).isFalse();
        }
    }

    @Test
    void rejectsRetryShorterThanATag() {
        assertThat(RetryIntegrity.verify(QuicVersion.V1, RfcVectors.DCID, ByteBuffer.allocate(15), 0, 15)).isFalse();
    }

    @Test
    void appendTagNeedsRoomForTheTag() {
        assertThatThrownBy(() -> RetryIntegrity.appendTag(QuicVersion.V1, RfcVectors.DCID, ByteBuffer.allocate(30),
                0, 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
