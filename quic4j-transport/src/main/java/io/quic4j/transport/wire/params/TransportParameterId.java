package io.quic4j.transport.wire.params;

/**
 * The transport parameters quic4j understands, with their identifiers: RFC 9000 §18.2, RFC 9221 §3
 * (max_datagram_frame_size) and RFC 9368 §3 (version_information). Any other identifier, including
 * the reserved {@code 31 * N + 27} ones (RFC 9000 §18.1), is unknown and skipped on receipt.
 */
public enum TransportParameterId {
    /** 0x00, server only. */
    ORIGINAL_DESTINATION_CONNECTION_ID(0x00, true),
    /** 0x01, milliseconds. */
    MAX_IDLE_TIMEOUT(0x01, false),
    /** 0x02, server only. */
    STATELESS_RESET_TOKEN(0x02, true),
    /** 0x03. */
    MAX_UDP_PAYLOAD_SIZE(0x03, false),
    /** 0x04. */
    INITIAL_MAX_DATA(0x04, false),
    /** 0x05. */
    INITIAL_MAX_STREAM_DATA_BIDI_LOCAL(0x05, false),
    /** 0x06. */
    INITIAL_MAX_STREAM_DATA_BIDI_REMOTE(0x06, false),
    /** 0x07. */
    INITIAL_MAX_STREAM_DATA_UNI(0x07, false),
    /** 0x08. */
    INITIAL_MAX_STREAMS_BIDI(0x08, false),
    /** 0x09. */
    INITIAL_MAX_STREAMS_UNI(0x09, false),
    /** 0x0a. */
    ACK_DELAY_EXPONENT(0x0a, false),
    /** 0x0b, milliseconds. */
    MAX_ACK_DELAY(0x0b, false),
    /** 0x0c, zero-length value. */
    DISABLE_ACTIVE_MIGRATION(0x0c, false),
    /** 0x0d, server only. */
    PREFERRED_ADDRESS(0x0d, true),
    /** 0x0e. */
    ACTIVE_CONNECTION_ID_LIMIT(0x0e, false),
    /** 0x0f. */
    INITIAL_SOURCE_CONNECTION_ID(0x0f, false),
    /** 0x10, server only. */
    RETRY_SOURCE_CONNECTION_ID(0x10, true),
    /** 0x11, RFC 9368 §3. */
    VERSION_INFORMATION(0x11, false),
    /** 0x20, RFC 9221 §3. */
    MAX_DATAGRAM_FRAME_SIZE(0x20, false);

    private static final TransportParameterId[] BY_ID = values();

    private final long id;
    private final boolean serverOnly;

    TransportParameterId(long id, boolean serverOnly) {
        this.id = id;
        this.serverOnly = serverOnly;
    }

    /** @return the identifier on the wire */
    public long id() {
        return id;
    }

    /** @return whether only a server may send it (RFC 9000 §18.2, last paragraph) */
    public boolean serverOnly() {
        return serverOnly;
    }

    /**
     * @param id an identifier from the wire
     * @return the parameter, or {@code null} if quic4j does not know it
     */
    public static TransportParameterId fromId(long id) {
        if (id == MAX_DATAGRAM_FRAME_SIZE.id) {
            return MAX_DATAGRAM_FRAME_SIZE;
        }
        // 0x00-0x11 are dense and in declaration order.
        return id >= 0 && id <= VERSION_INFORMATION.id ? BY_ID[(int) id] : null;
    }

    /**
     * @param id an identifier
     * @return whether it is reserved for greasing, {@code 31 * N + 27} (RFC 9000 §18.1)
     */
    public static boolean isReserved(long id) {
        return id >= 27 && (id - 27) % 31 == 0;
    }
}
