package io.quic4j.transport.wire.packet;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A Version Negotiation packet (RFC 9000 §17.2.1, RFC 8999 §6): a long header with version 0, then the
 * list of versions the server supports. It follows the version-independent invariants, so its
 * connection IDs may be up to 255 bytes and are kept as byte views rather than
 * {@link io.quic4j.transport.wire.ConnectionId}s.
 *
 * <p>All views are read-only slices of the datagram at position 0; read them with absolute gets or
 * {@code duplicate()} them before moving their position.
 *
 * @param unusedBits the seven low bits of the first byte, arbitrary, 0 to 127 (RFC 8999 §6: ignored)
 * @param destination Destination Connection ID, 0 to 255 bytes
 * @param source Source Connection ID, 0 to 255 bytes
 * @param supportedVersions the Supported Version fields, a non-empty multiple of 4 bytes
 * @param start index of the first byte in the datagram
 * @param end index past the last byte: the datagram's limit
 */
public record VersionNegotiationPacket(
        int unusedBits, ByteBuffer destination, ByteBuffer source, ByteBuffer supportedVersions, int start, int end)
        implements
            Packet {

    /** The Version field of a Version Negotiation packet (RFC 8999 §5.4). */
    public static final int VERSION = 0;

    /** Longest connection ID the invariants allow (RFC 8999 §5.1): an 8-bit length. */
    public static final int MAX_CONNECTION_ID_LENGTH = 255;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException for out-of-range bits, connection IDs or version list
     */
    public VersionNegotiationPacket {
        checkUnusedBits(unusedBits);
        checkConnectionId(Objects.requireNonNull(destination, "destination"));
        checkConnectionId(Objects.requireNonNull(source, "source"));
        int n = supportedVersions.remaining();
        if (n == 0 || n % 4 != 0) {
            throw new IllegalArgumentException("supported versions must be a non-empty multiple of 4 bytes, was " + n);
        }
    }

    /** @return the number of Supported Version fields, at least 1 */
    public int versionCount() {
        return supportedVersions.remaining() / 4;
    }

    /**
     * @param i 0 to {@link #versionCount()} - 1
     * @return the i-th Supported Version
     */
    public int version(int i) {
        return supportedVersions.getInt(supportedVersions.position() + 4 * i);
    }

    /**
     * @param version a 32-bit version number
     * @return whether the list contains it (RFC 9000 §6.2: a client discards a Version Negotiation
     *         packet listing the version it chose)
     */
    public boolean supports(int version) {
        for (int i = 0; i < versionCount(); i++) {
            if (version(i) == version) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a Version Negotiation packet. RFC 9000 §17.2.1: the Destination Connection ID echoes the
     * received Source Connection ID and the Source Connection ID echoes the received Destination
     * Connection ID; the unused bits are arbitrary, and servers SHOULD set 0x40 so the packet looks
     * like it has a Fixed Bit. The caller supplies random unused bits (this package has no randomness).
     *
     * @param out advanced past the packet
     * @param unusedBits seven bits for the first byte, 0 to 127
     * @param destination connection ID bytes (remaining; position unchanged), 0 to 255
     * @param source connection ID bytes (remaining; position unchanged), 0 to 255
     * @param versions the supported versions, at least one
     * @return the index of the packet's first byte
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public static int write(ByteBuffer out, int unusedBits, ByteBuffer destination, ByteBuffer source,
            int... versions) {
        checkUnusedBits(unusedBits);
        checkConnectionId(destination);
        checkConnectionId(source);
        if (versions.length == 0) {
            throw new IllegalArgumentException("a Version Negotiation packet lists at least one version");
        }
        int start = out.position();
        out.put((byte) (0x80 | unusedBits));
        out.putInt(VERSION);
        out.put((byte) destination.remaining());
        HeaderBytes.putAll(out, destination);
        out.put((byte) source.remaining());
        HeaderBytes.putAll(out, source);
        for (int v : versions) {
            out.putInt(v);
        }
        return start;
    }

    private static void checkUnusedBits(int unusedBits) {
        if (unusedBits < 0 || unusedBits > 0x7f) {
            throw new IllegalArgumentException("Version Negotiation unused bits are 7 bits, was " + unusedBits);
        }
    }

    private static void checkConnectionId(ByteBuffer cid) {
        if (cid.remaining() > MAX_CONNECTION_ID_LENGTH) {
            throw new IllegalArgumentException("connection ID is " + cid.remaining() + " bytes, at most 255 allowed");
        }
    }
}
