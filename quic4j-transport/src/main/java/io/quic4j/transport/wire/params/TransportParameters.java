package io.quic4j.transport.wire.params;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One endpoint's QUIC transport parameters (RFC 9000 §7.4, §18.2), plus max_datagram_frame_size
 * (RFC 9221 §3) and version_information (RFC 9368 §3). Immutable and always valid: the constructor
 * rejects any value the RFCs call invalid, so a local configuration cannot encode a set that a peer
 * would refuse.
 *
 * <p>Absent integer parameters take their RFC defaults (max_udp_payload_size 65527, ack_delay_exponent
 * 3, max_ack_delay 25 ms, active_connection_id_limit 2, 0 elsewhere); the RFC gives an absent integer
 * parameter the same meaning as its default, so {@link #encode} omits integers equal to their default.
 * The parameters whose absence means something of its own are {@link Optional}: the connection IDs,
 * stateless_reset_token, preferred_address, version_information and max_datagram_frame_size (absent:
 * no DATAGRAM support, RFC 9221 §3).
 *
 * <p>Time values are {@link Duration}s holding a whole number of milliseconds, the unit on the wire.
 *
 * <pre>{@code
 * TransportParameters local = TransportParameters.builder()
 *         .initialSourceConnectionId(scid)
 *         .maxIdleTimeout(Duration.ofSeconds(30))
 *         .initialMaxData(1 << 20)
 *         .initialMaxStreamsBidi(100)
 *         .build();
 * local.encode(buffer, Role.CLIENT);
 * TransportParameters peer = TransportParameters.decode(extensionData, Role.SERVER);
 * }</pre>
 *
 * @param originalDestinationConnectionId 0x00, server only: DCID of the client's first Initial (§7.3)
 * @param maxIdleTimeout 0x01: idle timeout, {@link Duration#ZERO} for none; whole milliseconds
 * @param statelessResetToken 0x02, server only: the token for the handshake connection ID
 * @param maxUdpPayloadSize 0x03: largest UDP payload the endpoint accepts, at least 1200
 * @param initialMaxData 0x04: initial connection flow-control limit, bytes
 * @param initialMaxStreamDataBidiLocal 0x05: limit for bidirectional streams the sender opens, bytes
 * @param initialMaxStreamDataBidiRemote 0x06: limit for bidirectional streams the receiver opens, bytes
 * @param initialMaxStreamDataUni 0x07: limit for unidirectional streams the receiver opens, bytes
 * @param initialMaxStreamsBidi 0x08: bidirectional streams the receiver may open, at most 2^60
 * @param initialMaxStreamsUni 0x09: unidirectional streams the receiver may open, at most 2^60
 * @param ackDelayExponent 0x0a: scale of the ACK Delay field, 0 to 20
 * @param maxAckDelay 0x0b: largest delay before acknowledging, below 2^14 ms; whole milliseconds
 * @param disableActiveMigration 0x0c: the sender does not support active migration
 * @param preferredAddress 0x0d, server only: the address to migrate to after the handshake
 * @param activeConnectionIdLimit 0x0e: connection IDs the sender stores, at least 2
 * @param initialSourceConnectionId 0x0f: SCID of the sender's first Initial (§7.3)
 * @param retrySourceConnectionId 0x10, server only: SCID of the Retry packet (§7.3)
 * @param versionInformation 0x11: chosen and available versions (RFC 9368)
 * @param maxDatagramFrameSize 0x20: largest DATAGRAM frame accepted; absent means none (RFC 9221)
 */
public record TransportParameters(
        Optional<ConnectionId> originalDestinationConnectionId,
        Duration maxIdleTimeout,
        Optional<StatelessResetToken> statelessResetToken,
        long maxUdpPayloadSize,
        long initialMaxData,
        long initialMaxStreamDataBidiLocal,
        long initialMaxStreamDataBidiRemote,
        long initialMaxStreamDataUni,
        long initialMaxStreamsBidi,
        long initialMaxStreamsUni,
        int ackDelayExponent,
        Duration maxAckDelay,
        boolean disableActiveMigration,
        Optional<PreferredAddress> preferredAddress,
        long activeConnectionIdLimit,
        Optional<ConnectionId> initialSourceConnectionId,
        Optional<ConnectionId> retrySourceConnectionId,
        Optional<VersionInformation> versionInformation,
        OptionalLong maxDatagramFrameSize) {

    /** Default max_udp_payload_size: the largest UDP payload there is (RFC 9000 §18.2). */
    public static final long DEFAULT_MAX_UDP_PAYLOAD_SIZE = 65527;
    /** Smallest valid max_udp_payload_size (RFC 9000 §18.2: "Values below 1200 are invalid"). */
    public static final long MIN_MAX_UDP_PAYLOAD_SIZE = 1200;
    /** Default ack_delay_exponent (RFC 9000 §18.2). */
    public static final int DEFAULT_ACK_DELAY_EXPONENT = 3;
    /** Largest valid ack_delay_exponent (RFC 9000 §18.2: "Values above 20 are invalid"). */
    public static final int MAX_ACK_DELAY_EXPONENT = 20;
    /** Default max_ack_delay (RFC 9000 §18.2). */
    public static final Duration DEFAULT_MAX_ACK_DELAY = Duration.ofMillis(25);
    /** max_ack_delay must be below this many milliseconds, 2^14 (RFC 9000 §18.2). */
    public static final long MAX_ACK_DELAY_LIMIT_MILLIS = 1L << 14;
    /** Default and smallest valid active_connection_id_limit (RFC 9000 §18.2). */
    public static final long MIN_ACTIVE_CONNECTION_ID_LIMIT = 2;
    /** Largest valid initial_max_streams_bidi/uni, 2^60 (RFC 9000 §4.6). */
    public static final long MAX_STREAMS = 1L << 60;

    /** All parameters absent: every value at its RFC default. */
    public static final TransportParameters DEFAULTS = new Builder().build();

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the component and its allowed range if one is invalid
     */
    public TransportParameters {
        Objects.requireNonNull(originalDestinationConnectionId, "originalDestinationConnectionId");
        Objects.requireNonNull(statelessResetToken, "statelessResetToken");
        Objects.requireNonNull(preferredAddress, "preferredAddress");
        Objects.requireNonNull(initialSourceConnectionId, "initialSourceConnectionId");
        Objects.requireNonNull(retrySourceConnectionId, "retrySourceConnectionId");
        Objects.requireNonNull(versionInformation, "versionInformation");
        Objects.requireNonNull(maxDatagramFrameSize, "maxDatagramFrameSize");
        requireMillis("maxIdleTimeout", maxIdleTimeout, VarInt.MAX);
        requireMillis("maxAckDelay", maxAckDelay, MAX_ACK_DELAY_LIMIT_MILLIS - 1);
        requireRange("maxUdpPayloadSize", maxUdpPayloadSize, MIN_MAX_UDP_PAYLOAD_SIZE, VarInt.MAX);
        requireRange("initialMaxData", initialMaxData, 0, VarInt.MAX);
        requireRange("initialMaxStreamDataBidiLocal", initialMaxStreamDataBidiLocal, 0, VarInt.MAX);
        requireRange("initialMaxStreamDataBidiRemote", initialMaxStreamDataBidiRemote, 0, VarInt.MAX);
        requireRange("initialMaxStreamDataUni", initialMaxStreamDataUni, 0, VarInt.MAX);
        requireRange("initialMaxStreamsBidi", initialMaxStreamsBidi, 0, MAX_STREAMS);
        requireRange("initialMaxStreamsUni", initialMaxStreamsUni, 0, MAX_STREAMS);
        requireRange("ackDelayExponent", ackDelayExponent, 0, MAX_ACK_DELAY_EXPONENT);
        requireRange("activeConnectionIdLimit", activeConnectionIdLimit, MIN_ACTIVE_CONNECTION_ID_LIMIT, VarInt.MAX);
        if (maxDatagramFrameSize.isPresent()) {
            requireRange("maxDatagramFrameSize", maxDatagramFrameSize.getAsLong(), 0, VarInt.MAX);
        }
        // RFC 9000 §18.2: "A server that chooses a zero-length connection ID MUST NOT provide a preferred
        // address."
        if (preferredAddress.isPresent() && initialSourceConnectionId.map(c -> c.length() == 0).orElse(false)) {
            throw new IllegalArgumentException("preferredAddress cannot be sent with a zero-length "
                    + "initialSourceConnectionId: use a non-empty connection ID or drop the preferred address");
        }
    }

    /** @return a builder with every parameter absent */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @return whether the sender accepts DATAGRAM frames: max_datagram_frame_size present and above 0
     *         (RFC 9221 §3)
     */
    public boolean datagramsSupported() {
        return maxDatagramFrameSize.orElse(0) > 0;
    }

    /**
     * Decodes the quic_transport_parameters extension data (RFC 9000 §18) and applies every validation
     * rule of RFC 9000 §7.4 and §18.2, RFC 9221 §3 and RFC 9368 §4 that needs nothing but the parameters
     * and the sender's role. Unknown and reserved parameters are skipped. Connection ID authentication
     * against the packets (§7.3) is the caller's job; see {@link ConnectionIdAuthentication}.
     *
     * @param in the extension data; read to its limit
     * @param sender who sent the parameters, which decides the server-only rules
     * @return the parameters
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR for any malformed or invalid parameter
     */
    public static TransportParameters decode(ByteBuffer in, Role sender) {
        return TransportParametersCodec.decode(in, sender);
    }

    /** @return the length of {@link #encode(ByteBuffer, Role)}'s output in bytes */
    public int encodedLength() {
        return TransportParametersCodec.encodedLength(this, null);
    }

    /**
     * @param grease the reserved parameter to add
     * @return the length of {@link #encode(ByteBuffer, Role, GreaseParameter)}'s output in bytes
     */
    public int encodedLength(GreaseParameter grease) {
        return TransportParametersCodec.encodedLength(this, Objects.requireNonNull(grease, "grease"));
    }

    /**
     * Encodes the parameters in increasing id order, each as id, length, value (RFC 9000 §18).
     *
     * @param out receives {@link #encodedLength()} bytes
     * @param sender the local role
     * @throws IllegalArgumentException if a client would send a server-only parameter or a version
     *         information that does not list its chosen version
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public void encode(ByteBuffer out, Role sender) {
        TransportParametersCodec.encode(this, out, sender, null);
    }

    /**
     * Encodes the parameters and then a reserved one, to exercise the peer's duty to ignore unknown
     * parameters (RFC 9000 §18.1).
     *
     * @param out receives {@link #encodedLength(GreaseParameter)} bytes
     * @param sender the local role
     * @param grease the reserved parameter, e.g. {@link GreaseParameter#random}
     */
    public void encode(ByteBuffer out, Role sender, GreaseParameter grease) {
        TransportParametersCodec.encode(this, out, sender, Objects.requireNonNull(grease, "grease"));
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requireMillis(String name, Duration value, long maxMillis) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.compareTo(Duration.ofMillis(maxMillis)) > 0) {
            throw new IllegalArgumentException(
                    name + " must be between 0 and " + maxMillis + " ms (RFC 9000 §18.2), was " + value);
        }
        if (value.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    name + " is sent in whole milliseconds: round " + value + " to a whole number of milliseconds");
        }
    }

    /**
     * Builds {@link TransportParameters}; every parameter starts absent (at its default). Values are
     * checked by {@link #build()}.
     */
    public static final class Builder {
        private ConnectionId originalDestinationConnectionId;
        private Duration maxIdleTimeout = Duration.ZERO;
        private StatelessResetToken statelessResetToken;
        private long maxUdpPayloadSize = DEFAULT_MAX_UDP_PAYLOAD_SIZE;
        private long initialMaxData;
        private long initialMaxStreamDataBidiLocal;
        private long initialMaxStreamDataBidiRemote;
        private long initialMaxStreamDataUni;
        private long initialMaxStreamsBidi;
        private long initialMaxStreamsUni;
        private int ackDelayExponent = DEFAULT_ACK_DELAY_EXPONENT;
        private Duration maxAckDelay = DEFAULT_MAX_ACK_DELAY;
        private boolean disableActiveMigration;
        private PreferredAddress preferredAddress;
        private long activeConnectionIdLimit = MIN_ACTIVE_CONNECTION_ID_LIMIT;
        private ConnectionId initialSourceConnectionId;
        private ConnectionId retrySourceConnectionId;
        private VersionInformation versionInformation;
        private OptionalLong maxDatagramFrameSize = OptionalLong.empty();

        Builder() {
        }

        Builder(TransportParameters p) {
            originalDestinationConnectionId = p.originalDestinationConnectionId.orElse(null);
            maxIdleTimeout = p.maxIdleTimeout;
            statelessResetToken = p.statelessResetToken.orElse(null);
            maxUdpPayloadSize = p.maxUdpPayloadSize;
            initialMaxData = p.initialMaxData;
            initialMaxStreamDataBidiLocal = p.initialMaxStreamDataBidiLocal;
            initialMaxStreamDataBidiRemote = p.initialMaxStreamDataBidiRemote;
            initialMaxStreamDataUni = p.initialMaxStreamDataUni;
            initialMaxStreamsBidi = p.initialMaxStreamsBidi;
            initialMaxStreamsUni = p.initialMaxStreamsUni;
            ackDelayExponent = p.ackDelayExponent;
            maxAckDelay = p.maxAckDelay;
            disableActiveMigration = p.disableActiveMigration;
            preferredAddress = p.preferredAddress.orElse(null);
            activeConnectionIdLimit = p.activeConnectionIdLimit;
            initialSourceConnectionId = p.initialSourceConnectionId.orElse(null);
            retrySourceConnectionId = p.retrySourceConnectionId.orElse(null);
            versionInformation = p.versionInformation.orElse(null);
            maxDatagramFrameSize = p.maxDatagramFrameSize;
        }

        /**
         * @param v 0x00, server only; {@code null} for absent
         * @return this
         */
        public Builder originalDestinationConnectionId(ConnectionId v) {
            originalDestinationConnectionId = v;
            return this;
        }

        /**
         * @param v 0x01, whole milliseconds, {@link Duration#ZERO} (the default) to disable
         * @return this
         */
        public Builder maxIdleTimeout(Duration v) {
            maxIdleTimeout = v;
            return this;
        }

        /**
         * @param v 0x02, server only; {@code null} for absent
         * @return this
         */
        public Builder statelessResetToken(StatelessResetToken v) {
            statelessResetToken = v;
            return this;
        }

        /**
         * @param v 0x03, at least 1200, default 65527
         * @return this
         */
        public Builder maxUdpPayloadSize(long v) {
            maxUdpPayloadSize = v;
            return this;
        }

        /**
         * @param v 0x04, bytes, default 0
         * @return this
         */
        public Builder initialMaxData(long v) {
            initialMaxData = v;
            return this;
        }

        /**
         * @param v 0x05, bytes, default 0
         * @return this
         */
        public Builder initialMaxStreamDataBidiLocal(long v) {
            initialMaxStreamDataBidiLocal = v;
            return this;
        }

        /**
         * @param v 0x06, bytes, default 0
         * @return this
         */
        public Builder initialMaxStreamDataBidiRemote(long v) {
            initialMaxStreamDataBidiRemote = v;
            return this;
        }

        /**
         * @param v 0x07, bytes, default 0
         * @return this
         */
        public Builder initialMaxStreamDataUni(long v) {
            initialMaxStreamDataUni = v;
            return this;
        }

        /**
         * @param v 0x08, 0 to 2^60, default 0
         * @return this
         */
        public Builder initialMaxStreamsBidi(long v) {
            initialMaxStreamsBidi = v;
            return this;
        }

        /**
         * @param v 0x09, 0 to 2^60, default 0
         * @return this
         */
        public Builder initialMaxStreamsUni(long v) {
            initialMaxStreamsUni = v;
            return this;
        }

        /**
         * @param v 0x0a, 0 to 20, default 3
         * @return this
         */
        public Builder ackDelayExponent(int v) {
            ackDelayExponent = v;
            return this;
        }

        /**
         * @param v 0x0b, whole milliseconds below 2^14 ms, default 25 ms
         * @return this
         */
        public Builder maxAckDelay(Duration v) {
            maxAckDelay = v;
            return this;
        }

        /**
         * @param v 0x0c, default false
         * @return this
         */
        public Builder disableActiveMigration(boolean v) {
            disableActiveMigration = v;
            return this;
        }

        /**
         * @param v 0x0d, server only; {@code null} for absent
         * @return this
         */
        public Builder preferredAddress(PreferredAddress v) {
            preferredAddress = v;
            return this;
        }

        /**
         * @param v 0x0e, at least 2, default 2
         * @return this
         */
        public Builder activeConnectionIdLimit(long v) {
            activeConnectionIdLimit = v;
            return this;
        }

        /**
         * @param v 0x0f; {@code null} for absent (a peer then fails the handshake, RFC 9000 §7.3)
         * @return this
         */
        public Builder initialSourceConnectionId(ConnectionId v) {
            initialSourceConnectionId = v;
            return this;
        }

        /**
         * @param v 0x10, server only, after a Retry; {@code null} for absent
         * @return this
         */
        public Builder retrySourceConnectionId(ConnectionId v) {
            retrySourceConnectionId = v;
            return this;
        }

        /**
         * @param v 0x11; {@code null} for absent
         * @return this
         */
        public Builder versionInformation(VersionInformation v) {
            versionInformation = v;
            return this;
        }

        /**
         * @param v 0x20, bytes; 65535 is the RFC 9221 §3 recommendation for "any DATAGRAM frame that fits"
         * @return this
         */
        public Builder maxDatagramFrameSize(long v) {
            maxDatagramFrameSize = OptionalLong.of(v);
            return this;
        }

        /**
         * @param v 0x20; empty (the default) to announce no DATAGRAM support
         * @return this
         */
        public Builder maxDatagramFrameSize(OptionalLong v) {
            maxDatagramFrameSize = Objects.requireNonNull(v, "maxDatagramFrameSize");
            return this;
        }

        /** @return whether {@link #build()} would fail the preferred_address / zero-length CID rule */
        boolean preferredAddressWithZeroLengthCid() {
            return preferredAddress != null && initialSourceConnectionId != null
                    && initialSourceConnectionId.length() == 0;
        }

        /**
         * @return the parameters
         * @throws IllegalArgumentException naming the parameter and its allowed range if one is invalid
         */
        public TransportParameters build() {
            return new TransportParameters(Optional.ofNullable(originalDestinationConnectionId), maxIdleTimeout,
                    Optional.ofNullable(statelessResetToken), maxUdpPayloadSize, initialMaxData,
                    initialMaxStreamDataBidiLocal, initialMaxStreamDataBidiRemote, initialMaxStreamDataUni,
                    initialMaxStreamsBidi, initialMaxStreamsUni, ackDelayExponent, maxAckDelay,
                    disableActiveMigration, Optional.ofNullable(preferredAddress), activeConnectionIdLimit,
                    Optional.ofNullable(initialSourceConnectionId), Optional.ofNullable(retrySourceConnectionId),
                    Optional.ofNullable(versionInformation), maxDatagramFrameSize);
        }
    }
}
