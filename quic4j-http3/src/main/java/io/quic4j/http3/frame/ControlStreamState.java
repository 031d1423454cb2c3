package io.quic4j.http3.frame;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rules for the frames on the peer's control stream (RFC 9114 §6.2.1, §7.2): SETTINGS first and only
 * once, only control frames, MAX_PUSH_ID only from a client, GOAWAY IDs that never increase (and from a
 * server, name client-initiated bidirectional streams), MAX_PUSH_ID values that never decrease. Feed it every
 * {@link FrameEvent} of the stream, in order, as {@link Http3FrameReader} yields them.
 *
 * <pre>{@code
 * ControlStreamState control = ControlStreamState.fromServer(); // we are the client
 * control.accept(event);
 * control.peerSettings().ifPresent(...);
 * }</pre>
 */
public final class ControlStreamState {
    private final boolean peerIsServer;
    private boolean first = true;
    private Settings peerSettings;
    private long goAwayId = -1;
    private long maxPushId = -1;

    private ControlStreamState(boolean peerIsServer) {
        this.peerIsServer = peerIsServer;
    }

    /** @return the state for a server's control stream, as a client reads it */
    public static ControlStreamState fromServer() {
        return new ControlStreamState(true);
    }

    /** @return the state for a client's control stream, as a server reads it */
    public static ControlStreamState fromClient() {
        return new ControlStreamState(false);
    }

    /**
     * @param event the next event of the control stream
     * @throws Http3Exception H3_MISSING_SETTINGS, H3_FRAME_UNEXPECTED or H3_ID_ERROR as described above
     */
    public void accept(FrameEvent event) {
        switch (event) {
            case FrameEvent.Header h -> onHeader(h.type());
            case FrameEvent.Complete c -> onFrame(c.frame());
            // DATA never gets past onHeader here.
            case FrameEvent.DataChunk d -> throw new IllegalStateException("DATA chunk without an accepted header");
        }
    }

    /**
     * The control stream ended or was reset.
     *
     * @throws Http3Exception always H3_CLOSED_CRITICAL_STREAM (RFC 9114 §6.2.1: "If either control stream is
     *     closed at any point, this MUST be treated as a connection error of type H3_CLOSED_CRITICAL_STREAM")
     */
    public void endOfStream() {
        throw new Http3Exception(Http3Error.H3_CLOSED_CRITICAL_STREAM, "the peer closed its control stream");
    }

    /** @return the peer's settings, once its SETTINGS frame has been read */
    public Optional<Settings> peerSettings() {
        return Optional.ofNullable(peerSettings);
    }

    /** @return the ID of the peer's latest GOAWAY, if it sent one */
    public OptionalLong goAwayId() {
        return goAwayId < 0 ? OptionalLong.empty() : OptionalLong.of(goAwayId);
    }

    /** @return the client's latest MAX_PUSH_ID, if it sent one */
    public OptionalLong maxPushId() {
        return maxPushId < 0 ? OptionalLong.empty() : OptionalLong.of(maxPushId);
    }

    private void onHeader(long type) {
        if (first) {
            first = false;
            // RFC 9114 §6.2.1: "If the first frame of the control stream is any other frame type, this MUST be
            // treated as a connection error of type H3_MISSING_SETTINGS" (§9: unknown types included).
            if (type != FrameType.SETTINGS) {
                throw new Http3Exception(Http3Error.H3_MISSING_SETTINGS,
                        "the control stream starts with " + FrameType.name(type) + ", not SETTINGS");
            }
            return;
        }
        if (type == FrameType.SETTINGS) {
            // RFC 9114 §7.2.4: "If an endpoint receives a second SETTINGS frame on the control stream, the
            // endpoint MUST respond with a connection error of type H3_FRAME_UNEXPECTED."
            throw new Http3Exception(Http3Error.H3_FRAME_UNEXPECTED, "a second SETTINGS frame");
        }
        FrameRules.checkAllowed(type, StreamKind.CONTROL);
        if (type == FrameType.MAX_PUSH_ID && peerIsServer) {
            // RFC 9114 §7.2.7: "A client MUST treat the receipt of a MAX_PUSH_ID frame as a connection error of
            // type H3_FRAME_UNEXPECTED."
            throw new Http3Exception(Http3Error.H3_FRAME_UNEXPECTED, "MAX_PUSH_ID from a server");
        }
    }

    private void onFrame(Http3Frame frame) {
        switch (frame) {
            case SettingsFrame s -> peerSettings = s.settings();
            case GoAwayFrame g -> onGoAway(g.id());
            case MaxPushIdFrame m -> {
                // RFC 9114 §7.2.7: "receipt of a MAX_PUSH_ID frame that contains a smaller value than previously
                // received MUST be treated as a connection error of type H3_ID_ERROR."
                if (m.pushId() < maxPushId) {
                    throw new Http3Exception(Http3Error.H3_ID_ERROR,
                            "MAX_PUSH_ID went down from " + maxPushId + " to " + m.pushId());
                }
                maxPushId = m.pushId();
            }
            default -> {
                // CANCEL_PUSH and unknown frames: nothing to check without push state.
            }
        }
    }

    private void onGoAway(long id) {
        // RFC 9114 §7.2.6: "A client MUST treat receipt of a GOAWAY frame containing a stream ID of any other
        // type [than client-initiated bidirectional] as a connection error of type H3_ID_ERROR."
        if (peerIsServer && (id & 0x3) != 0) {
            throw new Http3Exception(Http3Error.H3_ID_ERROR,
                    "GOAWAY names stream " + id + ", not a client-initiated bidirectional stream");
        }
        // RFC 9114 §5.2: "Receiving a GOAWAY containing a larger identifier than previously received MUST be
        // treated as a connection error of type H3_ID_ERROR."
        if (goAwayId >= 0 && id > goAwayId) {
            throw new Http3Exception(Http3Error.H3_ID_ERROR, "GOAWAY went up from " + goAwayId + " to " + id);
        }
        goAwayId = id;
    }
}
