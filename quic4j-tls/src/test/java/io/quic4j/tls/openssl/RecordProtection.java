package io.quic4j.tls.openssl;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.crypto.KeySchedule;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.3 record protection for one direction (RFC 8446 §5.2, §5.3, §7.3): test code only, so the
 * engine can talk to OpenSSL over TCP. QUIC never uses this; it protects packets instead.
 */
final class RecordProtection {
    private final CipherSuite suite;
    private final SecretKeySpec key;
    private final byte[] iv;
    private long sequence;

    RecordProtection(CipherSuite suite, byte[] secret) {
        KeySchedule ks = new KeySchedule(suite);
        this.suite = suite;
        this.key = new SecretKeySpec(ks.expandLabel(secret, "key", new byte[0], suite.keyLength()),
                suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256 ? "ChaCha20" : "AES");
        this.iv = ks.expandLabel(secret, "iv", new byte[0], suite.ivLength());
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
        }
        sequence++;
        Cipher c = Cipher.getInstance(suite.cipherTransformation());
        if (suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256) {
            c.init(mode, key, new IvParameterSpec(nonce));
        } else {
            c.init(mode, key, new GCMParameterSpec(128, nonce));
        }
        return c;
    }

    /** @return the whole record: header and ciphertext of {@code content || type} */
    byte[] seal(int contentType, byte[] content, int offset, int length) throws GeneralSecurityException {
        byte[] inner = new byte[length + 1];
        System.arraycopy(content, offset, inner, 0, length);
        inner[length] = (byte) contentType;
        int outLength = inner.length + 16;
        byte[] header = {23, 3, 3, (byte) (outLength >>> 8), (byte) outLength};
        Cipher c = cipher(Cipher.ENCRYPT_MODE);
        c.updateAAD(header);
        byte[] sealed = c.doFinal(inner);
        byte[] record = new byte[5 + sealed.length];
        System.arraycopy(header, 0, record, 0, 5);
        System.arraycopy(sealed, 0, record, 5, sealed.length);
        return record;
    }

    /** @return {@code content || type} with padding removed; the type is the last byte */
    byte[] open(byte[] header, byte[] ciphertext) throws GeneralSecurityException {
        Cipher c = cipher(Cipher.DECRYPT_MODE);
        c.updateAAD(header);
        byte[] inner = c.doFinal(ciphertext);
        int end = inner.length;
        while (end > 0 && inner[end - 1] == 0) {
            end--;
        }
        return java.util.Arrays.copyOf(inner, end);
    }
}
