package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A datagram an {@link Endpoint} wants to send: its source (one of the endpoint's addresses), its
 * destination, and its payload (the buffer's remaining bytes, copied by the simulator when it takes the
 * datagram).
 *
 * @param source the sending endpoint's own address
 * @param destination the address it is sent to
 * @param payload the bytes, from position to limit
 */
public record Datagram(InetSocketAddress source, InetSocketAddress destination, ByteBuffer payload) {

    /** Checks that no component is null. */
    public Datagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * A datagram carrying a copy of {@code bytes}.
     *
     * @param source the sending endpoint's own address
     * @param destination the address it is sent to
     * @param bytes the payload
     * @return the datagram
     */
    public static Datagram of(InetSocketAddress source, InetSocketAddress destination, byte[] bytes) {
        return new Datagram(source, destination, ByteBuffer.wrap(bytes.clone()));
    }
}
