package io.quic4j.tls.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Jazzer fuzz targets for every TLS 1.3 handshake message decoder (RFC 8446 §4) and the extensions they carry
 * (§4.2). Without {@code JAZZER_FUZZ} they run as regression tests on the seeds and findings in {@code
 * HandshakeMessageFuzzTestInputs/<method>}; {@code build/fuzz.sh tls-message} and {@code tls-extensions} fuzz them.
 *
 * <p>{@link #decode}: byte 0 is the {@code msg_type} (ClientHello, ServerHello and HelloRetryRequest, which differ
 * by their random, EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify, Finished,
 * NewSessionTicket, EndOfEarlyData, KeyUpdate, or an unknown type), the rest the body, as the engine's framing hands
 * it to {@link HandshakeMessage#decode}. {@link #extensions}: byte 0 picks the {@link MessageContext}, the rest is an
 * extension block with its length.
 *
 * <p>Properties: only {@link TlsAlertException} escapes, with an alert that names a malformed or misplaced message
 * (decode_error, illegal_parameter, unexpected_message, missing_extension, protocol_version), never internal_error
 * and never another exception (IndexOutOfBounds, BufferUnderflow, IllegalArgument, NegativeArraySize, ...); what
 * decodes encodes again to a message that decodes to an equal record, in at most as many bytes (the decoders skip
 * what RFC 8446 and RFC 6066 say to ignore, such as unknown server_name types, so the input need not be canonical;
 * our own encoding is).
 */
class HandshakeMessageFuzzTest {
    /** What a decoder may say about bytes it refuses (RFC 8446 §6.2). */
    static final Set<TlsAlert> DECODE_ALERTS = Set.of(TlsAlert.DECODE_ERROR, TlsAlert.ILLEGAL_PARAMETER,
            TlsAlert.UNEXPECTED_MESSAGE, TlsAlert.MISSING_EXTENSION, TlsAlert.PROTOCOL_VERSION);

    @FuzzTest
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int type = input[0] & 0xff;
        HandshakeMessage message;
        try {
            message = HandshakeMessage.decode(type, ByteBuffer.wrap(input, 1, input.length - 1).slice());
        } catch (TlsAlertException e) {
            assertThat(e.alert()).as(e.getMessage()).isIn(DECODE_ALERTS);
            return;
        }
        assertThat(message.type()).isEqualTo(type);
        byte[] encoded = message.encode();
        assertThat(encoded.length - 4).as("re-encoded body of %s", message).isLessThanOrEqualTo(input.length - 1);
        HandshakeMessage again = HandshakeMessage.decode(encoded[0] & 0xff,
                ByteBuffer.wrap(encoded, 4, encoded.length - 4).slice());
        assertThat(again).isEqualTo(message);
        // Our own encoding is canonical: it survives a second round trip byte for byte.
        assertThat(again.encode()).isEqualTo(encoded);
    }

    @FuzzTest
    void extensions(byte[] input) {
        if (input.length == 0) {
            return;
        }
        MessageContext[] contexts = MessageContext.values();
        MessageContext ctx = contexts[(input[0] & 0xff) % contexts.length];
        TlsReader reader = new TlsReader(ByteBuffer.wrap(input, 1, input.length - 1).slice());
        Extensions block;
        try {
            block = Extensions.decode(reader, ctx);
        } catch (TlsAlertException e) {
            assertThat(e.alert()).as(e.getMessage()).isIn(DECODE_ALERTS);
            return;
        }
        int consumed = input.length - 1 - reader.remaining();
        TlsWriter w = new TlsWriter();
        block.encode(w);
        byte[] encoded = w.toByteArray();
        assertThat(encoded.length).as("re-encoded block in %s", ctx).isLessThanOrEqualTo(consumed);
        assertThat(Extensions.decode(new TlsReader(ByteBuffer.wrap(encoded)), ctx)).isEqualTo(block);
    }
}
