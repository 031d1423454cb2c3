package io.quic4j.transport.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 9001 §5.4.4: {@code mask = ChaCha20(hp_key, counter = sample[0..3] little-endian,
 * nonce = sample[4..15], {0,0,0,0,0})}.
 *
 * <p>The cipher runs in {@code DECRYPT_MODE}. ChaCha20 without Poly1305 is a plain keystream XOR, so
 * decrypting five zero bytes yields exactly the bytes encrypting them would (checked against the RFC 9001
 * A.5 and RFC 9369 A.5 vectors). {@code ENCRYPT_MODE} would refuse a second init with the same key and
 * nonce ("Matching key and nonce from previous initialization"), and two packets can legitimately carry
 * the same sample: a retransmitted or forged packet on receive, or identical ciphertext prefixes. The
 * keystream is never used to encrypt data here, so that misuse check protects nothing.
 */
final class ChaChaHeaderMask implements HeaderMask {
    private static final byte[] ZEROS = new byte[5];

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];

    ChaChaHeaderMask(byte[] keyBytes) {
        key = new SecretKeySpec(keyBytes, "ChaCha20");
        try {
            cipher = Cipher.getInstance("ChaCha20");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks ChaCha20", e);
        }
    }

    @Override
    public void compute(byte[] sample, byte[] mask) {
        int counter = (sample[0] & 0xff) | (sample[1] & 0xff) << 8 | (sample[2] & 0xff) << 16
                | (sample[3] & 0xff) << 24;
        System.arraycopy(sample, 4, nonce, 0, nonce.length);
        try {
            // The JDK reads the counter as unsigned 32 bits, as RFC 8439 §2.4 does.
            cipher.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, counter));
            cipher.doFinal(ZEROS, 0, ZEROS.length, mask, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 header protection failed", e);
        }
    }
}
