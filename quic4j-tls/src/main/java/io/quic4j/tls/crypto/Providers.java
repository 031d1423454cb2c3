package io.quic4j.tls.crypto;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import javax.crypto.KDF;
import javax.crypto.KEM;

/**
 * {@code KDF} and {@code KEM} look-ups that ask a related service's provider first. Without a provider, their
 * {@code getInstance} looks at every installed provider (to keep the others for a delayed choice), which loads each
 * {@code java.security.Provider} the module path declares: BouncyCastle's takes about 0.15 s to register its
 * algorithms, paid by the first handshake of every process (a command-line download, say). The provider that serves
 * the suite's HMAC (for HKDF) or generates ML-KEM keys (for the KEM) is asked first, and the full search is the
 * fallback, so the choice is the one the provider order gives whenever that provider has the algorithm.
 */
final class Providers {
    private Providers() {
    }

    /**
     * @param algorithm the KDF, such as {@code HKDF-SHA256}
     * @param preferred the provider to ask first
     * @return the KDF
     * @throws NoSuchAlgorithmException if no provider has it
     */
    static KDF kdf(String algorithm, Provider preferred) throws NoSuchAlgorithmException {
        try {
            return KDF.getInstance(algorithm, preferred);
        } catch (NoSuchAlgorithmException e) {
            return KDF.getInstance(algorithm);
        }
    }

    /**
     * @return the ML-KEM KEM, from the provider that generates ML-KEM key pairs if it has one
     * @throws NoSuchAlgorithmException if no provider has it
     */
    static KEM mlKem() throws NoSuchAlgorithmException {
        try {
            return KEM.getInstance("ML-KEM", MlKemProvider.PROVIDER);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) { // IllegalArgument: no key pair provider
            return KEM.getInstance("ML-KEM");
        }
    }

    /** The provider of ML-KEM key pairs, looked up once (null if there is none). */
    private static final class MlKemProvider {
        static final Provider PROVIDER = find();

        private static Provider find() {
            try {
                return KeyPairGenerator.getInstance("ML-KEM").getProvider();
            } catch (NoSuchAlgorithmException e) {
                return null;
            }
        }
    }
}
