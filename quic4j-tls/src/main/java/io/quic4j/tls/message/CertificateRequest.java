package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * CertificateRequest (RFC 8446 §4.3.2).
 *
 * @param context certificate_request_context, empty during the handshake; read-only
 * @param extensions must include signature_algorithms
 */
public record CertificateRequest(ByteBuffer context, Extensions extensions) implements HandshakeMessage {
    /** Keeps a read-only view. */
    public CertificateRequest {
        context = context.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector(1, context);
        extensions.encode(w);
    }

    static CertificateRequest decode(TlsReader r) {
        ByteBuffer context = r.vector(1, 0, 0xff, "certificate_request_context");
        Extensions extensions = Extensions.decode(r, MessageContext.CERTIFICATE_REQUEST);
        if (!extensions.has(ExtensionType.SIGNATURE_ALGORITHMS)) {
            // RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified"
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "CertificateRequest without signature_algorithms");
        }
        return new CertificateRequest(context, extensions);
    }
}
