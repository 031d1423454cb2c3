package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.TlsKeyDerivation;
import io.quic4j.transport.wire.QuicVersion;
import java.util.Objects;

/**
 * The keying material for one direction, one encryption level and one key generation: the traffic
 * secret and the AEAD key, IV and header protection key derived from it (RFC 9001 §5.1; v2 labels
 * RFC 9369 §3.3.2). Immutable: accessors return copies.
 *
 * <p>Start with {@link #fromSecret} (secrets from TLS) or {@link InitialKeys#derive} (Initial
 * packets), then build a {@link PacketSealer} or {@link PacketOpener}. {@link #nextGeneration()}
 * implements the key update of RFC 9001 §6.1.
 */
public final class PacketKeys {
    private final QuicVersion version;
    private final CipherSuite suite;
    private final byte[] secret;
    private final byte[] key;
    private final byte[] iv;
    private final byte[] headerProtectionKey;

    private PacketKeys(QuicVersion version, CipherSuite suite, byte[] secret, byte[] headerProtectionKey) {
        this.version = version;
        this.suite = suite;
        this.secret = secret;
        this.key = TlsKeyDerivation.expandLabel(suite, secret, VersionLabels.key(version), suite.keyLength());
        this.iv = TlsKeyDerivation.expandLabel(suite, secret, VersionLabels.iv(version), AeadSpec.IV_LENGTH);
        this.headerProtectionKey = headerProtectionKey;
    }

    /**
     * Derives the packet protection keys from a traffic secret.
     *
     * @param version the QUIC version, which chooses the labels
     * @param suite the negotiated cipher suite
     * @param secret the traffic secret from TLS (or an Initial secret), {@link CipherSuite#hashLength()}
     *        bytes
     * @return the keys
     * @throws IllegalArgumentException if the secret has the wrong length for the suite
     */
    public static PacketKeys fromSecret(QuicVersion version, CipherSuite suite, byte[] secret) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(suite, "suite");
        if (secret.length != suite.hashLength()) {
            throw new IllegalArgumentException(
                    suite + " needs a " + suite.hashLength() + "-byte secret, got " + secret.length);
        }
        byte[] s = secret.clone();
        byte[] hp = TlsKeyDerivation.expandLabel(suite, s, VersionLabels.hp(version), suite.keyLength());
        return new PacketKeys(version, suite, s, hp);
    }

    /**
     * The keys of the next key phase (RFC 9001 §6.1): {@code secret_<n+1> = HKDF-Expand-Label(secret_<n>,
     * "quic ku", "", Hash.length)} ("quicv2 ku" for v2), with a new key and IV derived from it. "The
     * header protection key is not updated", so it is carried over unchanged.
     *
     * @return the next generation's keys
     */
    public PacketKeys nextGeneration() {
        byte[] next = TlsKeyDerivation.expandLabel(suite, secret, VersionLabels.keyUpdate(version), suite.hashLength());
        return new PacketKeys(version, suite, next, headerProtectionKey);
    }

    /** @return the QUIC version whose labels derived these keys */
    public QuicVersion version() {
        return version;
    }

    /** @return the cipher suite */
    public CipherSuite suite() {
        return suite;
    }

    /** @return a copy of the traffic secret of this generation */
    public byte[] secret() {
        return secret.clone();
    }

    /** @return a copy of the AEAD key */
    public byte[] key() {
        return key.clone();
    }

    /** @return a copy of the AEAD IV */
    public byte[] iv() {
        return iv.clone();
    }

    /** @return a copy of the header protection key */
    public byte[] headerProtectionKey() {
        return headerProtectionKey.clone();
    }

    // Package-private views without copies, for the ciphers built from these keys.
    byte[] keyBytes() {
        return key;
    }

    byte[] ivBytes() {
        return iv;
    }

    byte[] headerProtectionKeyBytes() {
        return headerProtectionKey;
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "PacketKeys[" + version + ", " + suite + "]";
    }
}
