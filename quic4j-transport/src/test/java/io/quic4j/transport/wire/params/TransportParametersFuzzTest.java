package io.quic4j.transport.wire.params;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.transport.FuzzSupport;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.Role;
import java.nio.ByteBuffer;

/**
 * Jazzer fuzz target for the transport parameters codec (RFC 9000 §7.4, §18; RFC 9221 §3; RFC 9368 §3).
 * The input is the extension's contents, decoded as sent by a client and as sent by a server. Without
 * {@code JAZZER_FUZZ} it runs as a regression test on {@code TransportParametersFuzzTestInputs/decode};
 * {@code build/fuzz.sh params} fuzzes it.
 *
 * <p>Properties: only {@link QuicTransportException} with TRANSPORT_PARAMETER_ERROR escapes; a successful
 * decode consumes the whole input; allocation is bounded by the input; and decoded parameters encode (as
 * the same sender) to exactly {@code encodedLength()} bytes, at most as many as were read (the wire may
 * repeat defaults, carry unknown or GREASE parameters, or use long varints; the encoder does none of
 * these), and decode back to an equal record.
 */
class TransportParametersFuzzTest {

    @FuzzTest
    void decode(byte[] input) {
        for (Role sender : Role.values()) {
            FuzzSupport.assertAllocationBounded(() -> decodeOrNull(input, sender), input.length,
                    "TransportParameters.decode");
            TransportParameters params = decodeOrNull(input, sender);
            if (params != null) {
                roundTrip(params, sender, input.length);
            }
        }
    }

    private static TransportParameters decodeOrNull(byte[] input, Role sender) {
        ByteBuffer in = ByteBuffer.wrap(input);
        try {
            TransportParameters params = TransportParameters.decode(in, sender);
            assertThat(in.hasRemaining()).as("decode consumed the input").isFalse();
            return params;
        } catch (QuicTransportException e) {
            assertThat(e.error()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR);
            return null;
        }
    }

    private static void roundTrip(TransportParameters params, Role sender, int inputLength) {
        int length = params.encodedLength();
        assertThat(length).as("canonical encoding of %s", params).isLessThanOrEqualTo(inputLength);
        ByteBuffer out = ByteBuffer.allocate(length);
        params.encode(out, sender);
        assertThat(out.hasRemaining()).as("encode wrote encodedLength() bytes").isFalse();
        assertThat(TransportParameters.decode(out.flip(), sender)).isEqualTo(params);
    }
}
