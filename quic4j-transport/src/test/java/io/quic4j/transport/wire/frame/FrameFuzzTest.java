package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.transport.FuzzSupport;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzz target for the frame decoder (RFC 9000 §12.4, §19; RFC 9221 §4). The input is a packet
 * payload; {@link FrameCodec#decode} runs over it the way the receive path will. Without {@code
 * JAZZER_FUZZ} this runs as a regression test on the seeds and findings in {@code
 * FrameFuzzTestInputs/decodePayload}; {@code build/fuzz.sh frame} fuzzes it.
 *
 * <p>Properties: only {@link QuicTransportException} with a frame error code escapes; every decode makes
 * progress; allocation is bounded by the input size (an ACK Range Count cannot size an array); every
 * decoded frame re-encodes in at most the bytes it was read from (the wire may use longer varints or
 * an OFF bit with offset 0, never shorter ones), to exactly {@link Frame#encodedLength()} bytes, and
 * decodes back to an equal record; the whole payload, re-encoded, decodes to the same frame list; and
 * the Table 3 predicates agree with each other.
 */
class FrameFuzzTest {

    @FuzzTest
    void decodePayload(byte[] input) {
        List<Frame> frames = decodePayload(ByteBuffer.wrap(input));
        // Measured without the assertions of decodePayload, which allocate per frame themselves.
        FuzzSupport.assertAllocationBounded(() -> decodeUntilError(ByteBuffer.wrap(input)), input.length,
                "FrameCodec.decode");

        for (Frame frame : frames) {
            assertThat(decodeAll(encode(List.of(frame)))).as("round trip").containsExactly(frame);
            checkRules(frame);
        }
        // A STREAM or DATAGRAM frame without a Length field ends a payload, and PADDING runs are maximal,
        // so the re-encoded list splits into the same frames.
        assertThat(decodeAll(encode(frames))).as("payload round trip").isEqualTo(frames);
    }

    /** The receive path's decode loop: the frames before the first error, if any. */
    private static List<Frame> decodePayload(ByteBuffer payload) {
        List<Frame> frames = new ArrayList<>();
        try {
            while (payload.hasRemaining()) {
                int before = payload.position();
                Frame frame = FrameCodec.decode(payload);
                int consumed = payload.position() - before;
                assertThat(consumed).as("decoder advanced").isPositive();
                assertThat(frame.encodedLength()).as("canonical encoding of %s", frame).isBetween(1, consumed);
                frames.add(frame);
            }
        } catch (QuicTransportException e) {
            assertThat(e.error()).isIn(TransportError.FRAME_ENCODING_ERROR, TransportError.PROTOCOL_VIOLATION,
                    TransportError.CRYPTO_BUFFER_EXCEEDED);
        }
        return frames;
    }

    /** The bare decode loop, for the allocation bound. */
    private static void decodeUntilError(ByteBuffer payload) {
        try {
            while (payload.hasRemaining()) {
                FrameCodec.decode(payload);
            }
        } catch (QuicTransportException e) {
            // the error itself is checked by decodePayload
        }
    }

    private static ByteBuffer encode(List<Frame> frames) {
        int length = frames.stream().mapToInt(Frame::encodedLength).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        for (Frame frame : frames) {
            int before = out.position();
            frame.encode(out);
            assertThat(out.position() - before).as("bytes written for %s", frame).isEqualTo(frame.encodedLength());
        }
        return out.flip();
    }

    private static List<Frame> decodeAll(ByteBuffer payload) {
        List<Frame> frames = new ArrayList<>();
        while (payload.hasRemaining()) {
            frames.add(FrameCodec.decode(payload));
        }
        return frames;
    }

    /** RFC 9000 §12.4 Table 3 (and RFC 9221 §5): the predicates and checkAllowed agree. */
    private static void checkRules(Frame frame) {
        long type = frame.type();
        for (PacketType packetType : PacketType.values()) {
            boolean allowed = FrameRules.isAllowedIn(type, packetType);
            try {
                FrameRules.checkAllowed(type, packetType);
                assertThat(allowed).as("checkAllowed passed %s in %s", frame, packetType).isTrue();
            } catch (QuicTransportException e) {
                assertThat(allowed).as("checkAllowed refused %s in %s", frame, packetType).isFalse();
                assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                assertThat(e.frameType()).isEqualTo(type);
            }
        }
        // Every frame a decoder returns may be sent in some packet type; none in Retry or Version Negotiation.
        assertThat(FrameRules.isAllowedIn(type, PacketType.ONE_RTT) || FrameRules.isAllowedIn(type,
                PacketType.INITIAL)).isTrue();
        assertThat(FrameRules.isAllowedIn(type, PacketType.RETRY)).isFalse();
        assertThat(FrameRules.isAllowedIn(type, PacketType.VERSION_NEGOTIATION)).isFalse();
        assertThat(FrameRules.isAckEliciting(frame)).isEqualTo(FrameRules.isAckEliciting(type));
        assertThat(FrameRules.countsInFlight(frame)).isEqualTo(FrameRules.countsInFlight(type));
        // RFC 9002 §2: ack-eliciting implies in flight.
        if (FrameRules.isAckEliciting(type)) {
            assertThat(FrameRules.countsInFlight(type)).isTrue();
        }
        assertThat(FrameRules.isFlowControlled(type)).isEqualTo(frame instanceof StreamFrame);
        assertThat(FrameRules.isAckEliciting(type)).isEqualTo(!(frame instanceof PaddingFrame
                || frame instanceof AckFrame || frame instanceof ConnectionCloseFrame));
    }
}
