package io.quic4j.transport.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 9001 §5.4.3: {@code mask = AES-ECB(hp_key, sample)}, AES-128 or AES-256 by key length. ECB has no
 * IV, so the cipher is initialised once and reused for every packet without allocation.
 */
final class AesHeaderMask implements HeaderMask {
    private final Cipher cipher;

    AesHeaderMask(byte[] key) {
        try {
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up AES header protection", e);
        }
    }

    @Override
    public void compute(byte[] sample, byte[] mask) {
        try {
            cipher.doFinal(sample, 0, SAMPLE_LENGTH, mask, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-ECB failed on a full block", e);
        }
    }
}
