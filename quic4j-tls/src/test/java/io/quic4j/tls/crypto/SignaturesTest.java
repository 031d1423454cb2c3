package io.quic4j.tls.crypto;

import static io.quic4j.tls.crypto.KeyExchangeTest.assertAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.SignatureScheme;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CertificateVerify signatures (RFC 8446 §4.4.3). */
class SignaturesTest {
    private final SecureRandom random = new SecureRandom();

    static Stream<Arguments> schemes() {
        return Stream.of(Arguments.of("server-ecdsa", SignatureScheme.ECDSA_SECP256R1_SHA256),
                Arguments.of("server-p384", SignatureScheme.ECDSA_SECP384R1_SHA384),
                Arguments.of("server-rsa", SignatureScheme.RSA_PSS_RSAE_SHA256),
                Arguments.of("server-rsa", SignatureScheme.RSA_PSS_RSAE_SHA384),
                Arguments.of("server-rsa", SignatureScheme.RSA_PSS_RSAE_SHA512),
                Arguments.of("server-ed25519", SignatureScheme.ED25519));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("schemes")
    void signsAndVerifiesEveryHandshakeScheme(String cert, SignatureScheme scheme) {
        CertificateCredentials c = TestPki.credentials(cert);
        byte[] content = Signatures.content(true, new byte[32]);
        byte[] sig = Signatures.sign(scheme, c.privateKey(), content, random);
        Signatures.verify(scheme, c.chain().getFirst().getPublicKey(), content, sig);
        sig[sig.length / 2] ^= 1;
        assertAlert(() -> Signatures.verify(scheme, c.chain().getFirst().getPublicKey(), content, sig),
                TlsAlert.DECRYPT_ERROR);
    }

    @Test
    void signatureOverServerContextDoesNotVerifyAsClient() {
        CertificateCredentials c = TestPki.credentials("server-ecdsa");
        byte[] sig = Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, c.privateKey(),
                Signatures.content(true, new byte[32]), random);
        assertAlert(() -> Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, c.chain().getFirst().getPublicKey(),
                Signatures.content(false, new byte[32]), sig), TlsAlert.DECRYPT_ERROR);
    }

    @Test
    void rejectsSchemeThatDoesNotFitTheKeyWithIllegalParameter() {
        CertificateCredentials c = TestPki.credentials("server-ecdsa");
        assertAlert(() -> Signatures.verify(SignatureScheme.ED25519, c.chain().getFirst().getPublicKey(), new byte[1],
                new byte[64]), TlsAlert.ILLEGAL_PARAMETER);
        assertAlert(() -> Signatures.verify(SignatureScheme.ECDSA_SECP384R1_SHA384, c.chain().getFirst().getPublicKey(),
                new byte[1], new byte[64]), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void rejectsRsaPkcs1InCertificateVerifyWithIllegalParameter() {
        CertificateCredentials c = TestPki.credentials("server-rsa");
        assertThat(Signatures.schemesFor(c.privateKey())).doesNotContain(SignatureScheme.RSA_PKCS1_SHA256);
        assertAlert(() -> Signatures.verify(SignatureScheme.RSA_PKCS1_SHA256, c.chain().getFirst().getPublicKey(),
                new byte[1], new byte[256]), TlsAlert.ILLEGAL_PARAMETER);
    }

    @Test
    void malformedEcdsaSignatureIsDecryptError() {
        CertificateCredentials c = TestPki.credentials("server-ecdsa");
        assertAlert(() -> Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, c.chain().getFirst().getPublicKey(),
                new byte[1], new byte[]{0x30, 0x01}), TlsAlert.DECRYPT_ERROR);
    }

    /** RFC 8446 §4.4.3: 64 × 0x20, the context string, 0x00, the transcript hash. */
    @Test
    void contentIsPaddingContextZeroAndHash() {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 9);
        byte[] content = Signatures.content(false, hash);
        byte[] context = "TLS 1.3, client CertificateVerify".getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOfRange(content, 0, 64)).containsOnly((byte) 0x20);
        assertThat(Arrays.copyOfRange(content, 64, 64 + context.length)).isEqualTo(context);
        assertThat(content[64 + context.length]).isZero();
        assertThat(Arrays.copyOfRange(content, 65 + context.length, content.length)).isEqualTo(hash);
    }

    @Test
    void schemesForKeysFollowTheirType() {
        assertThat(Signatures.schemesFor(TestPki.credentials("server-p384").privateKey()))
                .isEqualTo(List.of(SignatureScheme.ECDSA_SECP384R1_SHA384));
        assertThat(Signatures.schemesFor(TestPki.credentials("server-ed25519").privateKey()))
                .isEqualTo(List.of(SignatureScheme.ED25519));
    }
}
