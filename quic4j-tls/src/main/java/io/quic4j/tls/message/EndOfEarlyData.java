package io.quic4j.tls.message;

/** EndOfEarlyData (RFC 8446 §4.5): empty. QUIC never sends it (RFC 9001 §8.3). */
public record EndOfEarlyData() implements HandshakeMessage {
    @Override
    public int type() {
        return HandshakeType.END_OF_EARLY_DATA;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty
    }
}
