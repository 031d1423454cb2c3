package io.quic4j.tls.message;

import java.nio.ByteBuffer;

/**
 * quic_transport_parameters (RFC 9001 §8.2): opaque here; the transport decodes them (RFC 9000 §18).
 *
 * @param parameters the encoded transport parameters, a read-only slice
 */
public record TransportParametersExtension(ByteBuffer parameters) implements Extension {
    /** Keeps a read-only view. */
    public TransportParametersExtension {
        parameters = parameters.slice().asReadOnlyBuffer();
    }

    @Override
    public int type() {
        return ExtensionType.QUIC_TRANSPORT_PARAMETERS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.bytes(parameters);
    }

    static TransportParametersExtension decode(TlsReader r) {
        return new TransportParametersExtension(r.bytes(r.remaining(), "quic_transport_parameters"));
    }
}
