package io.quic4j.transport.wire.packet;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A long-header packet of a version quic4j does not speak, parsed only as far as the invariants go
 * (RFC 8999 §5.1): version and connection IDs. A server uses it to answer with a Version Negotiation
 * packet (RFC 9000 §6.1, §5.2.2: only if the datagram is at least 1200 bytes), echoing
 * {@link #source()} as the Destination and {@link #destination()} as the Source Connection ID.
 *
 * <p>The connection IDs may be up to 255 bytes (RFC 9000 §17.2: "servers SHOULD be able to read
 * longer connection IDs from other QUIC versions"), so they are read-only views of the datagram.
 *
 * @param version the 32-bit version, neither 0 nor one of {@link io.quic4j.transport.wire.QuicVersion}
 * @param destination Destination Connection ID, 0 to 255 bytes
 * @param source Source Connection ID, 0 to 255 bytes
 * @param start index of the first byte in the datagram
 * @param end the datagram's limit: without knowing the version, the packet's end is unknown
 */
public record UnsupportedVersionPacket(int version, ByteBuffer destination, ByteBuffer source, int start, int end)
        implements
            Packet {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a connection ID is null
     */
    public UnsupportedVersionPacket {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
    }
}
