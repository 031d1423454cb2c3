package io.quic4j.transport.wire.frame;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.PacketType;

/**
 * The per-type rules of RFC 9000 §12.4 Table 3 ("Pkts" and "Spec" columns) and RFC 9221: in which packet
 * types a frame may appear, and whether it elicits an acknowledgment, counts toward bytes in flight, may
 * probe a new path, or is flow controlled.
 *
 * <p>All checks are table lookups on the type value, so they cost nothing per frame. One deliberate
 * departure from the table: RETIRE_CONNECTION_ID is refused in 0-RTT, as §12.5 lists it with ACK, CRYPTO,
 * HANDSHAKE_DONE, NEW_TOKEN and PATH_RESPONSE among the frames that cannot be sent there.
 */
public final class FrameRules {
    private static final int I = 1;
    private static final int H = 1 << 1;
    private static final int Z = 1 << 2;
    private static final int O = 1 << 3;

    /** The "Pkts" column, indexed by type 0x00-0x1e; bits {@link #I}, {@link #H}, {@link #Z}, {@link #O}. */
    private static final byte[] PACKETS = new byte[0x1f];

    static {
        set(FrameType.PADDING, I | H | Z | O);
        set(FrameType.PING, I | H | Z | O);
        // ACK: IH_1. RFC 9000 §12.5: "0-RTT packets cannot contain ACK frames."
        set(FrameType.ACK, I | H | O);
        set(FrameType.ACK_ECN, I | H | O);
        set(FrameType.RESET_STREAM, Z | O);
        set(FrameType.STOP_SENDING, Z | O);
        set(FrameType.CRYPTO, I | H | O);
        set(FrameType.NEW_TOKEN, O);
        for (long t = FrameType.STREAM; t <= FrameType.STREAM_MAX; t++) {
            set(t, Z | O);
        }
        set(FrameType.MAX_DATA, Z | O);
        set(FrameType.MAX_STREAM_DATA, Z | O);
        set(FrameType.MAX_STREAMS_BIDI, Z | O);
        set(FrameType.MAX_STREAMS_UNI, Z | O);
        set(FrameType.DATA_BLOCKED, Z | O);
        set(FrameType.STREAM_DATA_BLOCKED, Z | O);
        set(FrameType.STREAMS_BLOCKED_BIDI, Z | O);
        set(FrameType.STREAMS_BLOCKED_UNI, Z | O);
        set(FrameType.NEW_CONNECTION_ID, Z | O);
        // Table 3 says __01, but RFC 9000 §12.5: "it is not possible to send the following frames in 0-RTT
        // packets for various reasons: ACK, CRYPTO, HANDSHAKE_DONE, NEW_TOKEN, PATH_RESPONSE, and
        // RETIRE_CONNECTION_ID. A server MAY treat receipt of these frames in 0-RTT packets as a connection
        // error of type PROTOCOL_VIOLATION." We do, for all six.
        set(FrameType.RETIRE_CONNECTION_ID, O);
        set(FrameType.PATH_CHALLENGE, Z | O);
        set(FrameType.PATH_RESPONSE, O);
        // "ih01": only the transport variant (0x1c) may appear in Initial and Handshake packets.
        set(FrameType.CONNECTION_CLOSE, I | H | Z | O);
        set(FrameType.CONNECTION_CLOSE_APP, Z | O);
        set(FrameType.HANDSHAKE_DONE, O);
    }

    private FrameRules() {
    }

    private static void set(long type, int packets) {
        PACKETS[(int) type] = (byte) packets;
    }

    private static int packetsOf(long type) {
        if (type >= 0 && type < PACKETS.length) {
            return PACKETS[(int) type];
        }
        if (type == FrameType.DATAGRAM || type == FrameType.DATAGRAM_LEN) {
            // RFC 9221 §5: DATAGRAM frames "MUST be protected with either 0-RTT or 1-RTT keys".
            return Z | O;
        }
        return 0;
    }

