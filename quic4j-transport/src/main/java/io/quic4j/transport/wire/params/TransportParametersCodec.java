package io.quic4j.transport.wire.params;

import static io.quic4j.transport.TransportError.TRANSPORT_PARAMETER_ERROR;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The wire form of {@link TransportParameters}: a sequence of (id, length, value) tuples, ids and
 * lengths as variable-length integers (RFC 9000 §18).
 */
final class TransportParametersCodec {
    private TransportParametersCodec() {
    }

    static int encodedLength(TransportParameters p, GreaseParameter grease) {
        int n = 0;
        n += cidLength(TransportParameterId.ORIGINAL_DESTINATION_CONNECTION_ID, p.originalDestinationConnectionId()
                .orElse(null));
        n += intLength(TransportParameterId.MAX_IDLE_TIMEOUT, p.maxIdleTimeout().toMillis(), 0);
        if (p.statelessResetToken().isPresent()) {
            n += header(TransportParameterId.STATELESS_RESET_TOKEN, StatelessResetToken.LENGTH);
        }
        n += intLength(TransportParameterId.MAX_UDP_PAYLOAD_SIZE, p.maxUdpPayloadSize(),
                TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        n += intLength(TransportParameterId.INITIAL_MAX_DATA, p.initialMaxData(), 0);
        n += intLength(TransportParameterId.INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, p.initialMaxStreamDataBidiLocal(), 0);
        n += intLength(TransportParameterId.INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, p.initialMaxStreamDataBidiRemote(),
                0);
        n += intLength(TransportParameterId.INITIAL_MAX_STREAM_DATA_UNI, p.initialMaxStreamDataUni(), 0);
        n += intLength(TransportParameterId.INITIAL_MAX_STREAMS_BIDI, p.initialMaxStreamsBidi(), 0);
        n += intLength(TransportParameterId.INITIAL_MAX_STREAMS_UNI, p.initialMaxStreamsUni(), 0);
        n += intLength(TransportParameterId.ACK_DELAY_EXPONENT, p.ackDelayExponent(),
                TransportParameters.DEFAULT_ACK_DELAY_EXPONENT);
        n += intLength(TransportParameterId.MAX_ACK_DELAY, p.maxAckDelay().toMillis(),
                TransportParameters.DEFAULT_MAX_ACK_DELAY.toMillis());
        if (p.disableActiveMigration()) {
            n += header(TransportParameterId.DISABLE_ACTIVE_MIGRATION, 0);
        }
        if (p.preferredAddress().isPresent()) {
            n += header(TransportParameterId.PREFERRED_ADDRESS, p.preferredAddress().get().encodedLength());
        }
        n += intLength(TransportParameterId.ACTIVE_CONNECTION_ID_LIMIT, p.activeConnectionIdLimit(),
                TransportParameters.MIN_ACTIVE_CONNECTION_ID_LIMIT);
        n += cidLength(TransportParameterId.INITIAL_SOURCE_CONNECTION_ID, p.initialSourceConnectionId().orElse(null));
        n += cidLength(TransportParameterId.RETRY_SOURCE_CONNECTION_ID, p.retrySourceConnectionId().orElse(null));
        if (p.versionInformation().isPresent()) {
            n += header(TransportParameterId.VERSION_INFORMATION, p.versionInformation().get().encodedLength());
        }
        if (p.maxDatagramFrameSize().isPresent()) {
            // Present even when 0: the sender chose to say so, and a round trip keeps it.
            n += intLength(TransportParameterId.MAX_DATAGRAM_FRAME_SIZE, p.maxDatagramFrameSize().getAsLong(), -1);
        }
        if (grease != null) {
            n += grease.encodedLength();
        }
        return n;
    }

    static void encode(TransportParameters p, ByteBuffer out, Role sender, GreaseParameter grease) {
        requireSendableBy(p, sender);
        putCid(out, TransportParameterId.ORIGINAL_DESTINATION_CONNECTION_ID, p.originalDestinationConnectionId()
                .orElse(null));
        putInt(out, TransportParameterId.MAX_IDLE_TIMEOUT, p.maxIdleTimeout().toMillis(), 0);
        if (p.statelessResetToken().isPresent()) {
            putHeader(out, TransportParameterId.STATELESS_RESET_TOKEN, StatelessResetToken.LENGTH);
            p.statelessResetToken().get().writeTo(out);
        }
        putInt(out, TransportParameterId.MAX_UDP_PAYLOAD_SIZE, p.maxUdpPayloadSize(),
                TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        putInt(out, TransportParameterId.INITIAL_MAX_DATA, p.initialMaxData(), 0);
        putInt(out, TransportParameterId.INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, p.initialMaxStreamDataBidiLocal(), 0);
        putInt(out, TransportParameterId.INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, p.initialMaxStreamDataBidiRemote(), 0);
        putInt(out, TransportParameterId.INITIAL_MAX_STREAM_DATA_UNI, p.initialMaxStreamDataUni(), 0);
        putInt(out, TransportParameterId.INITIAL_MAX_STREAMS_BIDI, p.initialMaxStreamsBidi(), 0);
        putInt(out, TransportParameterId.INITIAL_MAX_STREAMS_UNI, p.initialMaxStreamsUni(), 0);
        putInt(out, TransportParameterId.ACK_DELAY_EXPONENT, p.ackDelayExponent(),
                TransportParameters.DEFAULT_ACK_DELAY_EXPONENT);
        putInt(out, TransportParameterId.MAX_ACK_DELAY, p.maxAckDelay().toMillis(),
                TransportParameters.DEFAULT_MAX_ACK_DELAY.toMillis());
        if (p.disableActiveMigration()) {
            putHeader(out, TransportParameterId.DISABLE_ACTIVE_MIGRATION, 0);
        }
        if (p.preferredAddress().isPresent()) {
            PreferredAddress a = p.preferredAddress().get();
            putHeader(out, TransportParameterId.PREFERRED_ADDRESS, a.encodedLength());
            a.writeTo(out);
        }
        putInt(out, TransportParameterId.ACTIVE_CONNECTION_ID_LIMIT, p.activeConnectionIdLimit(),
                TransportParameters.MIN_ACTIVE_CONNECTION_ID_LIMIT);
        putCid(out, TransportParameterId.INITIAL_SOURCE_CONNECTION_ID, p.initialSourceConnectionId().orElse(null));
        putCid(out, TransportParameterId.RETRY_SOURCE_CONNECTION_ID, p.retrySourceConnectionId().orElse(null));
        if (p.versionInformation().isPresent()) {
            VersionInformation v = p.versionInformation().get();
            putHeader(out, TransportParameterId.VERSION_INFORMATION, v.encodedLength());
            v.writeTo(out);
        }
        if (p.maxDatagramFrameSize().isPresent()) {
            putInt(out, TransportParameterId.MAX_DATAGRAM_FRAME_SIZE, p.maxDatagramFrameSize().getAsLong(), -1);
        }
        if (grease != null) {
            grease.writeTo(out);
        }
    }

    private static void requireSendableBy(TransportParameters p, Role sender) {
        Objects.requireNonNull(sender, "sender");
        if (sender == Role.CLIENT) {
            // RFC 9000 §18.2: "A client MUST NOT include any server-only transport parameter".
            requireAbsent(p.originalDestinationConnectionId().isPresent(), "originalDestinationConnectionId");
            requireAbsent(p.statelessResetToken().isPresent(), "statelessResetToken");
            requireAbsent(p.preferredAddress().isPresent(), "preferredAddress");
            requireAbsent(p.retrySourceConnectionId().isPresent(), "retrySourceConnectionId");
        }
        p.versionInformation().ifPresent(v -> v.requireSendableBy(sender));
    }

    private static void requireAbsent(boolean present, String name) {
        if (present) {
            throw new IllegalArgumentException(
                    name + " is a server-only transport parameter (RFC 9000 §18.2): remove it from client parameters");
        }
    }

    private static int header(TransportParameterId id, int valueLength) {
        return VarInt.size(id.id()) + VarInt.size(valueLength) + valueLength;
    }

    private static int intLength(TransportParameterId id, long value, long defaultValue) {
        return value == defaultValue ? 0 : header(id, VarInt.size(value));
    }

    private static int cidLength(TransportParameterId id, ConnectionId cid) {
        return cid == null ? 0 : header(id, cid.length());
    }

    private static void putHeader(ByteBuffer out, TransportParameterId id, int valueLength) {
        VarInt.write(out, id.id());
        VarInt.write(out, valueLength);
    }

    private static void putInt(ByteBuffer out, TransportParameterId id, long value, long defaultValue) {
        if (value != defaultValue) {
            putHeader(out, id, VarInt.size(value));
            VarInt.write(out, value);
        }
    }

    private static void putCid(ByteBuffer out, TransportParameterId id, ConnectionId cid) {
        if (cid != null) {
            putHeader(out, id, cid.length());
            cid.writeTo(out);
        }
    }

    static TransportParameters decode(ByteBuffer in, Role sender) {
        Objects.requireNonNull(sender, "sender");
        TransportParameters.Builder b = TransportParameters.builder();
        long seen = 0;
        UnknownIds unknown = new UnknownIds();
        while (in.hasRemaining()) {
            long rawId = VarInt.read(in, TRANSPORT_PARAMETER_ERROR);
            long length = VarInt.read(in, TRANSPORT_PARAMETER_ERROR);
            if (length > in.remaining()) {
                throw error("transport parameter " + rawId + " declares " + length + " bytes, only " + in.remaining()
                        + " left");
            }
            ByteBuffer value = in.slice(in.position(), (int) length);
            in.position(in.position() + (int) length);
            TransportParameterId id = TransportParameterId.fromId(rawId);
            if (id == null) {
                // RFC 9000 §7.4.2: "An endpoint MUST ignore transport parameters that it does not support."
                // This covers the reserved 31 * N + 27 ids (§18.1).
                unknown.add(rawId);
                continue;
            }
            long bit = 1L << id.ordinal();
            if ((seen & bit) != 0) {
                // RFC 9000 §7.4: "An endpoint SHOULD treat receipt of duplicate transport parameters as a
                // connection error of type TRANSPORT_PARAMETER_ERROR."
                throw error("duplicate transport parameter " + name(id));
            }
            seen |= bit;
            if (id.serverOnly() && sender == Role.CLIENT) {
                // RFC 9000 §18.2: "A server MUST treat receipt of any of these transport parameters as a
                // connection error of type TRANSPORT_PARAMETER_ERROR."
                throw error(name(id) + " is server-only but was sent by a client");
            }
            decodeOne(b, id, value, sender);
        }
        unknown.requireDistinct();
        if (b.preferredAddressWithZeroLengthCid()) {
            // RFC 9000 §18.2: "A server that chooses a zero-length connection ID MUST NOT provide a
            // preferred address. [...] A client MUST treat a violation of these requirements as a
            // connection error of type TRANSPORT_PARAMETER_ERROR."
            throw error("preferred_address sent with a zero-length initial_source_connection_id");
        }
        return b.build();
    }

    private static void decodeOne(TransportParameters.Builder b, TransportParameterId id, ByteBuffer value,
            Role sender) {
        switch (id) {
            case ORIGINAL_DESTINATION_CONNECTION_ID -> b.originalDestinationConnectionId(cid(id, value));
            case MAX_IDLE_TIMEOUT -> b.maxIdleTimeout(Duration.ofMillis(varint(id, value)));
            case STATELESS_RESET_TOKEN -> {
                if (value.remaining() != StatelessResetToken.LENGTH) {
                    throw error("stateless_reset_token is " + value.remaining() + " bytes, must be 16");
                }
                b.statelessResetToken(StatelessResetToken.read(value));
            }
            case MAX_UDP_PAYLOAD_SIZE -> {
                long v = varint(id, value);
                if (v < TransportParameters.MIN_MAX_UDP_PAYLOAD_SIZE) {
                    // RFC 9000 §18.2: "Values below 1200 are invalid."
                    throw error("max_udp_payload_size " + v + " is below 1200");
                }
                b.maxUdpPayloadSize(v);
            }
            case INITIAL_MAX_DATA -> b.initialMaxData(varint(id, value));
            case INITIAL_MAX_STREAM_DATA_BIDI_LOCAL -> b.initialMaxStreamDataBidiLocal(varint(id, value));
            case INITIAL_MAX_STREAM_DATA_BIDI_REMOTE -> b.initialMaxStreamDataBidiRemote(varint(id, value));
            case INITIAL_MAX_STREAM_DATA_UNI -> b.initialMaxStreamDataUni(varint(id, value));
            case INITIAL_MAX_STREAMS_BIDI -> b.initialMaxStreamsBidi(maxStreams(id, value));
            case INITIAL_MAX_STREAMS_UNI -> b.initialMaxStreamsUni(maxStreams(id, value));
            case ACK_DELAY_EXPONENT -> {
                long v = varint(id, value);
                if (v > TransportParameters.MAX_ACK_DELAY_EXPONENT) {
                    // RFC 9000 §18.2: "Values above 20 are invalid."
                    throw error("ack_delay_exponent " + v + " is above 20");
                }
                b.ackDelayExponent((int) v);
            }
            case MAX_ACK_DELAY -> {
                long v = varint(id, value);
                if (v >= TransportParameters.MAX_ACK_DELAY_LIMIT_MILLIS) {
                    // RFC 9000 §18.2: "Values of 2^14 or greater are invalid."
                    throw error("max_ack_delay " + v + " ms is 2^14 or greater");
                }
                b.maxAckDelay(Duration.ofMillis(v));
            }
            case DISABLE_ACTIVE_MIGRATION -> {
                // RFC 9000 §18.2: "This parameter is a zero-length value."
                if (value.hasRemaining()) {
                    throw error("disable_active_migration must be empty, has " + value.remaining() + " bytes");
                }
                b.disableActiveMigration(true);
            }
            case PREFERRED_ADDRESS -> b.preferredAddress(PreferredAddress.read(value));
            case ACTIVE_CONNECTION_ID_LIMIT -> {
                long v = varint(id, value);
                if (v < TransportParameters.MIN_ACTIVE_CONNECTION_ID_LIMIT) {
                    // RFC 9000 §18.2: "An endpoint that receives a value less than 2 MUST close the
                    // connection with an error of type TRANSPORT_PARAMETER_ERROR."
                    throw error("active_connection_id_limit " + v + " is below 2");
                }
                b.activeConnectionIdLimit(v);
            }
            case INITIAL_SOURCE_CONNECTION_ID -> b.initialSourceConnectionId(cid(id, value));
            case RETRY_SOURCE_CONNECTION_ID -> b.retrySourceConnectionId(cid(id, value));
            case VERSION_INFORMATION -> b.versionInformation(VersionInformation.read(value, sender));
            case MAX_DATAGRAM_FRAME_SIZE -> b.maxDatagramFrameSize(varint(id, value));
        }
    }

    /** A variable-length integer that must fill the value exactly (RFC 9000 §18.2: "integer values"). */
    private static long varint(TransportParameterId id, ByteBuffer value) {
        long v = VarInt.read(value, TRANSPORT_PARAMETER_ERROR);
        if (value.hasRemaining()) {
            throw error(name(id) + " has " + value.remaining() + " bytes after its integer value");
        }
        return v;
    }

    private static long maxStreams(TransportParameterId id, ByteBuffer value) {
        long v = varint(id, value);
        if (v > TransportParameters.MAX_STREAMS) {
            // RFC 9000 §4.6: "If either is received, the connection MUST be closed immediately with a
            // connection error of type TRANSPORT_PARAMETER_ERROR if the offending value was received in a
            // transport parameter".
            throw error(name(id) + " " + v + " is above 2^60");
        }
        return v;
    }

    private static ConnectionId cid(TransportParameterId id, ByteBuffer value) {
        if (value.remaining() > ConnectionId.MAX_LENGTH) {
            throw error(name(id) + " is " + value.remaining() + " bytes, a connection ID has at most 20");
        }
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        return ConnectionId.of(bytes);
    }

    private static String name(TransportParameterId id) {
        return id.name().toLowerCase(Locale.ROOT);
    }

    private static QuicTransportException error(String message) {
        return QuicTransportException.of(TRANSPORT_PARAMETER_ERROR, message);
    }

    /**
     * Identifiers of skipped parameters, kept only to find duplicates among them. RFC 9000 §7.4 forbids
     * sending any parameter twice, known or not, so a repeated unknown id is as much a duplicate as a
     * repeated known one. Sorting instead of hashing keeps the check O(n log n) whatever ids a peer picks.
     */
    private static final class UnknownIds {
        private long[] ids = new long[8];
        private int count;

        void add(long id) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
            }
            ids[count++] = id;
        }

        void requireDistinct() {
            Arrays.sort(ids, 0, count);
            for (int i = 1; i < count; i++) {
                if (ids[i] == ids[i - 1]) {
                    throw error("duplicate transport parameter " + ids[i]);
                }
            }
        }
    }
}
