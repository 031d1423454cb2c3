package io.quic4j.tls.crypto;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * ML-KEM-768 encapsulation keys between the raw 1184-byte form used on the wire
 * (draft-ietf-tls-ecdhe-mlkem) and the JDK's X.509 SubjectPublicKeyInfo encoding: the SPKI is a
 * fixed DER prefix followed by the raw key, and the prefix is taken from a key the JDK generates.
 */
final class MlKem768Codec {
    static final int KEY_LENGTH = 1184;
    static final int CIPHERTEXT_LENGTH = 1088;
    static final int SECRET_LENGTH = 32;
    private static final byte[] SPKI_PREFIX;
    static {
        try {
            byte[] spki = KeyPairGenerator.getInstance("ML-KEM-768").generateKeyPair().getPublic().getEncoded();
            SPKI_PREFIX = Arrays.copyOf(spki, spki.length - KEY_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MlKem768Codec() {
    }

    static byte[] encode(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - KEY_LENGTH, spki.length);
    }

    static PublicKey decode(ByteBuffer raw) {
        if (raw.remaining() != KEY_LENGTH) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "ML-KEM-768 key of " + raw.remaining() + " bytes");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_LENGTH);
        raw.get(raw.position(), spki, SPKI_PREFIX.length, KEY_LENGTH);
        try {
            return KeyFactory.getInstance("ML-KEM").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            // FIPS 203 §7.2 modulus check failures land here
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "bad ML-KEM-768 encapsulation key", e);
        }
    }
}
