package io.quic4j.transport.crypto;

import static io.quic4j.transport.crypto.RfcVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9001 A.1 / A.5 and RFC 9369 A.1 / A.5: key derivation. */
class KeyDerivationTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<RfcVectors.Version> versions() {
        return Stream.of(RfcVectors.V1, RfcVectors.V2);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void derivesInitialSecretFromClientDestinationId(RfcVectors.Version v) {
        assertThat(HEX.formatHex(InitialKeys.initialSecret(v.version(), RfcVectors.DCID))).isEqualTo(v.initialSecret());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void derivesClientInitialKeys(RfcVectors.Version v) {
        PacketKeys client = InitialKeys.derive(v.version(), RfcVectors.DCID).client();
        assertThat(HEX.formatHex(client.secret())).isEqualTo(v.clientSecret());
        assertThat(HEX.formatHex(client.key())).isEqualTo(v.clientKey());
        assertThat(HEX.formatHex(client.iv())).isEqualTo(v.clientIv());
        assertThat(HEX.formatHex(client.headerProtectionKey())).isEqualTo(v.clientHp());
        assertThat(client.suite()).isEqualTo(CipherSuite.TLS_AES_128_GCM_SHA256);
        assertThat(client.version()).isEqualTo(v.version());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void derivesServerInitialKeys(RfcVectors.Version v) {
        PacketKeys server = InitialKeys.derive(v.version(), RfcVectors.DCID).server();
        assertThat(HEX.formatHex(server.secret())).isEqualTo(v.serverSecret());
        assertThat(HEX.formatHex(server.key())).isEqualTo(v.serverKey());
        assertThat(HEX.formatHex(server.iv())).isEqualTo(v.serverIv());
        assertThat(HEX.formatHex(server.headerProtectionKey())).isEqualTo(v.serverHp());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void sendingAndReceivingKeysAreTheTwoDirections(RfcVectors.Version v) {
        InitialKeys keys = InitialKeys.derive(v.version(), RfcVectors.DCID);
        assertThat(keys.sending(true)).isSameAs(keys.client());
        assertThat(keys.receiving(true)).isSameAs(keys.server());
        assertThat(keys.sending(false)).isSameAs(keys.server());
        assertThat(keys.receiving(false)).isSameAs(keys.client());
    }

    /** A.5: key, iv and hp from a ChaCha20-Poly1305 application secret, and the "quic ku" secret. */
    @ParameterizedTest
    @MethodSource("versions")
    void derivesChaChaKeysAndNextSecret(RfcVectors.Version v) {
        PacketKeys keys = PacketKeys.fromSecret(v.version(), CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                RfcVectors.CHACHA_SECRET);
        assertThat(HEX.formatHex(keys.key())).isEqualTo(v.chachaKey());
        assertThat(HEX.formatHex(keys.iv())).isEqualTo(v.chachaIv());
        assertThat(HEX.formatHex(keys.headerProtectionKey())).isEqualTo(v.chachaHp());
        assertThat(HEX.formatHex(keys.nextGeneration().secret())).isEqualTo(v.chachaKu());
    }

    /** RFC 9001 §5.2 note: after a Retry with an empty SCID the Destination Connection ID may be empty. */
    @Test
    void derivesInitialKeysFromEmptyConnectionId() {
        InitialKeys keys = InitialKeys.derive(QuicVersion.V1, ConnectionId.EMPTY);
        assertThat(keys.client().key()).hasSize(16).isNotEqualTo(keys.server().key());
    }

    @Test
    void aes256KeysUseSha384AndLongKeys() {
        byte[] secret = new byte[48];
        PacketKeys keys = PacketKeys.fromSecret(QuicVersion.V1, CipherSuite.TLS_AES_256_GCM_SHA384, secret);
        assertThat(keys.key()).hasSize(32);
        assertThat(keys.headerProtectionKey()).hasSize(32);
        assertThat(keys.iv()).hasSize(12);
        assertThat(keys.nextGeneration().secret()).hasSize(48);
    }

    @Test
    void rejectsSecretOfWrongLengthForSuite() {
        assertThatThrownBy(() -> PacketKeys.fromSecret(QuicVersion.V1, CipherSuite.TLS_AES_256_GCM_SHA384,
                new byte[32])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48-byte");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        PacketKeys keys = PacketKeys.fromSecret(QuicVersion.V1, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                RfcVectors.CHACHA_SECRET);
        assertThat(keys.toString()).doesNotContain("9ac312").doesNotContain("c6d98f")
                .isEqualTo("PacketKeys[V1, TLS_CHACHA20_POLY1305_SHA256]");
    }

    @Test
    void accessorsReturnCopies() {
        PacketKeys keys = InitialKeys.derive(QuicVersion.V1, RfcVectors.DCID).client();
        keys.key()[0] ^= 1;
        keys.secret()[0] ^= 1;
        assertThat(HEX.formatHex(keys.key())).isEqualTo(RfcVectors.V1.clientKey());
        assertThat(HEX.formatHex(keys.secret())).isEqualTo(RfcVectors.V1.clientSecret());
    }

    /** RFC 9001 §6.6 limits. */
    @Test
    void suitesCarryRfc9001Section6_6Limits() {
        assertThat(AeadSpec.confidentialityLimit(CipherSuite.TLS_AES_128_GCM_SHA256)).isEqualTo(1L << 23);
        assertThat(AeadSpec.integrityLimit(CipherSuite.TLS_AES_128_GCM_SHA256)).isEqualTo(1L << 52);
        assertThat(AeadSpec.confidentialityLimit(CipherSuite.TLS_AES_256_GCM_SHA384)).isEqualTo(1L << 23);
        assertThat(AeadSpec.integrityLimit(CipherSuite.TLS_AES_256_GCM_SHA384)).isEqualTo(1L << 52);
        assertThat(AeadSpec.confidentialityLimit(CipherSuite.TLS_CHACHA20_POLY1305_SHA256)).isEqualTo(1L << 62);
        assertThat(AeadSpec.integrityLimit(CipherSuite.TLS_CHACHA20_POLY1305_SHA256)).isEqualTo(1L << 36);
    }

    @Test
    void v2SecretUsesV2Labels() {
        byte[] v1 = PacketKeys.fromSecret(QuicVersion.V1, CipherSuite.TLS_AES_128_GCM_SHA256, hex(
                RfcVectors.V1.clientSecret())).key();
        byte[] v2 = PacketKeys.fromSecret(QuicVersion.V2, CipherSuite.TLS_AES_128_GCM_SHA256, hex(
                RfcVectors.V1.clientSecret())).key();
        assertThat(v1).isNotEqualTo(v2);
    }
}
