package io.quic4j.transport.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AEAD of one key generation and direction (RFC 9001 §5.3), working in place on byte arrays.
 * The {@link Cipher} and the nonce array are created once; each packet costs one {@code Cipher.init}
 * with a fresh parameter spec (the JCA has no way to change a nonce without one).
 */
final class PacketAead {
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final boolean chaCha;
    private final int mode;
    private final byte[] iv;
    private final byte[] nonce = new byte[AeadSpec.IV_LENGTH];

    /**
     * @param keys the keys
     * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
     */
    PacketAead(PacketKeys keys, int mode) {
        this.chaCha = AeadSpec.isChaCha(keys.suite());
        this.mode = mode;
        this.iv = keys.ivBytes();
        this.key = new SecretKeySpec(keys.keyBytes(), chaCha ? "ChaCha20" : "AES");
        try {
            this.cipher = Cipher.getInstance(chaCha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks the AEAD of " + keys.suite(), e);
        }
    }

    /**
     * Encrypts {@code a[ptOff, ptOff + ptLen)} in place and writes the tag right after it.
     *
     * @throws IllegalStateException if this packet number was just used with this key (the JDK refuses
     *         to encrypt twice with one nonce)
     */
    void seal(byte[] a, int aadOff, int aadLen, int ptOff, int ptLen, long packetNumber) {
        try {
            init(packetNumber);
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("nonce reuse: packet number " + packetNumber
                    + " was already protected with this key", e);
        }
        try {
            cipher.updateAAD(a, aadOff, aadLen);
            cipher.doFinal(a, ptOff, ptLen, a, ptOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD encryption failed", e);
        }
    }

    /**
     * Decrypts {@code a[ctOff, ctOff + ctLen)} (ciphertext then tag) in place.
     *
     * @return false if the tag does not verify; the bytes in the range are then unspecified
     */
    boolean open(byte[] a, int aadOff, int aadLen, int ctOff, int ctLen, long packetNumber) {
        try {
            init(packetNumber);
            cipher.updateAAD(a, aadOff, aadLen);
            cipher.doFinal(a, ctOff, ctLen, a, ctOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD decryption failed", e);
        }
    }

    /** RFC 9001 §5.3: nonce = iv XOR the packet number left-padded to the IV length. */
    private void init(long packetNumber) throws InvalidKeyException, InvalidAlgorithmParameterException {
        System.arraycopy(iv, 0, nonce, 0, 4);
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (iv[4 + i] ^ (packetNumber >>> (56 - 8 * i)));
        }
        AlgorithmParameterSpec spec = chaCha
                ? new IvParameterSpec(nonce)
                : new GCMParameterSpec(AeadSpec.TAG_LENGTH * 8, nonce);
        cipher.init(mode, key, spec);
    }
}
