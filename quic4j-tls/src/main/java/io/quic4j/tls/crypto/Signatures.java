package io.quic4j.tls.crypto;

import io.quic4j.tls.SignatureScheme;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;

/**
 * CertificateVerify signatures (RFC 8446 §4.4.3) with the JDK's {@link Signature}: the signed
 * content, which schemes a key can make, signing and verifying.
 */
public final class Signatures {
    private static final byte[] SERVER_CONTEXT = "TLS 1.3, server CertificateVerify"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_CONTEXT = "TLS 1.3, client CertificateVerify"
            .getBytes(StandardCharsets.US_ASCII);

    private Signatures() {
    }

    /**
     * RFC 8446 §4.4.3: 64 spaces, the context string, a zero byte, then the transcript hash.
     *
     * @param server whether the server signs
     * @param transcriptHash Transcript-Hash(Handshake Context, Certificate)
     * @return the content covered by the signature
     */
    public static byte[] content(boolean server, byte[] transcriptHash) {
        byte[] context = server ? SERVER_CONTEXT : CLIENT_CONTEXT;
        byte[] out = new byte[64 + context.length + 1 + transcriptHash.length];
        Arrays.fill(out, 0, 64, (byte) 0x20);
        System.arraycopy(context, 0, out, 64, context.length);
        System.arraycopy(transcriptHash, 0, out, 64 + context.length + 1, transcriptHash.length);
        return out;
    }

    /**
     * @param key a public or private key
     * @return the CertificateVerify schemes that key can make, in our preference order
     */
    public static List<SignatureScheme> schemesFor(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> {
                int bits = key instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 0;
                yield switch (bits) {
                    case 256 -> List.of(SignatureScheme.ECDSA_SECP256R1_SHA256);
                    case 384 -> List.of(SignatureScheme.ECDSA_SECP384R1_SHA384);
                    default -> List.of();
                };
            }
            case "RSA" -> List.of(SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
                    SignatureScheme.RSA_PSS_RSAE_SHA512);
            case "Ed25519", "EdDSA" -> List.of(SignatureScheme.ED25519);
            default -> List.of();
        };
    }

    /**
     * @param scheme the scheme
     * @param key the private key
     * @param content the content from {@link #content(boolean, byte[])}
     * @param random randomness for ECDSA and PSS
     * @return the signature
     */
    public static byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] content, SecureRandom random) {
        try {
            Signature s = instance(scheme);
            s.initSign(key, random);
            s.update(content);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(TlsAlert.INTERNAL_ERROR, "cannot sign with " + scheme, e);
        }
    }

    /**
     * @param scheme the scheme the peer named
     * @param key the peer's certificate key
     * @param content the content from {@link #content(boolean, byte[])}
     * @param signature the peer's signature
     * @throws TlsAlertException illegal_parameter if the scheme does not fit the key, decrypt_error if
     *             the signature does not verify (RFC 8446 §4.4.3)
     */
    public static void verify(SignatureScheme scheme, PublicKey key, byte[] content, byte[] signature) {
        if (!schemesFor(key).contains(scheme)) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                    scheme + " does not match the certificate's " + key.getAlgorithm() + " key");
        }
        boolean ok;
        try {
            Signature s = instance(scheme);
            s.initVerify(key);
            s.update(content);
            ok = s.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false; // a malformed signature encoding is a failed verification
        }
        if (!ok) {
            throw new TlsAlertException(TlsAlert.DECRYPT_ERROR, "CertificateVerify signature does not verify");
        }
    }

    private static Signature instance(SignatureScheme scheme) throws GeneralSecurityException {
        return switch (scheme) {
            case ECDSA_SECP256R1_SHA256 -> Signature.getInstance("SHA256withECDSA");
            case ECDSA_SECP384R1_SHA384 -> Signature.getInstance("SHA384withECDSA");
            case RSA_PSS_RSAE_SHA256 -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case RSA_PSS_RSAE_SHA384 -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case RSA_PSS_RSAE_SHA512 -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            case ED25519 -> Signature.getInstance("Ed25519");
            case RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512 -> throw new TlsAlertException(
                    TlsAlert.ILLEGAL_PARAMETER, scheme + " is not allowed in CertificateVerify (RFC 8446 §4.2.3)");
        };
    }

    private static Signature pss(String hash, MGF1ParameterSpec mgf, int saltLength) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        // RFC 8446 §4.2.3: "The length of the Salt MUST be equal to the length of the output of the digest algorithm"
        s.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC));
        return s;
    }
}
