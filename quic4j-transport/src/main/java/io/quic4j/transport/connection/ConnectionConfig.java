package io.quic4j.transport.connection;

import io.quic4j.transport.congestion.CongestionControl;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.params.TransportParameters;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link Connection}, validated on construction (internal; the public {@code QuicConfig}
 * will map onto it). Build with {@link #builder()}; every setter's default is documented on the component.
 *
 * @param maxIdleTimeout our max_idle_timeout (RFC 9000 §10.1), default 30 s; {@link Duration#ZERO} disables
 *            it on our side
 * @param handshakeTimeout how long the handshake may take before the connection gives up, default 10 s
 * @param keepAlivePeriod send a PING after this much quiet time, {@link Duration#ZERO} (default) for never;
 *            must be shorter than the idle timeout
 * @param initialRtt RTT assumed before the first sample (RFC 9002 §6.2.2), default 333 ms
 * @param maxAckDelay our max_ack_delay (RFC 9000 §18.2), default 25 ms, below 2^14 ms
 * @param ackDelayExponent our ack_delay_exponent, 0-20, default 3
 * @param maxDatagramSize the largest UDP payload we send, 1200-65527 (default 1200): after the handshake, path MTU
 *            discovery (DPLPMTUD, RFC 9000 §14.3) searches up to this and the peer's max_udp_payload_size; until
 *            it finds more, and with the default, datagrams are at most 1200 bytes
 * @param keyUpdateInterval initiate a 1-RTT key update every this many packets sent with one key, 0
 *            (default) for only when the AEAD limit is near (RFC 9001 §6.6)
 * @param initialMaxData our initial_max_data, default 1 MiB
 * @param initialMaxStreamData our initial_max_stream_data_* for every kind of stream, default 256 KiB
 * @param initialMaxStreamsBidi our initial_max_streams_bidi, default 100
 * @param initialMaxStreamsUni our initial_max_streams_uni, default 100
 * @param activeConnectionIdLimit our active_connection_id_limit, at least 2, default 4
 * @param connectionIdLength length of the connection IDs we choose, 0 or 8-20 (default 8); a client with
 *            0 cannot be routed to by connection ID
 * @param versions versions we accept, in preference order; a client starts with the first (default v1, v2)
 * @param congestionControl the congestion controller, default CUBIC (RFC 9438)
 * @param datagrams DATAGRAM settings (RFC 9221), default {@link DatagramConfig#DISABLED}
 * @param tracers creates each connection's {@link ConnectionTracer} (qlog, DESIGN.md §7), default
 *            {@link ConnectionTracer.Factory#NONE}
 * @param streamSendBuffer the most bytes a stream holds that the peer has not acknowledged (written but
 *            unsent, or sent and unacknowledged) before {@code write} takes no more; at least a bandwidth-delay
 *            product for one stream to fill the path; default 1 MiB
 * @param maxUdpPayloadSize our max_udp_payload_size (RFC 9000 §18.2), the largest UDP payload we accept, 1200-65527,
 *            default 65527 (then not sent, being the parameter's default)
 * @param streamCreditOnClose whether a peer stream returns its MAX_STREAMS credit only once the application has
 *            also closed it ({@code Connection.releaseStream}), on top of DESIGN.md §3's conditions;
 *            default false
 */
public record ConnectionConfig(Duration maxIdleTimeout, Duration handshakeTimeout, Duration keepAlivePeriod,
        Duration initialRtt, Duration maxAckDelay, int ackDelayExponent, int maxDatagramSize, long keyUpdateInterval,
        long initialMaxData, long initialMaxStreamData, long initialMaxStreamsBidi, long initialMaxStreamsUni,
        long activeConnectionIdLimit, int connectionIdLength, List<QuicVersion> versions,
        CongestionControl congestionControl, DatagramConfig datagrams, ConnectionTracer.Factory tracers,
        long streamSendBuffer, int maxUdpPayloadSize, boolean streamCreditOnClose) {

    /** The smallest datagram a QUIC endpoint must be able to send (RFC 9000 §14). */
    public static final int MIN_DATAGRAM_SIZE = 1200;

    /** The defaults. */
    public static final ConnectionConfig DEFAULTS = builder().build();

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the setting and its allowed range
     */
    public ConnectionConfig {
        requireNonNegative("maxIdleTimeout", maxIdleTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requireNonNegative("keepAlivePeriod", keepAlivePeriod);
        requirePositive("initialRtt", initialRtt);
        requireNonNegative("maxAckDelay", maxAckDelay);
        if (maxAckDelay.toMillis() >= TransportParameters.MAX_ACK_DELAY_LIMIT_MILLIS) {
            throw new IllegalArgumentException(
                    "maxAckDelay must be below 2^14 ms (RFC 9000 §18.2), was " + maxAckDelay);
        }
        if (ackDelayExponent < 0 || ackDelayExponent > TransportParameters.MAX_ACK_DELAY_EXPONENT) {
            throw new IllegalArgumentException("ackDelayExponent must be 0-20, was " + ackDelayExponent);
        }
        if (maxDatagramSize < MIN_DATAGRAM_SIZE || maxDatagramSize > 65527) {
            throw new IllegalArgumentException("maxDatagramSize must be 1200-65527, was " + maxDatagramSize);
        }
        if (maxUdpPayloadSize < MIN_DATAGRAM_SIZE || maxUdpPayloadSize > 65527) {
            throw new IllegalArgumentException("maxUdpPayloadSize must be 1200-65527, was " + maxUdpPayloadSize);
        }
        if (keyUpdateInterval < 0) {
            throw new IllegalArgumentException(
                    "keyUpdateInterval must be 0 (off) or positive, was " + keyUpdateInterval);
        }
        requireRange("initialMaxData", initialMaxData, 0, (1L << 62) - 1);
        requireRange("initialMaxStreamData", initialMaxStreamData, 0, (1L << 62) - 1);
        requireRange("initialMaxStreamsBidi", initialMaxStreamsBidi, 0, TransportParameters.MAX_STREAMS);
        requireRange("initialMaxStreamsUni", initialMaxStreamsUni, 0, TransportParameters.MAX_STREAMS);
        requireRange("activeConnectionIdLimit", activeConnectionIdLimit, 2, 1 << 10);
        if (connectionIdLength != 0 && (connectionIdLength < 8 || connectionIdLength > ConnectionId.MAX_LENGTH)) {
            throw new IllegalArgumentException("connectionIdLength must be 0 or 8-20, was " + connectionIdLength);
        }
        Objects.requireNonNull(congestionControl, "congestionControl");
        Objects.requireNonNull(datagrams, "datagrams");
        Objects.requireNonNull(tracers, "tracers");
        requireRange("streamSendBuffer", streamSendBuffer, 1, 1L << 40);
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions must name at least one QUIC version");
        }
        if (!maxIdleTimeout.isZero() && maxIdleTimeout.compareTo(handshakeTimeout) < 0) {
            throw new IllegalArgumentException(
                    "maxIdleTimeout (" + maxIdleTimeout + ") is shorter than handshakeTimeout ("
                            + handshakeTimeout + "): raise the idle timeout or lower the handshake timeout");
        }
        if (!keepAlivePeriod.isZero() && !maxIdleTimeout.isZero() && keepAlivePeriod.compareTo(maxIdleTimeout) >= 0) {
            throw new IllegalArgumentException("keepAlivePeriod (" + keepAlivePeriod
                    + ") must be shorter than maxIdleTimeout (" + maxIdleTimeout
                    + "), or the connection idles out first");
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxIdleTimeout = maxIdleTimeout;
        b.handshakeTimeout = handshakeTimeout;
        b.keepAlivePeriod = keepAlivePeriod;
        b.initialRtt = initialRtt;
        b.maxAckDelay = maxAckDelay;
        b.ackDelayExponent = ackDelayExponent;
        b.maxDatagramSize = maxDatagramSize;
        b.maxUdpPayloadSize = maxUdpPayloadSize;
        b.keyUpdateInterval = keyUpdateInterval;
        b.initialMaxData = initialMaxData;
        b.initialMaxStreamData = initialMaxStreamData;
        b.initialMaxStreamsBidi = initialMaxStreamsBidi;
        b.initialMaxStreamsUni = initialMaxStreamsUni;
        b.activeConnectionIdLimit = activeConnectionIdLimit;
        b.connectionIdLength = connectionIdLength;
        b.versions = versions;
        b.congestionControl = congestionControl;
        b.datagrams = datagrams;
        b.tracers = tracers;
        b.streamSendBuffer = streamSendBuffer;
        b.streamCreditOnClose = streamCreditOnClose;
        return b;
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void requireNonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    private static void requireRange(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + v);
        }
    }

    /** Builds a {@link ConnectionConfig}. */
    public static final class Builder {
        private Duration maxIdleTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration keepAlivePeriod = Duration.ZERO;
        private Duration initialRtt = Duration.ofMillis(333);
        private Duration maxAckDelay = Duration.ofMillis(25);
        private int ackDelayExponent = TransportParameters.DEFAULT_ACK_DELAY_EXPONENT;
        private int maxDatagramSize = MIN_DATAGRAM_SIZE;
        private int maxUdpPayloadSize = 65527;
        private long keyUpdateInterval;
        private long initialMaxData = 1 << 20;
        private long initialMaxStreamData = 256 << 10;
        private long initialMaxStreamsBidi = 100;
        private long initialMaxStreamsUni = 100;
        private long activeConnectionIdLimit = 4;
        private int connectionIdLength = 8;
        private List<QuicVersion> versions = List.of(QuicVersion.V1, QuicVersion.V2);
        private CongestionControl congestionControl = CongestionControl.DEFAULT;
        private DatagramConfig datagrams = DatagramConfig.DISABLED;
        private ConnectionTracer.Factory tracers = ConnectionTracer.Factory.NONE;
        private long streamSendBuffer = 1 << 20;
        private boolean streamCreditOnClose;

        Builder() {
        }

        /**
         * @param v idle timeout, zero for none
         * @return this
         */
        public Builder maxIdleTimeout(Duration v) {
            maxIdleTimeout = v;
            return this;
        }

        /**
         * @param v handshake timeout
         * @return this
         */
        public Builder handshakeTimeout(Duration v) {
            handshakeTimeout = v;
            return this;
        }

        /**
         * @param v keep-alive period, zero for none
         * @return this
         */
        public Builder keepAlivePeriod(Duration v) {
            keepAlivePeriod = v;
            return this;
        }

        /**
         * @param v initial RTT
         * @return this
         */
        public Builder initialRtt(Duration v) {
            initialRtt = v;
            return this;
        }

        /**
         * @param v our max_ack_delay
         * @return this
         */
        public Builder maxAckDelay(Duration v) {
            maxAckDelay = v;
            return this;
        }

        /**
         * @param v our ack_delay_exponent
         * @return this
         */
        public Builder ackDelayExponent(int v) {
            ackDelayExponent = v;
            return this;
        }

        /**
         * @param v largest datagram we send
         * @return this
         */
        public Builder maxDatagramSize(int v) {
            maxDatagramSize = v;
            return this;
        }

        /**
         * @param v the largest UDP payload we accept, our max_udp_payload_size (RFC 9000 §18.2)
         * @return this
         */
        public Builder maxUdpPayloadSize(int v) {
            maxUdpPayloadSize = v;
            return this;
        }

        /**
         * @param v packets per 1-RTT key before a key update, 0 for none
         * @return this
         */
        public Builder keyUpdateInterval(long v) {
            keyUpdateInterval = v;
            return this;
        }

        /**
         * @param v our initial_max_data
         * @return this
         */
        public Builder initialMaxData(long v) {
            initialMaxData = v;
            return this;
        }

        /**
         * @param v our initial_max_stream_data_* for all stream kinds
         * @return this
         */
        public Builder initialMaxStreamData(long v) {
            initialMaxStreamData = v;
            return this;
        }

        /**
         * @param v our initial_max_streams_bidi
         * @return this
         */
        public Builder initialMaxStreamsBidi(long v) {
            initialMaxStreamsBidi = v;
            return this;
        }

        /**
         * @param v our initial_max_streams_uni
         * @return this
         */
        public Builder initialMaxStreamsUni(long v) {
            initialMaxStreamsUni = v;
            return this;
        }

        /**
         * @param v our active_connection_id_limit
         * @return this
         */
        public Builder activeConnectionIdLimit(long v) {
            activeConnectionIdLimit = v;
            return this;
        }

        /**
         * @param v length of our connection IDs
         * @return this
         */
        public Builder connectionIdLength(int v) {
            connectionIdLength = v;
            return this;
        }

        /**
         * @param v accepted versions, preferred first
         * @return this
         */
        public Builder versions(List<QuicVersion> v) {
            versions = v;
            return this;
        }

        /**
         * @param v the congestion controller
         * @return this
         */
        public Builder congestionControl(CongestionControl v) {
            congestionControl = v;
            return this;
        }

        /**
         * @param v DATAGRAM settings (RFC 9221)
         * @return this
         */
        public Builder datagrams(DatagramConfig v) {
            datagrams = v;
            return this;
        }

        /**
         * @param v creates a tracer per connection, for example
         *            {@code io.quic4j.transport.qlog.QlogDirectory.factory(dir)}; {@link ConnectionTracer.Factory#NONE}
         *            (the default) traces nothing
         * @return this
         */
        public Builder tracers(ConnectionTracer.Factory v) {
            tracers = v;
            return this;
        }

        /**
         * @param v the most unacknowledged bytes a stream holds, see {@link ConnectionConfig#streamSendBuffer()}
         * @return this
         */
        public Builder streamSendBuffer(long v) {
            streamSendBuffer = v;
            return this;
        }

        /**
         * @param v whether peer streams return their credit only once the application closed them, see
         *            {@link ConnectionConfig#streamCreditOnClose()}
         * @return this
         */
        public Builder streamCreditOnClose(boolean v) {
            streamCreditOnClose = v;
            return this;
        }

        /** @return the validated config */
        public ConnectionConfig build() {
            return new ConnectionConfig(maxIdleTimeout, handshakeTimeout, keepAlivePeriod, initialRtt, maxAckDelay,
                    ackDelayExponent, maxDatagramSize, keyUpdateInterval, initialMaxData, initialMaxStreamData,
                    initialMaxStreamsBidi, initialMaxStreamsUni, activeConnectionIdLimit, connectionIdLength,
                    versions, congestionControl, datagrams, tracers, streamSendBuffer, maxUdpPayloadSize,
                    streamCreditOnClose);
        }
    }
}
