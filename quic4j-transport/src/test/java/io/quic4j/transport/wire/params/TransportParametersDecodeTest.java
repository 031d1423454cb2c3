package io.quic4j.transport.wire.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every receive-side rule of RFC 9000 §7.4 and §18, RFC 9221 §3 and RFC 9368 §4, one test each. */
class TransportParametersDecodeTest {

    private static final String TOKEN = "00".repeat(16);
    /** A valid preferred_address value with a 4-byte connection ID: 41 + 4 = 45 bytes. */
    private static final String PREFERRED = "c0000201" + "1151" + "00".repeat(16) + "0000" + "04" + "01020304" + TOKEN;

    // --- framing ---

    @Test
    void rejectsTruncatedId() {
        assertRejected("40", Role.SERVER);
    }

    @Test
    void rejectsTruncatedLength() {
        assertRejected("04" + "80", Role.SERVER);
    }

    @Test
    void rejectsMissingLength() {
        assertRejected("04", Role.SERVER);
    }

    @Test
    void rejectsLengthPastEndOfBuffer() {
        assertRejected("04" + "05" + "01", Role.SERVER);
    }

    @Test
    void rejectsHugeLength() {
        assertRejected("04" + "c0ffffffffffffff" + "01", Role.SERVER);
    }

    /** RFC 9000 §18.2: integer parameters are one varint; trailing bytes make the value invalid. */
    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0e, 0x20})
    void rejectsIntegerParameterWithTrailingBytes(int id) {
        // A value valid for the parameter (1200 fits every range but ack_delay_exponent and max_ack_delay),
        // then one stray byte inside the declared length.
        String value = id == 0x0a || id == 0x0b ? "02" : "44b0";
        assertRejected(hex(id) + hex(value.length() / 2 + 1) + value + "00", Role.SERVER);
    }

    @Test
    void rejectsIntegerParameterTruncatedInsideItsValue() {
        assertRejected("04" + "01" + "40", Role.SERVER);
    }

    @Test
    void rejectsEmptyIntegerParameter() {
        assertRejected("04" + "00", Role.SERVER);
    }

    // --- duplicates (RFC 9000 §7.4) ---

    /** RFC 9000 §7.4: "An endpoint MUST NOT send a parameter more than once". */
    @Test
    void rejectsDuplicateKnownParameter() {
        assertRejected("0401" + "01" + "0901" + "03" + "0401" + "01", Role.SERVER);
    }

    /** quic4j applies §7.4's duplicate rule to every id, known or not. */
    @Test
    void rejectsDuplicateUnknownParameter() {
        assertRejected("4abc" + "00" + "0401" + "01" + "4abc" + "01" + "ff", Role.CLIENT);
    }

    @Test
    void rejectsDuplicateGreaseParameter() {
        assertRejected("1b00" + "1b0100", Role.CLIENT);
    }

    // --- unknown and reserved parameters (RFC 9000 §7.4.2, §18.1) ---

    @Test
    void skipsUnknownParameters() {
        TransportParameters p = decode("4abc" + "03" + "010203" + "0901" + "03" + "3f" + "00", Role.CLIENT);
        assertThat(p).isEqualTo(TransportParameters.builder().initialMaxStreamsUni(3).build());
    }

    @Test
    void skipsReservedParametersWhateverTheirValue() {
        // 27 = 31*0+27 and 3127 = 31*100+27, a 2-byte varint 0x4000|0x0c37.
        assertThat(TransportParameterId.isReserved(27)).isTrue();
        assertThat(TransportParameterId.isReserved(3127)).isTrue();
        TransportParameters p = decode("1b" + "04" + "ffffffff" + "4c37" + "00" + "0e0104", Role.SERVER);
        assertThat(p.activeConnectionIdLimit()).isEqualTo(4);
    }

    // --- server-only parameters (RFC 9000 §18.2) ---

    @ParameterizedTest
    @EnumSource(value = TransportParameterId.class, names = {"ORIGINAL_DESTINATION_CONNECTION_ID",
            "STATELESS_RESET_TOKEN", "PREFERRED_ADDRESS",
            "RETRY_SOURCE_CONNECTION_ID"})
    void rejectsServerOnlyParameterFromClient(TransportParameterId id) {
        String value = switch (id) {
            case STATELESS_RESET_TOKEN -> TOKEN;
            case PREFERRED_ADDRESS -> PREFERRED;
            default -> "0102";
        };
        String encoded = hex(id.id()) + hex(value.length() / 2) + value;
        assertThat(decode(encoded, Role.SERVER)).isNotNull();
        assertRejected(encoded, Role.CLIENT);
    }

    // --- individual values (RFC 9000 §18.2) ---

    @ParameterizedTest
    @ValueSource(ints = {0, 15, 17})
    void rejectsStatelessResetTokenNot16Bytes(int length) {
        assertRejected("02" + hex(length) + "ab".repeat(length), Role.SERVER);
    }

    @Test
    void rejectsMaxUdpPayloadSizeBelow1200() {
        assertRejected("0302" + "44af", Role.SERVER); // 1199
        assertThat(decode("0302" + "44b0", Role.SERVER).maxUdpPayloadSize()).isEqualTo(1200);
    }

    @Test
    void rejectsAckDelayExponentAbove20() {
        assertRejected("0a01" + "15", Role.SERVER); // 21
        assertThat(decode("0a01" + "14", Role.SERVER).ackDelayExponent()).isEqualTo(20);
    }

    @Test
    void rejectsMaxAckDelayOf2To14OrMore() {
        assertRejected("0b04" + "80004000", Role.SERVER); // 16384
        assertThat(decode("0b02" + "7fff", Role.SERVER).maxAckDelay()).isEqualTo(Duration.ofMillis(16383));
    }

    /** RFC 9000 §4.6: a max_streams parameter above 2^60 is a TRANSPORT_PARAMETER_ERROR. */
    @ParameterizedTest
    @ValueSource(ints = {0x08, 0x09})
    void rejectsInitialMaxStreamsAbove2To60(int id) {
        assertRejected(hex(id) + "08" + "d000000000000001", Role.SERVER); // 2^60 + 1
        TransportParameters atLimit = decode(hex(id) + "08" + "d000000000000000", Role.SERVER);
        assertThat(id == 0x08 ? atLimit.initialMaxStreamsBidi() : atLimit.initialMaxStreamsUni())
                .isEqualTo(1L << 60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "01"})
    void rejectsActiveConnectionIdLimitBelow2(String value) {
        assertRejected("0e01" + value, Role.CLIENT);
    }

    @Test
    void rejectsDisableActiveMigrationWithValue() {
        assertRejected("0c01" + "00", Role.CLIENT);
        assertThat(decode("0c00", Role.CLIENT).disableActiveMigration()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x0f, 0x10})
    void rejectsConnectionIdLongerThan20Bytes(int id) {
        assertRejected(hex(id) + "15" + "ab".repeat(21), Role.SERVER);
        assertThat(decode(hex(id) + "14" + "ab".repeat(20), Role.SERVER)).isNotNull();
    }

    @Test
    void acceptsZeroLengthConnectionIds() {
        TransportParameters p = decode("0000" + "0f00" + "1000", Role.SERVER);
        assertThat(p.originalDestinationConnectionId()).contains(ConnectionId.EMPTY);
        assertThat(p.initialSourceConnectionId()).contains(ConnectionId.EMPTY);
        assertThat(p.retrySourceConnectionId()).contains(ConnectionId.EMPTY);
    }

    @Test
    void decodesPreferredAddress() {
        PreferredAddress a = decode("0d2d" + PREFERRED, Role.SERVER).preferredAddress().orElseThrow();
        assertThat(a.ipv4()).hasValueSatisfying(s -> assertThat(s.getPort()).isEqualTo(4433));
        assertThat(a.ipv6()).isEmpty();
        assertThat(a.connectionId()).isEqualTo(ConnectionId.ofHex("01020304"));
    }

    @Test
    void rejectsPreferredAddressShorterThanItsFixedFields() {
        assertRejected("0d29" + "00".repeat(41), Role.SERVER);
    }

    /** RFC 9000 §18.2: "a server MUST NOT include a zero-length connection ID in this transport parameter". */
    @Test
    void rejectsPreferredAddressWithZeroLengthConnectionId() {
        String value = "c0000201" + "1151" + "00".repeat(16) + "0000" + "00" + TOKEN;
        assertRejected("0d" + hex(value.length() / 2) + value, Role.SERVER);
    }

    @Test
    void rejectsPreferredAddressConnectionIdLongerThan20Bytes() {
        String value = "c0000201" + "1151" + "00".repeat(16) + "0000" + "15" + "ab".repeat(21) + TOKEN;
        assertRejected("0d" + hex(value.length() / 2) + value, Role.SERVER);
    }

    @Test
    void rejectsPreferredAddressWithConnectionIdLengthPastItsValue() {
        String value = "c0000201" + "1151" + "00".repeat(16) + "0000" + "08" + "01020304" + TOKEN;
        assertRejected("0d" + hex(value.length() / 2) + value, Role.SERVER);
    }

    @Test
    void rejectsPreferredAddressWithTrailingBytes() {
        assertRejected("0d2e" + PREFERRED + "00", Role.SERVER);
    }

    /** RFC 9000 §18.2: "A server that chooses a zero-length connection ID MUST NOT provide a preferred address." */
    @Test
    void rejectsPreferredAddressWithZeroLengthInitialSourceConnectionId() {
        assertRejected("0d2d" + PREFERRED + "0f00", Role.SERVER);
        assertRejected("0f00" + "0d2d" + PREFERRED, Role.SERVER);
        assertThat(decode("0d2d" + PREFERRED + "0f0101", Role.SERVER).preferredAddress()).isPresent();
    }

    /** RFC 9221 §3: max_datagram_frame_size is a single varint. */
    @Test
    void decodesMaxDatagramFrameSizeAsVarint() {
        assertThat(decode("2004" + "8000ffff", Role.CLIENT).maxDatagramFrameSize()).hasValue(65535);
        assertRejected("2001" + "40", Role.CLIENT);
        assertRejected("2002" + "0000", Role.CLIENT);
    }

    // --- version_information (RFC 9368 §4) ---

    @ParameterizedTest
    @ValueSource(strings = {"", "000000", "0000000100", "00000001000000"})
    void rejectsVersionInformationNotAPositiveMultipleOf4Bytes(String value) {
        assertRejected("11" + hex(value.length() / 2) + value, Role.SERVER);
    }

    @Test
    void rejectsVersionInformationWithChosenVersion0() {
        assertRejected("1108" + "00000000" + "00000001", Role.SERVER);
    }

    @Test
    void rejectsVersionInformationWithAvailableVersion0() {
        assertRejected("110c" + "00000001" + "00000001" + "00000000", Role.SERVER);
    }

    @Test
    void rejectsClientVersionInformationWithoutItsChosenVersion() {
        String encoded = "1108" + "00000001" + "6b3343cf";
        assertRejected(encoded, Role.CLIENT);
        assertThat(decode(encoded, Role.SERVER).versionInformation())
                .contains(VersionInformation.of(QuicVersion.V1.wire(), QuicVersion.V2.wire()));
    }

    @Test
    void acceptsServerVersionInformationWithNoAvailableVersions() {
        assertThat(decode("1104" + "6b3343cf", Role.SERVER).versionInformation())
                .contains(VersionInformation.of(QuicVersion.V2.wire()));
    }

    // --- fuzzing ---

    /** Random bytes either decode or raise QuicTransportException with TRANSPORT_PARAMETER_ERROR. */
    @Property
    void randomBytesOnlyRaiseTransportParameterError(@ForAll @Size(max = 200) byte[] bytes,
            @ForAll Role sender) {
        assertDecodesOrRejects(bytes, sender);
    }

    /** Valid encodings with one byte changed, or cut short, reach deeper into the value decoders. */
    @Property
    void mutatedValidEncodingsOnlyRaiseTransportParameterError(@ForAll("server") TransportParameters p,
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte replacement, @ForAll boolean cut) {
        ByteBuffer out = ByteBuffer.allocate(p.encodedLength());
        p.encode(out, Role.SERVER);
        byte[] bytes = out.array();
        if (bytes.length == 0) {
            return;
        }
        int index = where % bytes.length;
        if (cut) {
            bytes = Arrays.copyOf(bytes, index);
        } else {
            bytes[index] = replacement;
        }
        assertDecodesOrRejects(bytes, Role.SERVER);
        assertDecodesOrRejects(bytes, Role.CLIENT);
    }

    @Provide
    Arbitrary<TransportParameters> server() {
        return ParamArbitraries.parameters(Role.SERVER);
    }

    private static void assertDecodesOrRejects(byte[] bytes, Role sender) {
        try {
            TransportParameters.decode(ByteBuffer.wrap(bytes), sender);
        } catch (QuicTransportException e) {
            assertThat(e.error()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR);
        }
    }

    // --- helpers ---

    private static TransportParameters decode(String hex, Role sender) {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
        TransportParameters p = TransportParameters.decode(in, sender);
        assertThat(in.hasRemaining()).isFalse();
        return p;
    }

    private static void assertRejected(String hex, Role sender) {
        assertThatThrownBy(() -> TransportParameters.decode(ByteBuffer.wrap(HexFormat.of().parseHex(hex)), sender))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR));
    }

    /** A one-byte varint (ids and lengths below 64) as two hex digits. */
    private static String hex(long smallValue) {
        if (smallValue > 63) {
            throw new IllegalArgumentException("helper only writes 1-byte varints");
        }
        return String.format("%02x", smallValue);
    }
}
