package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the stateless reset token of each of our connection IDs from one server-wide static key
 * (RFC 9000 §10.3.2): token = HMAC-SHA256(key, connection ID) truncated to 16 bytes. Any event loop, or a
 * restarted process with the same key, can recompute the token of a connection it has no state for,
 * which is what a stateless reset needs (DESIGN.md §5).
 *
 * <p>Immutable and safe to share between threads: each call uses its own {@link Mac}.
 *
 * <p>§10.3.2: "the combination of connection ID and static key MUST NOT be used for another
 * connection": the key must be shared only by servers whose connection ID generators cannot collide.
 */
public final class StatelessResetTokens {
    /** The shortest key accepted, in bytes. */
    public static final int MIN_KEY_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /**
     * @param key the static key, at least {@link #MIN_KEY_LENGTH} bytes, copied
     * @throws IllegalArgumentException if the key is too short
     */
    public StatelessResetTokens(byte[] key) {
        if (key.length < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "the stateless reset key must be at least " + MIN_KEY_LENGTH + " bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        newMac(); // fail now, not on the first packet, if the JDK lacks HmacSHA256
    }

    /**
     * A fresh random key.
     *
     * @param random a {@link java.security.SecureRandom} in production, seeded in simulation
     * @return the token deriver
     */
    public static StatelessResetTokens generate(RandomGenerator random) {
        byte[] key = new byte[MIN_KEY_LENGTH];
        random.nextBytes(key);
        return new StatelessResetTokens(key);
    }

    /**
     * The token for one of our connection IDs.
     *
     * @param connectionId 1 to 20 bytes; §10.3.2: this scheme "cannot provide a zero-length connection ID"
     * @return the first 16 bytes of HMAC-SHA256(key, connectionId)
     * @throws IllegalArgumentException for a zero-length connection ID
     */
    public StatelessResetToken tokenFor(ConnectionId connectionId) {
        if (connectionId.length() == 0) {
            throw new IllegalArgumentException(
                    "a zero-length connection ID has no stateless reset token (RFC 9000 §10.3.2)");
        }
        Mac mac = newMac();
        byte[] digest = mac.doFinal(connectionId.toBytes());
        return StatelessResetToken.read(ByteBuffer.wrap(digest), 0);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "StatelessResetTokens[HmacSHA256]"; // never the key
    }
}
