package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Every frame type survives encode then decode unchanged, {@link Frame#encodedLength()} is exact, and a
 * packet payload of several frames decodes back in order (RFC 9000 §12.4, §19; RFC 9221 §4).
 */
class FrameRoundTripTest {

    /**
     * Encodes the frame in the middle of a larger buffer (so absolute indexes are exercised), then decodes
     * it with the limit at the frame's end, as at the end of a packet.
     */
    static void assertRoundTrips(Frame frame) {
        int length = frame.encodedLength();
        ByteBuffer buf = ByteBuffer.allocate(length + 5);
        buf.position(3);
        frame.encode(buf);
        assertThat(buf.position()).as("encodedLength() of %s", frame).isEqualTo(3 + length);
        buf.limit(buf.position()).position(3);
        Frame decoded = FrameCodec.decode(buf);
        assertThat(decoded).isEqualTo(frame);
        assertThat(decoded.type()).isEqualTo(frame.type());
        assertThat(decoded.encodedLength()).isEqualTo(length);
        assertThat(buf.hasRemaining()).as("decoder consumed the whole frame").isFalse();
    }

    @Property
    void paddingRoundTrips(@ForAll("padding") PaddingFrame frame) {
        assertRoundTrips(frame);
    }

    @Property(tries = 1)
    void pingRoundTrips() {
        assertRoundTrips(PingFrame.INSTANCE);
    }

    @Property
    void ackRoundTrips(@ForAll("ack") AckFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void resetStreamRoundTrips(@ForAll("resetStream") ResetStreamFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void stopSendingRoundTrips(@ForAll("stopSending") StopSendingFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void cryptoRoundTrips(@ForAll("crypto") CryptoFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void newTokenRoundTrips(@ForAll("newToken") NewTokenFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void streamWithLengthRoundTrips(@ForAll("streamWithLength") StreamFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void streamWithoutLengthRoundTrips(@ForAll("streamWithoutLength") StreamFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void maxDataRoundTrips(@ForAll("maxData") MaxDataFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void maxStreamDataRoundTrips(@ForAll("maxStreamData") MaxStreamDataFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void maxStreamsRoundTrips(@ForAll("maxStreams") MaxStreamsFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void dataBlockedRoundTrips(@ForAll("dataBlocked") DataBlockedFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void streamDataBlockedRoundTrips(@ForAll("streamDataBlocked") StreamDataBlockedFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void streamsBlockedRoundTrips(@ForAll("streamsBlocked") StreamsBlockedFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void newConnectionIdRoundTrips(@ForAll("newConnectionId") NewConnectionIdFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void retireConnectionIdRoundTrips(@ForAll("retireConnectionId") RetireConnectionIdFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void pathChallengeRoundTrips(@ForAll("pathChallenge") PathChallengeFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void pathResponseRoundTrips(@ForAll("pathResponse") PathResponseFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void connectionCloseRoundTrips(@ForAll("connectionClose") ConnectionCloseFrame frame) {
        assertRoundTrips(frame);
    }

    @Property(tries = 1)
    void handshakeDoneRoundTrips() {
        assertRoundTrips(HandshakeDoneFrame.INSTANCE);
    }

    @Property
    void datagramWithLengthRoundTrips(@ForAll("datagramWithLength") DatagramFrame frame) {
        assertRoundTrips(frame);
    }

    @Property
    void datagramWithoutLengthRoundTrips(@ForAll("datagramWithoutLength") DatagramFrame frame) {
        assertRoundTrips(frame);
    }

    /** A whole packet payload: self-delimiting frames, then optionally one that runs to the end. */
    @Property
    void payloadOfManyFramesDecodesInOrder(@ForAll @Size(max = 12) List<@From("selfDelimiting") Frame> frames,
            @ForAll("openEndedOrNone") List<Frame> last) {
        List<Frame> all = new ArrayList<>(frames);
        all.addAll(last);
        int total = all.stream().mapToInt(Frame::encodedLength).sum();
        ByteBuffer payload = ByteBuffer.allocate(total);
        all.forEach(f -> f.encode(payload));
        assertThat(payload.hasRemaining()).isFalse();
        payload.flip();
        List<Frame> decoded = new ArrayList<>();
        while (payload.hasRemaining()) {
            decoded.add(FrameCodec.decode(payload));
        }
        assertThat(decoded).isEqualTo(all);
    }

    @Provide
    Arbitrary<PaddingFrame> padding() {
        return FrameArbitraries.padding();
    }

    @Provide
    Arbitrary<AckFrame> ack() {
        return FrameArbitraries.ack();
    }

    @Provide
    Arbitrary<ResetStreamFrame> resetStream() {
        return FrameArbitraries.resetStream();
    }

    @Provide
    Arbitrary<StopSendingFrame> stopSending() {
        return FrameArbitraries.stopSending();
    }

    @Provide
    Arbitrary<CryptoFrame> crypto() {
        return FrameArbitraries.crypto();
    }

    @Provide
    Arbitrary<NewTokenFrame> newToken() {
        return FrameArbitraries.newToken();
    }

    @Provide
    Arbitrary<StreamFrame> streamWithLength() {
        return FrameArbitraries.stream(true);
    }

    @Provide
    Arbitrary<StreamFrame> streamWithoutLength() {
        return FrameArbitraries.stream(false);
    }

    @Provide
    Arbitrary<MaxDataFrame> maxData() {
        return FrameArbitraries.maxData();
    }

    @Provide
    Arbitrary<MaxStreamDataFrame> maxStreamData() {
        return FrameArbitraries.maxStreamData();
    }

    @Provide
    Arbitrary<MaxStreamsFrame> maxStreams() {
        return FrameArbitraries.maxStreams();
    }

    @Provide
    Arbitrary<DataBlockedFrame> dataBlocked() {
        return FrameArbitraries.dataBlocked();
    }

    @Provide
    Arbitrary<StreamDataBlockedFrame> streamDataBlocked() {
        return FrameArbitraries.streamDataBlocked();
    }

    @Provide
    Arbitrary<StreamsBlockedFrame> streamsBlocked() {
        return FrameArbitraries.streamsBlocked();
    }

    @Provide
    Arbitrary<NewConnectionIdFrame> newConnectionId() {
        return FrameArbitraries.newConnectionId();
    }

    @Provide
    Arbitrary<RetireConnectionIdFrame> retireConnectionId() {
        return FrameArbitraries.retireConnectionId();
    }

    @Provide
    Arbitrary<PathChallengeFrame> pathChallenge() {
        return FrameArbitraries.pathChallenge();
    }

    @Provide
    Arbitrary<PathResponseFrame> pathResponse() {
        return FrameArbitraries.pathResponse();
    }

    @Provide
    Arbitrary<ConnectionCloseFrame> connectionClose() {
        return FrameArbitraries.connectionClose();
    }

    @Provide
    Arbitrary<DatagramFrame> datagramWithLength() {
        return FrameArbitraries.datagram(true);
    }

    @Provide
    Arbitrary<DatagramFrame> datagramWithoutLength() {
        return FrameArbitraries.datagram(false);
    }

    @Provide
    Arbitrary<Frame> selfDelimiting() {
        return FrameArbitraries.selfDelimiting();
    }

    @Provide
    Arbitrary<List<Frame>> openEndedOrNone() {
        return FrameArbitraries.openEnded().list().ofMaxSize(1);
    }
}
