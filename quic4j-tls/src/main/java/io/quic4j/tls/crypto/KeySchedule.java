package io.quic4j.tls.crypto;

import io.quic4j.tls.CipherSuite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.3 key schedule (RFC 8446 §7.1) for one cipher suite: HKDF through the JDK's
 * {@link KDF}, HKDF-Expand-Label, Derive-Secret, the Finished and binder MACs (§4.4.4, §4.2.11.2)
 * and the resumption PSK (§4.6.1). Stateless apart from the JCA objects; one instance per engine.
 */
public final class KeySchedule {
    private static final byte[] LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private final CipherSuite suite;
    private final KDF kdf;
    private final Mac mac;
    private final byte[] emptyHash;

    /** @param suite the negotiated suite, which fixes the hash */
    public KeySchedule(CipherSuite suite) {
        this.suite = suite;
        String hash = suite.hashAlgorithm().replace("-", "");
        try {
            this.mac = Mac.getInstance("Hmac" + hash);
            this.kdf = Providers.kdf("HKDF-" + hash, mac.getProvider());
            this.emptyHash = MessageDigest.getInstance(suite.hashAlgorithm()).digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + hash + " HKDF/HMAC", e);
        }
    }

    /** @return the suite */
    public CipherSuite suite() {
        return suite;
    }

    /** @return the hash length in bytes */
    public int hashLength() {
        return suite.hashLength();
    }

    /** @return Transcript-Hash("") */
    public byte[] emptyHash() {
        return emptyHash.clone();
    }

    /**
     * HKDF-Extract (RFC 5869 §2.2).
     *
     * @param salt the salt
     * @param ikm the input keying material
     * @return the PRK, hash-length bytes
     */
    public byte[] extract(byte[] salt, byte[] ikm) {
        try {
            return kdf.deriveData(HKDFParameterSpec.ofExtract().addSalt(salt).addIKM(ikm).extractOnly());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Extract failed", e);
        }
    }

    /**
     * HKDF-Expand-Label (RFC 8446 §7.1).
     *
     * @param secret the PRK
     * @param label the label without the "tls13 " prefix
     * @param context the context (a transcript hash, a nonce, or empty)
     * @param length output length
     * @return the output
     */
    public byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + LABEL_PREFIX.length + labelBytes.length + 1 + context.length];
        int i = 0;
        info[i++] = (byte) (length >>> 8);
        info[i++] = (byte) length;
        info[i++] = (byte) (LABEL_PREFIX.length + labelBytes.length);
        System.arraycopy(LABEL_PREFIX, 0, info, i, LABEL_PREFIX.length);
        i += LABEL_PREFIX.length;
        System.arraycopy(labelBytes, 0, info, i, labelBytes.length);
        i += labelBytes.length;
        info[i++] = (byte) context.length;
        System.arraycopy(context, 0, info, i, context.length);
        try {
            return kdf.deriveData(HKDFParameterSpec.expandOnly(new SecretKeySpec(secret, "HKDF-PRK"), info, length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Expand failed", e);
        }
    }

    /**
     * Derive-Secret(Secret, Label, Messages) with the transcript hash already computed.
     *
     * @param secret the secret
     * @param label the label
     * @param transcriptHash Transcript-Hash(Messages)
     * @return the derived secret, hash-length bytes
     */
    public byte[] deriveSecret(byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(secret, label, transcriptHash, suite.hashLength());
    }

    /**
     * @param psk the pre-shared key, or {@code null} for a full handshake (zeros, RFC 8446 §7.1)
     * @return the Early Secret
     */
    public byte[] earlySecret(byte[] psk) {
        return extract(new byte[suite.hashLength()], psk != null ? psk : new byte[suite.hashLength()]);
    }

    /**
     * @param earlySecret the Early Secret
     * @param sharedSecret the (EC)DHE shared secret
     * @return the Handshake Secret
     */
    public byte[] handshakeSecret(byte[] earlySecret, byte[] sharedSecret) {
        return extract(deriveSecret(earlySecret, "derived", emptyHash), sharedSecret);
    }

    /**
     * @param handshakeSecret the Handshake Secret
     * @return the Master Secret
     */
    public byte[] masterSecret(byte[] handshakeSecret) {
        return extract(deriveSecret(handshakeSecret, "derived", emptyHash), new byte[suite.hashLength()]);
    }

    /**
     * The MAC of Finished (RFC 8446 §4.4.4) and of PSK binders (§4.2.11.2, with the binder key):
     * HMAC(HKDF-Expand-Label(baseKey, "finished", "", Hash.length), transcriptHash).
     *
     * @param baseKey a handshake traffic secret or a binder key
     * @param transcriptHash the transcript hash the MAC covers
     * @return the MAC
     */
    public byte[] finishedMac(byte[] baseKey, byte[] transcriptHash) {
        byte[] finishedKey = expandLabel(baseKey, "finished", new byte[0], suite.hashLength());
        try {
            mac.init(new SecretKeySpec(finishedKey, mac.getAlgorithm()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC init failed", e);
        }
        return mac.doFinal(transcriptHash);
    }

    /**
     * @param resumptionMasterSecret the resumption master secret
     * @param nonce the ticket nonce
     * @return the ticket's PSK (RFC 8446 §4.6.1)
     */
    public byte[] resumptionPsk(byte[] resumptionMasterSecret, byte[] nonce) {
        return expandLabel(resumptionMasterSecret, "resumption", nonce, suite.hashLength());
    }
}