    private static int bitOf(PacketType packetType) {
        return switch (packetType) {
            case INITIAL -> I;
            case HANDSHAKE -> H;
            case ZERO_RTT -> Z;
            case ONE_RTT -> O;
            // Retry and Version Negotiation packets carry no frames (RFC 9000 §12.4).
            case RETRY, VERSION_NEGOTIATION -> 0;
        };
    }

    /**
     * Whether RFC 9000 §12.4 Table 3 (or RFC 9221 for DATAGRAM) allows a frame type in a packet type.
     *
     * @param frameType the frame type value, flag bits included
     * @param packetType the packet carrying it
     * @return true if allowed; false for unknown frame types and for Retry and Version Negotiation packets
     */
    public static boolean isAllowedIn(long frameType, PacketType packetType) {
        return (packetsOf(frameType) & bitOf(packetType)) != 0;
    }

    /**
     * Raises the error RFC 9000 §12.4 requires for a frame in a packet type that does not permit it:
     * "An endpoint MUST treat receipt of a frame in a packet type that is not permitted as a connection
     * error of type PROTOCOL_VIOLATION."
     *
     * @param frameType the frame type value
     * @param packetType the packet that carried it
     * @throws QuicTransportException PROTOCOL_VIOLATION, naming the frame type, if not allowed
     */
    public static void checkAllowed(long frameType, PacketType packetType) {
        if (!isAllowedIn(frameType, packetType)) {
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, frameType,
                    FrameType.name(frameType) + " frame (0x" + Long.toHexString(frameType) + ") is not allowed in "
                            + packetType + " packets");
        }
    }

    /**
     * Whether a frame type elicits an acknowledgment (RFC 9000 §13.2, Table 3 "N"; RFC 9002 §2): every
     * type but ACK, PADDING and CONNECTION_CLOSE. DATAGRAM is ack-eliciting (RFC 9221 §5.2).
     *
     * @param frameType the frame type value
     * @return true if a packet holding it must be acknowledged
     */
    public static boolean isAckEliciting(long frameType) {
        return frameType != FrameType.PADDING && frameType != FrameType.ACK && frameType != FrameType.ACK_ECN
                && frameType != FrameType.CONNECTION_CLOSE && frameType != FrameType.CONNECTION_CLOSE_APP;
    }

    /**
     * @param frame a frame
     * @return {@link #isAckEliciting(long)} of its type
     */
    public static boolean isAckEliciting(Frame frame) {
        return isAckEliciting(frame.type());
    }

    /**
     * Whether a frame makes its packet count toward bytes in flight. RFC 9002 §2: "Packets are considered in
     * flight when they are ack-eliciting or contain a PADDING frame." So ACK and CONNECTION_CLOSE alone do
     * not. (Table 3 marks only ACK "C"; the CONNECTION_CLOSE case does not matter in practice, since an
     * endpoint that sends one stops doing loss recovery.)
     *
     * @param frameType the frame type value
     * @return true for ack-eliciting frames and PADDING
     */
    public static boolean countsInFlight(long frameType) {
        return frameType == FrameType.PADDING || isAckEliciting(frameType);
    }

    /**
     * @param frame a frame
     * @return {@link #countsInFlight(long)} of its type
     */
    public static boolean countsInFlight(Frame frame) {
        return countsInFlight(frame.type());
    }

    /**
     * Whether a frame is a probing frame (RFC 9000 §9.1, Table 3 "P"): PATH_CHALLENGE, PATH_RESPONSE,
     * NEW_CONNECTION_ID and PADDING. A packet holding only these does not make the peer migrate to the path.
     *
     * @param frameType the frame type value
     * @return true for the probing types
     */
    public static boolean isProbing(long frameType) {
        return frameType == FrameType.PADDING || frameType == FrameType.NEW_CONNECTION_ID
                || frameType == FrameType.PATH_CHALLENGE || frameType == FrameType.PATH_RESPONSE;
    }

    /**
     * Whether a frame's contents are flow controlled (Table 3 "F"): only STREAM.
     *
     * @param frameType the frame type value
     * @return true for STREAM types 0x08-0x0f
     */
    public static boolean isFlowControlled(long frameType) {
        return frameType >= FrameType.STREAM && frameType <= FrameType.STREAM_MAX;
    }
}
