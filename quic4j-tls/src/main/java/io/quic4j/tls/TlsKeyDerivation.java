package io.quic4j.tls;

import io.quic4j.tls.crypto.KeySchedule;

/**
 * HKDF-Extract and HKDF-Expand-Label (RFC 8446 §7.1) for the transport: QUIC derives its Initial
 * secrets (RFC 9001 §5.2), packet keys, IVs and header-protection keys ({@code "quic key"},
 * {@code "quic iv"}, {@code "quic hp"}, §5.1) and key updates ({@code "quic ku"}, §6.1) from the
 * traffic secrets this engine reports, with the same functions and the suite's hash.
 */
public final class TlsKeyDerivation {
    private TlsKeyDerivation() {
    }

    /**
     * HKDF-Extract with the suite's hash.
     *
     * @param suite fixes the hash (Initial packets use {@link CipherSuite#TLS_AES_128_GCM_SHA256})
     * @param salt the salt
     * @param ikm the input keying material
     * @return the pseudorandom key, as long as the hash
     */
    public static byte[] extract(CipherSuite suite, byte[] salt, byte[] ikm) {
        return new KeySchedule(suite).extract(salt, ikm);
    }

    /**
     * HKDF-Expand-Label with an empty context, as every QUIC derivation uses.
     *
     * @param suite fixes the hash
     * @param secret the secret
     * @param label the label without the "tls13 " prefix, e.g. "quic key"
     * @param length output length in bytes
     * @return the derived bytes
     */
    public static byte[] expandLabel(CipherSuite suite, byte[] secret, String label, int length) {
        return new KeySchedule(suite).expandLabel(secret, label, new byte[0], length);
    }
}
