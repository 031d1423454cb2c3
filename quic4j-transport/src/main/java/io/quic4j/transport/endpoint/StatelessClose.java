package io.quic4j.transport.endpoint;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.crypto.InitialKeys;
import io.quic4j.transport.crypto.PacketSealer;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import java.nio.ByteBuffer;

/**
 * A server's answer to a client Initial it will not serve, built without any connection state: one Initial
 * packet holding a CONNECTION_CLOSE frame (RFC 9000 §5.2.2: "If a server refuses to accept a new connection,
 * it SHOULD send an Initial packet containing a CONNECTION_CLOSE frame with error code CONNECTION_REFUSED";
 * §8.1.2 likewise for INVALID_TOKEN). §10.2.3: "An endpoint that has no state for the connection does not
 * enter a closing or draining period on sending a CONNECTION_CLOSE frame", so nothing is kept: a client that
 * retransmits its Initial is simply answered again (within the endpoint's refusal rate).
 *
 * <p>The packet is protected with the server's Initial keys for the client's Destination Connection ID (RFC
 * 9001 §5.2), so the client can authenticate it, and it is far smaller than the 1200-byte datagram that
 * triggered it (§8.1: at most three times what was received). The reason phrase stays empty: an Initial
 * is readable by anyone who saw the client's first packet.
 */
final class StatelessClose {
    /** Long header (at most 1 + 4 + 21 + 21 + 1 + 2 + 1 bytes), the frame and the AEAD tag. */
    static final int MAX_LENGTH = 51 + 16 + 16;

    private StatelessClose() {
    }

    /**
     * Writes the refusal into {@code out} (from its position; at least {@link #MAX_LENGTH} bytes).
     *
     * @param out where to write
     * @param version the version of the client's Initial
     * @param clientDestination the client's Destination Connection ID (keys the Initial protection)
     * @param clientSource the client's Source Connection ID (the Destination of our packet)
     * @param ourSource a connection ID of ours for the Source field
     * @param error CONNECTION_REFUSED or INVALID_TOKEN
     * @return {@code out}, flipped to the datagram
     */
    static ByteBuffer write(ByteBuffer out, QuicVersion version, ConnectionId clientDestination,
            ConnectionId clientSource, ConnectionId ourSource, TransportError error) {
        int start = out.position();
        int pnLength = 1;
        int pnOffset = LongHeaderPacket.write(out, PacketType.INITIAL, version, clientSource, ourSource,
                LongHeaderPacket.NO_TOKEN, 0, pnLength);
        ConnectionCloseFrame.transport(error, 0, "").encode(out);
        // RFC 9001 §5.4.2: the sample needs at least 4 bytes of packet number and payload; a close frame of
        // a transport code is at least 4 bytes by itself.
        int payloadEnd = out.position();
        int end = payloadEnd + 16;
        LongHeaderPacket.fillLength(out, pnOffset, end);
        PacketSealer sealer = new PacketSealer(InitialKeys.derive(version, clientDestination).sending(false));
        out.limit(end);
        sealer.protect(out, start, pnOffset, pnLength, 0, payloadEnd);
        return out.position(start);
    }
}
