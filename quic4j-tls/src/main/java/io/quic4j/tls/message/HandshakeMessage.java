package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * A TLS 1.3 handshake message (RFC 8446 §4) as an immutable record. {@link #encode()} writes the
 * 4-byte header ({@code msg_type}, {@code uint24 length}) and the body; {@link #decode(int, ByteBuffer)}
 * reads a body whose type and length the framing layer has already taken off.
 */
public sealed interface HandshakeMessage permits ClientHello, ServerHello, EncryptedExtensions,
        CertificateRequest, CertificateMessage, CertificateVerify, Finished, NewSessionTicket, EndOfEarlyData,
        KeyUpdate {

    /** @return the {@link HandshakeType} */
    int type();

    /**
     * Writes the body (no header).
     *
     * @param w the writer
     */
    void encodeBody(TlsWriter w);

    /** @return the whole message: header and body */
    default byte[] encode() {
        TlsWriter w = new TlsWriter();
        w.u8(type());
        int mark = w.beginVector(3);
        encodeBody(w);
        w.endVector(mark, 3);
        return w.toByteArray();
    }

    /**
     * Decodes one message body. Every byte must be consumed.
     *
     * @param type the msg_type from the header
     * @param body the body, exactly {@code length} bytes
     * @return the message
     * @throws TlsAlertException unexpected_message for a type that is not a TLS 1.3 handshake
     *             message, decode_error / illegal_parameter for a malformed body
     */
    static HandshakeMessage decode(int type, ByteBuffer body) {
        TlsReader r = new TlsReader(body);
        HandshakeMessage m = switch (type) {
            case HandshakeType.CLIENT_HELLO -> ClientHello.decode(r);
            case HandshakeType.SERVER_HELLO -> ServerHello.decode(r);
            case HandshakeType.ENCRYPTED_EXTENSIONS -> EncryptedExtensions.decode(r);
            case HandshakeType.CERTIFICATE_REQUEST -> CertificateRequest.decode(r);
            case HandshakeType.CERTIFICATE -> CertificateMessage.decode(r);
            case HandshakeType.CERTIFICATE_VERIFY -> CertificateVerify.decode(r);
            case HandshakeType.FINISHED -> Finished.decode(r);
            case HandshakeType.NEW_SESSION_TICKET -> NewSessionTicket.decode(r);
            case HandshakeType.END_OF_EARLY_DATA -> new EndOfEarlyData();
            case HandshakeType.KEY_UPDATE -> KeyUpdate.decode(r);
            default -> throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE, "unknown handshake type " + type);
        };
        r.expectEnd("handshake message " + type);
        return m;
    }
}
