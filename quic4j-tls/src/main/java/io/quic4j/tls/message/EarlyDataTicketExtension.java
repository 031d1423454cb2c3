package io.quic4j.tls.message;

/**
 * early_data in a NewSessionTicket (RFC 8446 §4.2.10): the ticket allows 0-RTT. QUIC requires
 * max_early_data_size 0xffffffff and treats any other value as PROTOCOL_VIOLATION (RFC 9001 §4.6.1).
 *
 * @param maxEarlyDataSize the advertised limit
 */
public record EarlyDataTicketExtension(long maxEarlyDataSize) implements Extension {
    /** The only value QUIC allows (RFC 9001 §4.6.1). */
    public static final long QUIC_MAX_EARLY_DATA_SIZE = 0xffffffffL;

    @Override
    public int type() {
        return ExtensionType.EARLY_DATA;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u32(maxEarlyDataSize);
    }

    static EarlyDataTicketExtension decode(TlsReader r) {
        return new EarlyDataTicketExtension(r.u32("max_early_data_size"));
    }
}
