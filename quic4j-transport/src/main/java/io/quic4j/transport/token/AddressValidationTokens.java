package io.quic4j.transport.token;

import io.quic4j.transport.token.TokenValidation.Invalid;
import io.quic4j.transport.token.TokenValidation.Reason;
import io.quic4j.transport.wire.ConnectionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and validates the server's address validation tokens (RFC 9000 §8.1.2-§8.1.4), sealed with
 * AES-256-GCM so that they are opaque to clients and cannot be forged or altered (§8.1.4: "the token MUST
 * be covered by integrity protection against modification or falsification by clients").
 *
 * <p>Layout, at most {@value #MAX_TOKEN_LENGTH} bytes:
 *
 * <pre>
 * kind (1)  'R' Retry or 'N' NEW_TOKEN, clear text, authenticated (§8.1.1)
 * key id (1)  which key sealed it, clear text, authenticated
 * nonce (12)
 * AES-256-GCM(
 *   issued at (8)  epoch milliseconds
 *   address length (1), IP address (4 or 16)
 *   Retry only: port (2), original DCID length (1), original DCID, Retry SCID length (1), Retry SCID
 * ) with its 16-byte tag
 * </pre>
 *
 * <p>Immutable and safe to share between threads: each call uses its own {@link Cipher}. {@link
 * #rotate(byte[])} returns a new instance that seals with the new key and still opens tokens of the
 * previous one.
 *
 * <p>Replay (§8.1.4: "servers MUST ensure that replay of tokens is prevented or limited") is limited here
 * by short lifetimes and the address binding; a single-use filter needs shared mutable state and belongs
 * to the engine.
 */
public final class AddressValidationTokens {
    /** The AES-256 key length in bytes. */
    public static final int KEY_LENGTH = 32;
    /** The longest token minted here, in bytes; longer ones are refused unread. */
    public static final int MAX_TOKEN_LENGTH = 2 + 12 + 8 + 1 + 16 + 2 + 1 + 20 + 1 + 20 + 16;
    /** The default lifetime of a Retry token: it "SHOULD" be "accepted for a short time" (§8.1.4). */
    public static final Duration DEFAULT_RETRY_LIFETIME = Duration.ofSeconds(10);
    /** The default lifetime of a NEW_TOKEN token (§8.1.3: "a token SHOULD have an expiration time"). */
    public static final Duration DEFAULT_NEW_TOKEN_LIFETIME = Duration.ofHours(24);
    /** How far in the future a token's issue time may be, for servers sharing a key with skewed clocks. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private static final int HEADER_LENGTH = 2;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    private static final int MIN_TOKEN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + 8 + 1 + 4 + TAG_LENGTH;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** Bound into every token's associated data, so the key cannot be confused with another use of it. */
    private static final byte[] LABEL = "quic4j address validation token v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey current;
    private final byte currentId;
    private final SecretKey previous;
    private final byte previousId;
    private final long retryLifetimeMillis;
    private final long newTokenLifetimeMillis;

    /**
     * With the default lifetimes.
     *
     * @param key the AES-256 key, {@value #KEY_LENGTH} bytes, copied
     */
    public AddressValidationTokens(byte[] key) {
        this(key, DEFAULT_RETRY_LIFETIME, DEFAULT_NEW_TOKEN_LIFETIME);
    }

    /**
     * @param key the AES-256 key, {@value #KEY_LENGTH} bytes, copied
     * @param retryLifetime how long a Retry token is accepted, positive
     * @param newTokenLifetime how long a NEW_TOKEN token is accepted, positive
     * @throws IllegalArgumentException for a key of another length or a non-positive lifetime
     */
    public AddressValidationTokens(byte[] key, Duration retryLifetime, Duration newTokenLifetime) {
        this(secretKey(key), (byte) 0, null, (byte) 0, millis("retryLifetime", retryLifetime),
                millis("newTokenLifetime", newTokenLifetime));
    }

    private AddressValidationTokens(SecretKey current, byte currentId, SecretKey previous, byte previousId,
            long retryLifetimeMillis, long newTokenLifetimeMillis) {
        this.current = current;
        this.currentId = currentId;
        this.previous = previous;
        this.previousId = previousId;
        this.retryLifetimeMillis = retryLifetimeMillis;
        this.newTokenLifetimeMillis = newTokenLifetimeMillis;
    }

    /**
     * A key rotation: the result seals with {@code newKey} and still accepts tokens sealed with the key of
     * this instance (not older ones). Rotate less often than the NEW_TOKEN lifetime to keep those valid.
     *
     * @param newKey the new AES-256 key, {@value #KEY_LENGTH} bytes, copied
     * @return the rotated instance; this one is unchanged
     */
    public AddressValidationTokens rotate(byte[] newKey) {
        return new AddressValidationTokens(secretKey(newKey), (byte) (currentId + 1), current, currentId,
                retryLifetimeMillis, newTokenLifetimeMillis);
    }

    /**
     * Mints the token of a Retry packet (§8.1.2), bound to the client's IP address and port (§8.1.4:
     * "Tokens sent in Retry packets SHOULD include information that allows the server to verify that the
     * source IP address and port in client packets remain constant"), and carrying the connection IDs the
     * server must echo in its transport parameters (§7.3).
     *
     * @param client the client's address, resolved (an IP address, not a host name)
     * @param originalDestinationConnectionId the Destination Connection ID of the client's Initial
     * @param retrySourceConnectionId the Source Connection ID of the Retry packet
     * @param nowMillis the wall-clock time, epoch milliseconds
     * @param random the nonce source; a {@link java.security.SecureRandom} in production (AES-GCM must never
     *     reuse a nonce under one key), seeded only in simulation
     * @return the token, a fresh buffer
     */
    public ByteBuffer mintRetryToken(InetSocketAddress client, ConnectionId originalDestinationConnectionId,
            ConnectionId retrySourceConnectionId, long nowMillis, RandomGenerator random) {
        byte[] address = addressBytes(client);
        ByteBuffer plain = ByteBuffer.allocate(8 + 1 + address.length + 2 + 1
                + originalDestinationConnectionId.length() + 1 + retrySourceConnectionId.length());
        plain.putLong(nowMillis).put((byte) address.length).put(address).putShort((short) client.getPort());
        plain.put((byte) originalDestinationConnectionId.length());
        originalDestinationConnectionId.writeTo(plain);
        plain.put((byte) retrySourceConnectionId.length());
        retrySourceConnectionId.writeTo(plain);
        return seal(TokenKind.RETRY, plain.array(), random);
    }

    /**
     * Mints the token of a NEW_TOKEN frame (§8.1.3), bound to the client's IP address only (§8.1.4: "MUST
     * include information that allows the server to verify that the client IP address has not changed";
     * §8.1.3: "It is unlikely that the client port number is the same on two different connections").
     * Each is unique through its random nonce (§8.1.3: "A server MUST ensure that every NEW_TOKEN frame it
     * sends is unique across all clients") and reveals nothing in clear text but its kind.
     *
     * @param client the client's address, resolved
     * @param nowMillis the wall-clock time, epoch milliseconds
     * @param random the nonce source, as for {@link #mintRetryToken}
     * @return the token, a fresh buffer
     */
    public ByteBuffer mintNewToken(InetSocketAddress client, long nowMillis, RandomGenerator random) {
        byte[] address = addressBytes(client);
        ByteBuffer plain = ByteBuffer.allocate(8 + 1 + address.length);
        plain.putLong(nowMillis).put((byte) address.length).put(address);
        return seal(TokenKind.NEW_TOKEN, plain.array(), random);
    }

    /**
     * Validates the token of a client's Initial packet (§8.1.3: "When a server receives an Initial packet
     * with an address validation token, it MUST attempt to validate the token"). Never throws for any
     * token content.
     *
     * @param token the Token field, non-empty; its remaining bytes are read, its position is not moved
     * @param client the address the Initial came from, resolved
     * @param packetDestination the Initial's Destination Connection ID; a Retry token is valid only if it
     *     is the Retry's Source Connection ID (§17.2.5.2: the client "MUST use the value from the Source
     *     Connection ID field of the Retry packet")
     * @param nowMillis the wall-clock time, epoch milliseconds
     * @return the result; see {@link TokenValidation#action()}
     */
    public TokenValidation validate(ByteBuffer token, InetSocketAddress client, ConnectionId packetDestination,
            long nowMillis) {
        int length = token.remaining();
        if (length == 0) {
            return new Invalid(TokenKind.UNKNOWN, Reason.MALFORMED);
        }
        TokenKind kind = TokenKind.ofMarker(token.get(token.position()));
        if (kind == TokenKind.UNKNOWN) {
            return new Invalid(kind, Reason.UNKNOWN_KIND);
        }
        if (length < MIN_TOKEN_LENGTH || length > MAX_TOKEN_LENGTH) {
            return new Invalid(kind, Reason.MALFORMED);
        }
        byte[] sealed = new byte[length];
        token.get(token.position(), sealed);
        ByteBuffer plain = open(sealed);
        if (plain == null) {
            return new Invalid(kind, Reason.NOT_AUTHENTIC);
        }
        return check(kind, plain, client, packetDestination, nowMillis);
    }

    private TokenValidation check(TokenKind kind, ByteBuffer plain, InetSocketAddress client,
            ConnectionId packetDestination, long nowMillis) {
        // Authenticated, so sealed by us; the layout is still checked rather than trusted.
        if (plain.remaining() < 9) {
            return new Invalid(kind, Reason.MALFORMED);
        }
        long issuedAt = plain.getLong();
        byte[] address = readField(plain, 16);
        if (address == null || address.length != 4 && address.length != 16) {
            return new Invalid(kind, Reason.MALFORMED);
        }
        long lifetime = kind == TokenKind.RETRY ? retryLifetimeMillis : newTokenLifetimeMillis;
        long age = nowMillis - issuedAt;
        if (age > lifetime || age < -CLOCK_SKEW.toMillis()) {
            return new Invalid(kind, Reason.EXPIRED);
        }
        boolean sameIp = Arrays.equals(address, addressBytes(client));
        if (kind == TokenKind.NEW_TOKEN) {
            if (plain.hasRemaining()) {
                return new Invalid(kind, Reason.MALFORMED);
            }
            return sameIp ? new TokenValidation.ValidNewToken(issuedAt) : new Invalid(kind, Reason.WRONG_ADDRESS);
        }
        if (plain.remaining() < 2) {
            return new Invalid(kind, Reason.MALFORMED);
        }
        int port = Short.toUnsignedInt(plain.getShort());
        byte[] original = readField(plain, ConnectionId.MAX_LENGTH);
        byte[] retrySource = original == null ? null : readField(plain, ConnectionId.MAX_LENGTH);
        if (retrySource == null || plain.hasRemaining()) {
            return new Invalid(kind, Reason.MALFORMED);
        }
        if (!sameIp || port != client.getPort()) {
            return new Invalid(kind, Reason.WRONG_ADDRESS);
        }
        ConnectionId retrySourceId = ConnectionId.of(retrySource);
        if (!retrySourceId.equals(packetDestination)) {
            return new Invalid(kind, Reason.WRONG_CONNECTION_ID);
        }
        return new TokenValidation.ValidRetry(ConnectionId.of(original), retrySourceId, issuedAt);
    }

    /** A length byte and that many bytes, at most {@code max}; {@code null} if they are not there. */
    private static byte[] readField(ByteBuffer in, int max) {
        if (!in.hasRemaining()) {
            return null;
        }
        int length = Byte.toUnsignedInt(in.get());
        if (length > max || length > in.remaining()) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private ByteBuffer seal(TokenKind kind, byte[] plain, RandomGenerator random) {
        byte[] out = new byte[HEADER_LENGTH + NONCE_LENGTH + plain.length + TAG_LENGTH];
        out[0] = kind.marker();
        out[1] = currentId;
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, HEADER_LENGTH, NONCE_LENGTH);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(LABEL);
            cipher.updateAAD(out, 0, HEADER_LENGTH);
            cipher.doFinal(plain, 0, plain.length, out, HEADER_LENGTH + NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
        return ByteBuffer.wrap(out);
    }

    /** The plaintext, or {@code null} if no key of ours authenticates the token. */
    private ByteBuffer open(byte[] sealed) {
        SecretKey key = sealed[1] == currentId
                ? current
                : previous != null && sealed[1] == previousId ? previous : null;
        if (key == null) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, sealed, HEADER_LENGTH,
                    NONCE_LENGTH));
            cipher.updateAAD(LABEL);
            cipher.updateAAD(sealed, 0, HEADER_LENGTH);
            int offset = HEADER_LENGTH + NONCE_LENGTH;
            return ByteBuffer.wrap(cipher.doFinal(sealed, offset, sealed.length - offset));
        } catch (GeneralSecurityException e) {
            return null; // AEADBadTagException for forged or altered tokens
        }
    }

    private static byte[] addressBytes(InetSocketAddress client) {
        InetAddress address = Objects.requireNonNull(client, "client").getAddress();
        if (address == null) {
            throw new IllegalArgumentException("the client address must be resolved, was " + client);
        }
        return address.getAddress();
    }

    private static SecretKey secretKey(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("the token key must be 32 bytes (AES-256), was " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    private static long millis(String name, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + lifetime);
        }
        return lifetime.toMillis();
    }

    @Override
    public String toString() {
        return "AddressValidationTokens[keyId=" + Byte.toUnsignedInt(currentId) + "]"; // never the key
    }
}
