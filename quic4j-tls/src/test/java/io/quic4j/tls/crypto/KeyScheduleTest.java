package io.quic4j.tls.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CipherSuite;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * HKDF-Extract and HKDF-Expand-Label (RFC 8446 §7.1) against the RFC 9001 Appendix A vectors, which
 * use the same functions. The full key schedule is checked against OpenSSL's key log in
 * {@code OpenSslInteropTest}.
 */
class KeyScheduleTest {
    private static final HexFormat HEX = HexFormat.of();
    private final KeySchedule sha256 = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256);

    @Test
    void initialSecretsMatchRfc9001AppendixA1() {
        byte[] initial = sha256.extract(HEX.parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"),
                HEX.parseHex("8394c8f03e515708"));
        assertThat(HEX.formatHex(initial))
                .isEqualTo("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44");
        byte[] client = sha256.expandLabel(initial, "client in", new byte[0], 32);
        assertThat(HEX.formatHex(client)).isEqualTo("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
        assertThat(HEX.formatHex(sha256.expandLabel(client, "quic key", new byte[0], 16)))
                .isEqualTo("1f369613dd76d5467730efcbe3b1a22d");
        assertThat(HEX.formatHex(sha256.expandLabel(client, "quic iv", new byte[0], 12)))
                .isEqualTo("fa044b2f42a3fd3b46fb255c");
        byte[] server = sha256.expandLabel(initial, "server in", new byte[0], 32);
        assertThat(HEX.formatHex(server)).isEqualTo("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
        assertThat(HEX.formatHex(sha256.expandLabel(server, "quic hp", new byte[0], 16)))
                .isEqualTo("c206b8d9b9f0f37644430b490eeaa314");
    }

    @Test
    void chaChaSecretsMatchRfc9001AppendixA5() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        byte[] secret = HEX.parseHex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
        assertThat(HEX.formatHex(ks.expandLabel(secret, "quic key", new byte[0], 32)))
                .isEqualTo("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
        assertThat(HEX.formatHex(ks.expandLabel(secret, "quic ku", new byte[0], 32)))
                .isEqualTo("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9");
    }

    /** RFC 8446 §7.1: Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Hash(Messages), Hash.length). */
    @Test
    void deriveSecretIsExpandLabelOverTheTranscriptHash() {
        byte[] secret = new byte[32];
        byte[] hash = sha256.emptyHash();
        assertThat(sha256.deriveSecret(secret, "derived", hash))
                .isEqualTo(sha256.expandLabel(secret, "derived", hash, 32));
        assertThat(HEX.formatHex(hash)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /** RFC 8446 §7.1: the first Derive-Secret of the zero-PSK early secret (a constant every TLS 1.3 stack computes). */
    @Test
    void earlySecretWithoutPskMatchesKnownConstant() {
        byte[] early = sha256.earlySecret(null);
        assertThat(HEX.formatHex(early)).isEqualTo("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
        assertThat(HEX.formatHex(sha256.deriveSecret(early, "derived", sha256.emptyHash())))
                .isEqualTo("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    }

    /** RFC 8446 §4.4.4: verify_data = HMAC(finished_key, transcript hash). */
    @Test
    void finishedMacIsHmacUnderFinishedKey() throws Exception {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_256_GCM_SHA384);
        byte[] base = new byte[48];
        base[0] = 1;
        byte[] hash = MessageDigest.getInstance("SHA-384").digest(new byte[]{1, 2, 3});
        Mac mac = Mac.getInstance("HmacSHA384");
        mac.init(new SecretKeySpec(ks.expandLabel(base, "finished", new byte[0], 48), "HmacSHA384"));
        assertThat(ks.finishedMac(base, hash)).isEqualTo(mac.doFinal(hash)).hasSize(48);
    }

    /** RFC 8446 §4.4.1: after a HelloRetryRequest, ClientHello1 becomes message_hash(Hash(ClientHello1)). */
    @Test
    void transcriptReplacesFirstClientHelloWithMessageHash() throws Exception {
        byte[] ch1 = {1, 0, 0, 1, 42};
        byte[] hrr = {2, 0, 0, 1, 7};
        Transcript t = new Transcript();
        t.add(ch1);
        t.start("SHA-256");
        t.replaceWithMessageHash();
        t.add(hrr);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] inner = md.digest(ch1);
        md.update(new byte[]{(byte) 254, 0, 0, 32});
        md.update(inner);
        md.update(hrr);
        assertThat(t.hash()).isEqualTo(md.digest());
    }
}
