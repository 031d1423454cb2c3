package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.crypto.PacketKeys;
import io.quic4j.transport.wire.QuicVersion;
import org.junit.jupiter.api.Test;

/** The key phase rules of RFC 9001 §6, on the key holder alone. */
class OneRttKeysTest {
    static final long PTO3 = 300;

    static OneRttKeys keys() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[0] = 1;
        return new OneRttKeys(PacketKeys.fromSecret(QuicVersion.V1, CipherSuite.TLS_AES_128_GCM_SHA256, a),
                PacketKeys.fromSecret(QuicVersion.V1, CipherSuite.TLS_AES_128_GCM_SHA256, b));
    }

    @Test
    void noUpdateBeforeAPacketOfTheCurrentPhaseIsAcknowledged() {
        OneRttKeys k = keys();
        assertThat(k.canInitiate(0)).isFalse();
        k.onPacketSent(0);
        assertThat(k.canInitiate(0)).as("sent but not acknowledged (RFC 9001 §6.1)").isFalse();
        k.onAckReceived(0);
        assertThat(k.canInitiate(0)).isTrue();
    }

    @Test
    void afterAnUpdateTheNextWaitsForAnAckOfTheNewPhaseAndTheOldKeysToGo() {
        OneRttKeys k = keys();
        k.onPacketSent(0);
        k.onAckReceived(0);
        k.initiate(1000, PTO3);
        assertThat(k.phase()).isTrue();
        k.onPacketSent(1);
        // An acknowledgment of an old-phase packet does not count.
        k.onAckReceived(0);
        assertThat(k.canInitiate(1000)).isFalse();
        k.onAckReceived(1);
        assertThat(k.canInitiate(1000)).as("old read keys still held for 3 PTO").isFalse();
        assertThat(k.canInitiate(1000 + PTO3)).isTrue();
    }

    @Test
    void thePeersUpdateIsAnsweredWithNewWriteKeys() {
        OneRttKeys k = keys();
        k.onOpened(k.choose(false, 5), 5, 0, PTO3);
        OneRttKeys.Choice c = k.choose(true, 6);
        assertThat(c).isEqualTo(OneRttKeys.Choice.NEXT);
        assertThat(k.onOpened(c, 6, 10, PTO3)).as("a peer-initiated update").isTrue();
        // RFC 9001 §6.2: "the endpoint MUST update its send keys to the corresponding key phase in response".
        assertThat(k.phase()).isTrue();
        assertThat(k.updates()).isEqualTo(1);
    }

    @Test
    void reorderedPacketsOfThePreviousPhaseUseTheOldKeysUntilTheyAreDiscarded() {
        OneRttKeys k = keys();
        k.onOpened(OneRttKeys.Choice.CURRENT, 5, 0, PTO3);
        k.onOpened(OneRttKeys.Choice.NEXT, 10, 10, PTO3);
        // Packet 7 was sent before the update: old phase bit, a number below the first of the new phase.
        assertThat(k.choose(false, 7)).isEqualTo(OneRttKeys.Choice.PREVIOUS);
        k.onTimeout(10 + PTO3);
        // RFC 9001 §6.5: after about 3 PTO the old keys are gone; the bit now means the next phase.
        assertThat(k.choose(false, 7)).isEqualTo(OneRttKeys.Choice.NEXT);
    }
}
