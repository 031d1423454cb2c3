package io.quic4j.transport.connection;

import io.quic4j.tls.TlsEvent;
import java.nio.ByteBuffer;

/**
 * What a {@link Connection} reports to its owner through {@link Connection#pollEvent()}, in order.
 */
public sealed interface ConnectionEvent {

    /**
     * The handshake completed (RFC 9001 §4.1.1). For a server this is also confirmation; a client is
     * confirmed when HANDSHAKE_DONE arrives ({@link HandshakeConfirmed}).
     *
     * @param applicationProtocol the ALPN protocol agreed on
     * @param tls what TLS reported
     */
    record HandshakeCompleted(String applicationProtocol, TlsEvent.HandshakeComplete tls) implements ConnectionEvent {
    }

    /** The handshake is confirmed (RFC 9001 §4.1.2). */
    record HandshakeConfirmed() implements ConnectionEvent {
    }

    /**
     * The peer opened a stream.
     *
     * @param streamId the stream
     */
    record StreamOpened(long streamId) implements ConnectionEvent {
    }

    /**
     * A stream has data (or its end) to read with {@link Connection#read}.
     *
     * @param streamId the stream
     */
    record StreamReadable(long streamId) implements ConnectionEvent {
    }

    /**
     * A stream whose {@link Connection#write} took less than offered (its send buffer was full) can take
     * more data.
     *
     * @param streamId the stream
     */
    record StreamWritable(long streamId) implements ConnectionEvent {
    }

    /**
     * The peer reset its sending half of a stream (RESET_STREAM, RFC 9000 §19.4): data not yet read is
     * gone, and {@link Connection#read} returns {@link Connection#STREAM_RESET}.
     *
     * @param streamId the stream
     * @param errorCode the peer's application error code
     */
    record StreamReset(long streamId, long errorCode) implements ConnectionEvent {
    }

    /**
     * The peer asked us to stop sending on a stream (STOP_SENDING, RFC 9000 §19.5); our sending half was
     * reset in answer (§3.5) and takes no more data.
     *
     * @param streamId the stream
     * @param errorCode the peer's application error code, which our RESET_STREAM repeats
     */
    record StreamStopped(long streamId, long errorCode) implements ConnectionEvent {
    }

    /**
     * The peer sent a datagram (DATAGRAM frame, RFC 9221 §5). At most
     * {@link DatagramConfig#receiveQueueLimit()} of these wait in the event queue; more are dropped and
     * counted ({@link DatagramStats#receiveDropped()}).
     *
     * @param data the datagram (a read-only copy)
     */
    record DatagramReceived(ByteBuffer data) implements ConnectionEvent {
    }

    /**
     * The server gave us a token for future connections (NEW_TOKEN, RFC 9000 §8.1.3).
     *
     * @param token the token (a copy)
     */
    record NewTokenReceived(ByteBuffer token) implements ConnectionEvent {
    }

    /**
     * The connection entered the closing or draining period, or ended without one (idle timeout,
     * stateless reset). No stream data moves after this.
     *
     * @param reason why
     */
    record Closing(CloseReason reason) implements ConnectionEvent {
    }

    /**
     * The connection is finished: its state can be dropped. Always the last event.
     *
     * @param reason why it ended
     */
    record Closed(CloseReason reason) implements ConnectionEvent {
    }
}
