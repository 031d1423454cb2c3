package io.quic4j.transport.wire.frame;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid frames, one per frame type, biased toward every varint size. */
final class FrameArbitraries {
    private FrameArbitraries() {
    }

    /** Values spread over all four varint encodings, edges included. */
    static Arbitrary<Long> varints() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 63),
                Arbitraries.longs().between(64, 16383),
                Arbitraries.longs().between(16384, (1L << 30) - 1),
                Arbitraries.longs().between(1L << 30, VarInt.MAX));
    }

    /** Byte payloads, wrapped with a random offset so encoders must honour the buffer's position. */
    static Arbitrary<ByteBuffer> payloads(int minSize) {
        return Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMinSize(minSize).ofMaxSize(300),
                Arbitraries.integers().between(0, 3))
                .as((bytes, prefix) -> {
                    byte[] padded = new byte[prefix + bytes.length + 2];
                    System.arraycopy(bytes, 0, padded, prefix, bytes.length);
                    return ByteBuffer.wrap(padded, prefix, bytes.length);
                });
    }

    static Arbitrary<PaddingFrame> padding() {
        return Arbitraries.integers().between(1, 1500).map(PaddingFrame::new);
    }

    static Arbitrary<AckFrame> ack() {
        Arbitrary<long[]> gapsAndLengths = Arbitraries.longs().between(0, 300).array(long[].class).ofMaxSize(40);
        Arbitrary<EcnCounts> ecn = Combinators.combine(varints(), varints(), varints()).as(EcnCounts::new);
        return Combinators.combine(varints(), varints(), varints(), gapsAndLengths,
                ecn.injectNull(0.5))
                .as((largest, delay, first, rest, ecnCounts) -> {
                    long smallest = largest - Math.min(first, largest);
                    List<Long> pairs = new ArrayList<>(List.of(smallest, largest));
                    for (int i = 0; i + 1 < rest.length; i += 2) {
                        long rangeLargest = smallest - rest[i] - 2;
                        if (rangeLargest < 0) {
                            break;
                        }
                        smallest = rangeLargest - Math.min(rest[i + 1], rangeLargest);
                        pairs.add(smallest);
                        pairs.add(rangeLargest);
                    }
                    long[] array = pairs.stream().mapToLong(Long::longValue).toArray();
                    return new AckFrame(delay, AckRanges.of(array), ecnCounts);
                });
    }

    static Arbitrary<ResetStreamFrame> resetStream() {
        return Combinators.combine(varints(), varints(), varints()).as(ResetStreamFrame::new);
    }

    static Arbitrary<StopSendingFrame> stopSending() {
        return Combinators.combine(varints(), varints()).as(StopSendingFrame::new);
    }

    static Arbitrary<CryptoFrame> crypto() {
        return Combinators.combine(varints(), payloads(0))
                .as((offset, data) -> new CryptoFrame(Math.min(offset, VarInt.MAX - data.remaining()), data));
    }

    static Arbitrary<NewTokenFrame> newToken() {
        return payloads(1).map(NewTokenFrame::new);
    }

    static Arbitrary<StreamFrame> stream(boolean explicitLength) {
        return Combinators.combine(varints(), varints(), payloads(0), Arbitraries.of(true, false))
                .as((id, offset, data, fin) -> new StreamFrame(id, Math.min(offset, VarInt.MAX - data.remaining()),
                        data, fin, explicitLength));
    }

    static Arbitrary<MaxDataFrame> maxData() {
        return varints().map(MaxDataFrame::new);
    }

    static Arbitrary<MaxStreamDataFrame> maxStreamData() {
        return Combinators.combine(varints(), varints()).as(MaxStreamDataFrame::new);
    }

    static Arbitrary<Long> streamCounts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1000),
                Arbitraries.longs().between(0, MaxStreamsFrame.MAX_COUNT));
    }

    static Arbitrary<MaxStreamsFrame> maxStreams() {
        return Combinators.combine(Arbitraries.of(true, false), streamCounts()).as(MaxStreamsFrame::new);
    }

    static Arbitrary<DataBlockedFrame> dataBlocked() {
        return varints().map(DataBlockedFrame::new);
    }

    static Arbitrary<StreamDataBlockedFrame> streamDataBlocked() {
        return Combinators.combine(varints(), varints()).as(StreamDataBlockedFrame::new);
    }

    static Arbitrary<StreamsBlockedFrame> streamsBlocked() {
        return Combinators.combine(Arbitraries.of(true, false), streamCounts()).as(StreamsBlockedFrame::new);
    }

    static Arbitrary<NewConnectionIdFrame> newConnectionId() {
        Arbitrary<ConnectionId> cids = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20)
                .map(ConnectionId::of);
        Arbitrary<StatelessResetToken> tokens = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as(StatelessResetToken::new);
        return Combinators.combine(varints(), varints(), cids, tokens)
                .as((seq, retire, cid, token) -> new NewConnectionIdFrame(seq, Math.min(seq, retire), cid, token));
    }

    static Arbitrary<RetireConnectionIdFrame> retireConnectionId() {
        return varints().map(RetireConnectionIdFrame::new);
    }

    static Arbitrary<PathChallengeFrame> pathChallenge() {
        return Arbitraries.longs().map(PathChallengeFrame::new);
    }

    static Arbitrary<PathResponseFrame> pathResponse() {
        return Arbitraries.longs().map(PathResponseFrame::new);
    }

    static Arbitrary<ConnectionCloseFrame> connectionClose() {
        Arbitrary<ConnectionCloseFrame> transport = Combinators.combine(varints(), varints(), payloads(0))
                .as((code, type, reason) -> new ConnectionCloseFrame(false, code, type, reason));
        Arbitrary<ConnectionCloseFrame> application = Combinators.combine(varints(), payloads(0))
                .as((code, reason) -> new ConnectionCloseFrame(true, code, 0, reason));
        return Arbitraries.oneOf(transport, application);
    }

    static Arbitrary<DatagramFrame> datagram(boolean explicitLength) {
        return payloads(0).map(data -> new DatagramFrame(data, explicitLength));
    }

    /** Frames that carry their own length, so they can be followed by another frame. */
    static Arbitrary<Frame> selfDelimiting() {
        return Arbitraries.oneOf(List.<Arbitrary<? extends Frame>>of(
                Arbitraries.just(PingFrame.INSTANCE), ack(), resetStream(), stopSending(), crypto(), newToken(),
                stream(true), maxData(), maxStreamData(), maxStreams(), dataBlocked(), streamDataBlocked(),
                streamsBlocked(), newConnectionId(), retireConnectionId(), pathChallenge(), pathResponse(),
                connectionClose(), Arbitraries.just(HandshakeDoneFrame.INSTANCE), datagram(true)));
    }

    /** Frames that run to the end of the packet: they can only come last. */
    static Arbitrary<Frame> openEnded() {
        return Arbitraries.oneOf(List.<Arbitrary<? extends Frame>>of(padding(), stream(false), datagram(false)));
    }

    /** Any valid frame. */
    static Arbitrary<Frame> any() {
        return Arbitraries.oneOf(List.<Arbitrary<? extends Frame>>of(selfDelimiting(), openEnded()));
    }
}
