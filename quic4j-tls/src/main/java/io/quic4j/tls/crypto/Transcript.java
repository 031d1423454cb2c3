package io.quic4j.tls.crypto;

import java.io.ByteArrayOutputStream;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The running transcript hash (RFC 8446 §4.4.1). A client does not know the hash until the
 * ServerHello, so messages are kept until {@link #start(String)}; after a HelloRetryRequest the first
 * ClientHello is replaced by the synthetic {@code message_hash} message.
 */
public final class Transcript {
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private MessageDigest digest;

    /** An empty transcript whose hash is not yet chosen. */
    public Transcript() {
    }

    /**
     * Appends a whole handshake message (header and body).
     *
     * @param message the message bytes
     */
    public void add(byte[] message) {
        add(message, 0, message.length);
    }

    /**
     * Appends part of a handshake message.
     *
     * @param bytes the array
     * @param offset first byte
     * @param length number of bytes
     */
    public void add(byte[] bytes, int offset, int length) {
        if (digest != null) {
            digest.update(bytes, offset, length);
        } else {
            pending.write(bytes, offset, length);
        }
    }

    /** @return whether the hash algorithm is known */
    public boolean started() {
        return digest != null;
    }

    /**
     * Fixes the hash and absorbs everything buffered.
     *
     * @param hashAlgorithm JCA name, "SHA-256" or "SHA-384"
     */
    public void start(String hashAlgorithm) {
        try {
            digest = MessageDigest.getInstance(hashAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(pending.toByteArray());
        pending = null;
    }

    /**
     * RFC 8446 §4.4.1: after a HelloRetryRequest, "the value of ClientHello1 is replaced with a
     * special synthetic handshake message of handshake type "message_hash" containing
     * Hash(ClientHello1)". Call after {@link #start(String)}, before adding the HelloRetryRequest.
     */
    public void replaceWithMessageHash() {
        byte[] hash = digest.digest();
        digest.reset();
        digest.update(new byte[]{(byte) 254, 0, 0, (byte) hash.length});
        digest.update(hash);
    }

    /**
     * Before {@link #start(String)}: the hash of the messages so far under a hash the caller names
     * (a client offering a PSK knows its hash before the ServerHello).
     *
     * @param hashAlgorithm JCA name
     * @return the hash
     */
    public byte[] pendingHash(String hashAlgorithm) {
        try {
            return MessageDigest.getInstance(hashAlgorithm).digest(pending.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the hash of everything so far (the running hash continues) */
    public byte[] hash() {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            return copy.digest();
        } catch (CloneNotSupportedException e) {
            // every JDK digest is cloneable; fall back to nothing we could do better
            throw new IllegalStateException(e);
        }
    }

    /**
     * The hash of everything so far plus {@code extra}, without absorbing {@code extra}: for PSK
     * binders over a partial ClientHello.
     *
     * @param extra bytes to hash after the transcript
     * @param offset first byte
     * @param length number of bytes
     * @return the hash
     */
    public byte[] hashWith(byte[] extra, int offset, int length) {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            copy.update(extra, offset, length);
            byte[] out = new byte[copy.getDigestLength()];
            copy.digest(out, 0, out.length);
            return out;
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
