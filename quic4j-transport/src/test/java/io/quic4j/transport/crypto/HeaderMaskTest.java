package io.quic4j.transport.crypto;

import static io.quic4j.transport.crypto.RfcVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CipherSuite;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9001 §5.4.3 and §5.4.4, checked with the masks of the A.2, A.3 and A.5 samples. */
class HeaderMaskTest {

    static Stream<RfcVectors.Version> versions() {
        return Stream.of(RfcVectors.V1, RfcVectors.V2);
    }

    private static String mask(CipherSuite suite, String key, String sample) {
        byte[] mask = new byte[16];
        HeaderMask.create(suite, hex(key)).compute(hex(sample), mask);
        return HexFormat.of().formatHex(mask, 0, 5);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aesMaskIsAesEcbOfSample(RfcVectors.Version v) {
        assertThat(mask(CipherSuite.TLS_AES_128_GCM_SHA256, v.clientHp(), v.clientInitialSample()))
                .isEqualTo(v.clientInitialMask());
        assertThat(mask(CipherSuite.TLS_AES_128_GCM_SHA256, v.serverHp(), v.serverInitialSample()))
                .isEqualTo(v.serverInitialMask());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void chaChaMaskUsesSampleAsCounterAndNonce(RfcVectors.Version v) {
        assertThat(mask(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, v.chachaHp(), v.chachaSample()))
                .isEqualTo(v.chachaMask());
    }

    /** The same sample twice must work: the ChaCha20 mask runs in DECRYPT_MODE to avoid the JDK's reuse check. */
    @Test
    void chaChaMaskAcceptsARepeatedSample() {
        HeaderMask chacha = HeaderMask.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, hex(RfcVectors.V1.chachaHp()));
        byte[] first = new byte[16];
        byte[] second = new byte[16];
        chacha.compute(hex(RfcVectors.V1.chachaSample()), first);
        chacha.compute(hex(RfcVectors.V1.chachaSample()), second);
        assertThat(second).isEqualTo(first);
    }

    /** Why DECRYPT_MODE is safe: the raw ChaCha20 keystream is the same in both modes. */
    @Test
    void jdkChaCha20DecryptModeYieldsTheEncryptKeystream() throws Exception {
        byte[] key = hex(RfcVectors.V1.chachaHp());
        byte[] nonce = Arrays.copyOfRange(hex(RfcVectors.V1.chachaSample()), 4, 16);
        Cipher enc = Cipher.getInstance("ChaCha20");
        enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, -7));
        Cipher dec = Cipher.getInstance("ChaCha20");
        dec.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, -7));
        assertThat(dec.doFinal(new byte[64])).isEqualTo(enc.doFinal(new byte[64]));
    }
}
