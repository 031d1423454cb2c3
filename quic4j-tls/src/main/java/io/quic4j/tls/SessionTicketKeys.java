package io.quic4j.tls;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A server's session-ticket encryption keys, rotated by the application (RFC 8446 §4.6.1 leaves the
 * ticket format to the server). Tickets are {@code key_id(16) || nonce(12) || AES-256-GCM(state)},
 * with the key id as associated data. The newest key seals; the newest {@code retained} keys open,
 * so a rotation does not invalidate tickets issued just before it.
 *
 * <p>One instance is shared by every connection of a server (on every event loop): it is the one
 * piece of cross-connection state in the TLS engine, and it is thread-safe (an immutable key list
 * behind a volatile reference). The engine never reads a clock, so rotation is the caller's job:
 * call {@link #rotate()} on a timer, for example every ticket lifetime.
 */
public final class SessionTicketKeys {
    private static final int KEY_ID_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private record TicketKey(byte[] id, SecretKey key) {
    }

    private final SecureRandom random;
    private final int retained;
    private volatile List<TicketKey> keys;

    /**
     * @param random randomness for keys and nonces
     * @param retained how many keys still open tickets (the current one included), at least 1
     */
    public SessionTicketKeys(SecureRandom random, int retained) {
        if (retained < 1) {
            throw new IllegalArgumentException("retained must be at least 1, was " + retained);
        }
        this.random = random;
        this.retained = retained;
        this.keys = List.of(newKey());
    }

    /** @return keys with fresh randomness, keeping the current and one previous key */
    public static SessionTicketKeys generate() {
        return new SessionTicketKeys(new SecureRandom(), 2);
    }

    private TicketKey newKey() {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(256, random);
            byte[] id = new byte[KEY_ID_LENGTH];
            random.nextBytes(id);
            return new TicketKey(id, g.generateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 unavailable", e);
        }
    }

    /** Makes a new key current; the oldest falls out once more than {@code retained} exist. */
    public synchronized void rotate() {
        List<TicketKey> next = new ArrayList<>(retained);
        next.add(newKey());
        for (TicketKey k : keys) {
            if (next.size() < retained) {
                next.add(k);
            }
        }
        keys = List.copyOf(next);
    }

    /**
     * Encrypts ticket state with the current key.
     *
     * @param state the plaintext
     * @return the ticket
     */
    public byte[] seal(byte[] state) {
        TicketKey k = keys.getFirst();
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(k.id());
            byte[] sealed = c.doFinal(state);
            ByteBuffer out = ByteBuffer.allocate(KEY_ID_LENGTH + NONCE_LENGTH + sealed.length);
            out.put(k.id()).put(nonce).put(sealed);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ticket encryption failed", e);
        }
    }

    /**
     * Decrypts a ticket.
     *
     * @param ticket the ticket as the client sent it
     * @return the state, or {@code null} if no retained key opens it (unknown, rotated out, forged)
     */
    public byte[] open(ByteBuffer ticket) {
        if (ticket.remaining() < KEY_ID_LENGTH + NONCE_LENGTH + TAG_BITS / 8) {
            return null;
        }
        byte[] id = new byte[KEY_ID_LENGTH];
        ticket.get(ticket.position(), id);
        for (TicketKey k : keys) {
            if (Arrays.equals(k.id(), id)) {
                byte[] nonce = new byte[NONCE_LENGTH];
                ticket.get(ticket.position() + KEY_ID_LENGTH, nonce);
                byte[] sealed = new byte[ticket.remaining() - KEY_ID_LENGTH - NONCE_LENGTH];
                ticket.get(ticket.position() + KEY_ID_LENGTH + NONCE_LENGTH, sealed);
                try {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, k.key(), new GCMParameterSpec(TAG_BITS, nonce));
                    c.updateAAD(id);
                    return c.doFinal(sealed);
                } catch (GeneralSecurityException e) {
                    return null; // forged or corrupted
                }
            }
        }
        return null;
    }
}
