package io.quic4j.tls.crypto;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/**
 * secp256r1 public keys as uncompressed points (RFC 8446 §4.2.8.2), with the point validation the
 * RFC requires of the receiver: coordinates in range and on the curve.
 */
final class P256Codec {
    static final int LENGTH = 65;
    private static final int COORDINATE = 32;
    static final ECParameterSpec PARAMS;
    static {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256Codec() {
    }

    static byte[] encode(PublicKey key) {
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[LENGTH];
        out[0] = 4;
        put(w.getAffineX(), out, 1);
        put(w.getAffineY(), out, 1 + COORDINATE);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, COORDINATE);
        System.arraycopy(b, b.length - n, out, offset + COORDINATE - n, n);
    }

    static PublicKey decode(ByteBuffer share) {
        if (share.remaining() != LENGTH || share.get(share.position()) != 4) {
            // RFC 8446 §4.2.8.2: only the uncompressed form (legacy_form = 4)
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "secp256r1 share is not an uncompressed point");
        }
        byte[] x = new byte[COORDINATE];
        byte[] y = new byte[COORDINATE];
        share.get(share.position() + 1, x);
        share.get(share.position() + 1 + COORDINATE, y);
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
        BigInteger a = PARAMS.getCurve().getA();
        BigInteger b = PARAMS.getCurve().getB();
        boolean onCurve = bx.compareTo(p) < 0 && by.compareTo(p) < 0
                && by.multiply(by).subtract(bx.multiply(bx).multiply(bx).add(a.multiply(bx)).add(b)).mod(p)
                        .signum() == 0;
        if (!onCurve) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "secp256r1 share is not on the curve");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(bx, by), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "bad secp256r1 share", e);
        }
    }
}
