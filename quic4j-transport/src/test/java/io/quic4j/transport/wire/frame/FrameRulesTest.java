package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.PacketType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 9000 §12.4 Table 3 ("Pkts" and "Spec" columns), §13.2, RFC 9002 §2 and RFC 9221 §5. */
class FrameRulesTest {

    /**
     * The "Pkts" column, transcribed: I = Initial, H = Handshake, 0 = 0-RTT, 1 = 1-RTT, _ = not allowed. One
     * deliberate difference: RETIRE_CONNECTION_ID (0x19) is "__01" in the table but §12.5 lists it among the
     * frames that cannot be sent in 0-RTT, so it is "___1" here.
     */
    @ParameterizedTest(name = "0x{0} in {1}")
    @CsvSource({
            "00, IH01", "01, IH01", "02, IH_1", "03, IH_1", "04, __01", "05, __01", "06, IH_1", "07, ___1",
            "08, __01", "09, __01", "0a, __01", "0b, __01", "0c, __01", "0d, __01", "0e, __01", "0f, __01",
            "10, __01", "11, __01", "12, __01", "13, __01", "14, __01", "15, __01", "16, __01", "17, __01",
            "18, __01", "19, ___1", "1a, __01", "1b, ___1", "1c, IH01", "1d, __01", "1e, ___1",
            "30, __01", "31, __01", "1f, ____", "3f, ____", "4000, ____"})
    void allowsFrameTypesInPacketTypesPerTable3(String type, String pkts) {
        long frameType = Long.parseLong(type, 16);
        assertThat(FrameRules.isAllowedIn(frameType, PacketType.INITIAL)).isEqualTo(pkts.charAt(0) == 'I');
        assertThat(FrameRules.isAllowedIn(frameType, PacketType.HANDSHAKE)).isEqualTo(pkts.charAt(1) == 'H');
        assertThat(FrameRules.isAllowedIn(frameType, PacketType.ZERO_RTT)).isEqualTo(pkts.charAt(2) == '0');
        assertThat(FrameRules.isAllowedIn(frameType, PacketType.ONE_RTT)).isEqualTo(pkts.charAt(3) == '1');
    }

    /** §12.5: "it is not possible to send the following frames in 0-RTT packets". */
    @Test
    void forbidsAckCryptoHandshakeDoneNewTokenPathResponseRetireCidInZeroRtt() {
        for (long type : new long[]{FrameType.ACK, FrameType.ACK_ECN, FrameType.CRYPTO, FrameType.HANDSHAKE_DONE,
                FrameType.NEW_TOKEN, FrameType.PATH_RESPONSE, FrameType.RETIRE_CONNECTION_ID}) {
            assertThat(FrameRules.isAllowedIn(type, PacketType.ZERO_RTT)).as(FrameType.name(type)).isFalse();
        }
    }

    /** §12.4: "Note that all frames can appear in 1-RTT packets." */
    @Test
    void allowsEveryKnownFrameInOneRtt() {
        for (long type = 0; type < 0x40; type++) {
            assertThat(FrameRules.isAllowedIn(type, PacketType.ONE_RTT)).as("0x%x", type)
                    .isEqualTo(FrameType.isKnown(type));
        }
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"RETRY", "VERSION_NEGOTIATION"})
    void allowsNoFrameInRetryOrVersionNegotiation(PacketType packetType) {
        for (long type = 0; type < 0x40; type++) {
            assertThat(FrameRules.isAllowedIn(type, packetType)).isFalse();
        }
    }

    /** §12.4: a frame in a packet type that forbids it is PROTOCOL_VIOLATION, reported against the frame. */
    @Test
    void rejectsFrameInForbiddenPacketTypeAsProtocolViolation() {
        assertThatThrownBy(() -> FrameRules.checkAllowed(FrameType.STREAM | 0x02, PacketType.HANDSHAKE))
                .isInstanceOfSatisfying(QuicTransportException.class, e -> {
                    assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                    assertThat(e.frameType()).isEqualTo(0x0a);
                });
        assertThatThrownBy(() -> FrameRules.checkAllowed(FrameType.CONNECTION_CLOSE_APP, PacketType.INITIAL))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        FrameRules.checkAllowed(FrameType.CONNECTION_CLOSE, PacketType.INITIAL);
        FrameRules.checkAllowed(FrameType.CRYPTO, PacketType.HANDSHAKE);
    }

    /** §13.2 / Table 3 "N": all frames but ACK, PADDING and CONNECTION_CLOSE are ack-eliciting. */
    @Test
    void ackElicitingIsEverythingButAckPaddingAndConnectionClose() {
        Set<Long> notEliciting = Set.of(0x00L, 0x02L, 0x03L, 0x1cL, 0x1dL);
        for (long type = 0; type < 0x40; type++) {
            if (FrameType.isKnown(type)) {
                assertThat(FrameRules.isAckEliciting(type)).as(FrameType.name(type))
                        .isEqualTo(!notEliciting.contains(type));
            }
        }
        assertThat(FrameRules.isAckEliciting(new PaddingFrame(5))).isFalse();
        assertThat(FrameRules.isAckEliciting(AckFrame.of(0, 0, 0))).isFalse();
        assertThat(FrameRules.isAckEliciting(ConnectionCloseFrame.application(0, ""))).isFalse();
        assertThat(FrameRules.isAckEliciting(PingFrame.INSTANCE)).isTrue();
        // RFC 9221 §5.2: DATAGRAM frames "are ack-eliciting"
        assertThat(FrameRules.isAckEliciting(FrameType.DATAGRAM)).isTrue();
    }

    /** RFC 9002 §2: in flight = ack-eliciting or PADDING; Table 3 "C" marks ACK. */
    @Test
    void paddingCountsInFlightButAckDoesNot() {
        assertThat(FrameRules.countsInFlight(new PaddingFrame(1))).isTrue();
        assertThat(FrameRules.countsInFlight(AckFrame.of(0, 0, 0))).isFalse();
        assertThat(FrameRules.countsInFlight(FrameType.ACK_ECN)).isFalse();
        assertThat(FrameRules.countsInFlight(PingFrame.INSTANCE)).isTrue();
        assertThat(FrameRules.countsInFlight(FrameType.DATAGRAM_LEN)).isTrue();
    }

    /** Table 3 "P" (§9.1) and "F". */
    @Test
    void probingFramesAreExactlyPaddingNewCidPathChallengeAndResponse() {
        Set<Long> probing = Set.of(0x00L, 0x18L, 0x1aL, 0x1bL);
        for (long type = 0; type < 0x40; type++) {
            assertThat(FrameRules.isProbing(type)).as("0x%x", type).isEqualTo(probing.contains(type));
            assertThat(FrameRules.isFlowControlled(type)).as("0x%x", type).isEqualTo(type >= 0x08 && type <= 0x0f);
        }
    }

    @Test
    void coversEveryPacketType() {
        for (PacketType packetType : EnumSet.allOf(PacketType.class)) {
            assertThat(FrameRules.isAllowedIn(FrameType.PING, packetType))
                    .isEqualTo(packetType != PacketType.RETRY && packetType != PacketType.VERSION_NEGOTIATION);
        }
    }
}
