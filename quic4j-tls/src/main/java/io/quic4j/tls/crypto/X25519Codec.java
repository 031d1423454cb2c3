package io.quic4j.tls.crypto;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;

/** X25519 public keys to and from their 32-byte little-endian wire form (RFC 7748 §5, RFC 8446 §4.2.8.2). */
final class X25519Codec {
    static final int LENGTH = 32;

    private X25519Codec() {
    }

    static byte[] encode(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] be = u.toByteArray();
        byte[] le = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    static PublicKey decode(ByteBuffer share) {
        if (share.remaining() != LENGTH) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "X25519 share of " + share.remaining() + " bytes");
        }
        byte[] be = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            be[LENGTH - 1 - i] = share.get(share.position() + i);
        }
        be[0] &= 0x7f; // RFC 7748 §5: "implementations of X25519 MUST mask the most significant bit"
        try {
            return KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "bad X25519 share", e);
        }
    }
}
