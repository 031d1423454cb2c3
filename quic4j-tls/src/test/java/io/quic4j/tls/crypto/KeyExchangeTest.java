package io.quic4j.tls.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key exchange (RFC 8446 §4.2.8, §7.4; draft-ietf-tls-ecdhe-mlkem): agreement and share validation. */
class KeyExchangeTest {
    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void clientAndServerAgreeWithSharesOfTheSpecifiedLength(NamedGroup group) {
        KeyExchange.ClientShare client = KeyExchange.offer(group, random);
        assertThat(client.share()).hasSize(group.clientShareLength());
        KeyExchange.ServerShare server = KeyExchange.respond(group, ByteBuffer.wrap(client.share()), random);
        assertThat(server.share()).hasSize(group.serverShareLength());
        assertThat(client.complete(ByteBuffer.wrap(server.share()))).isEqualTo(server.sharedSecret());
        int secretLength = switch (group) {
            case X25519 -> 32;
            case SECP256R1 -> 32;
            case X25519MLKEM768 -> 64;
        };
        assertThat(server.sharedSecret()).hasSize(secretLength);
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void rejectsClientShareOfWrongLengthWithIllegalParameter(NamedGroup group) {
        assertAlert(() -> KeyExchange.respond(group, ByteBuffer.allocate(group.clientShareLength() - 1), random),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void rejectsServerShareOfWrongLengthWithIllegalParameter(NamedGroup group) {
        KeyExchange.ClientShare client = KeyExchange.offer(group, random);
        assertAlert(() -> client.complete(ByteBuffer.allocate(group.serverShareLength() + 1)),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    /** RFC 8446 §4.2.8.2: only the uncompressed point form is allowed. */
    @Test
    void rejectsP256PointNotInUncompressedFormWithIllegalParameter() {
        byte[] share = KeyExchange.offer(NamedGroup.SECP256R1, random).share();
        share[0] = 2;
        assertAlert(() -> KeyExchange.respond(NamedGroup.SECP256R1, ByteBuffer.wrap(share), random),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    /** RFC 8446 §4.2.8.2: receivers validate that the point is on the curve. */
    @Test
    void rejectsP256PointOffTheCurveWithIllegalParameter() {
        byte[] share = KeyExchange.offer(NamedGroup.SECP256R1, random).share();
        share[64] ^= 1;
        assertAlert(() -> KeyExchange.respond(NamedGroup.SECP256R1, ByteBuffer.wrap(share), random),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    /** RFC 8446 §7.4.2: an all-zero X25519 result (small-order point) aborts the handshake. */
    @Test
    void rejectsX25519SmallOrderPointWithIllegalParameter() {
        assertAlert(() -> KeyExchange.respond(NamedGroup.X25519, ByteBuffer.allocate(32), random),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsHybridWithSmallOrderX25519PartWithIllegalParameter() {
        byte[] share = KeyExchange.offer(NamedGroup.X25519MLKEM768, random).share();
        java.util.Arrays.fill(share, 1184, 1216, (byte) 0);
        assertAlert(() -> KeyExchange.respond(NamedGroup.X25519MLKEM768, ByteBuffer.wrap(share), random),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    /** FIPS 203 §7.2: an encapsulation key with coefficients ≥ q fails the modulus check. */
    @Test
    void rejectsMlKemEncapsulationKeyFailingModulusCheckWithIllegalParameter() {
        byte[] share = KeyExchange.offer(NamedGroup.X25519MLKEM768, random).share();
        java.util.Arrays.fill(share, 0, 384, (byte) 0xff);
        assertAlert(() -> KeyExchange.respond(NamedGroup.X25519MLKEM768, ByteBuffer.wrap(share), random),
                TlsAlert.ILLEGAL_PARAMETER);
    }

    /** draft-ietf-tls-ecdhe-mlkem: the shared secret is the ML-KEM secret followed by the X25519 secret. */
    @Test
    void hybridSecretIsMlKemThenX25519() {
        KeyExchange.ClientShare client = KeyExchange.offer(NamedGroup.X25519MLKEM768, random);
        KeyExchange.ServerShare server = KeyExchange.respond(NamedGroup.X25519MLKEM768, ByteBuffer.wrap(client.share()),
                random);
        // the X25519 half alone, computed through the plain X25519 path with the same keys
        KeyExchange.ClientShare xOnly = new KeyExchange.ClientShare(NamedGroup.X25519,
                java.util.Arrays.copyOfRange(client.share(), 1184, 1216),
                new java.security.KeyPair[]{client.keys()[1]});
        byte[] x = xOnly.complete(ByteBuffer.wrap(server.share(), 1088, 32));
        assertThat(java.util.Arrays.copyOfRange(server.sharedSecret(), 32, 64)).isEqualTo(x);
    }

    static void assertAlert(Runnable r, TlsAlert alert) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TlsAlertException.class,
                e -> assertThat(e.alert()).as(e.getMessage()).isEqualTo(alert));
    }
}
