package io.quic4j.transport.crypto;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Retry Integrity Tag (RFC 9001 §5.8; v2 key and nonce RFC 9369 §3.3.3): AEAD_AES_128_GCM with a
 * fixed key and nonce, an empty plaintext, and the Retry Pseudo-Packet as associated data:
 *
 * <pre>
 * ODCID Length (8), Original Destination Connection ID (0..160), the Retry packet without its tag
 * </pre>
 *
 * <p>Each call builds its own {@link Cipher}: the key and nonce never change, and the JDK refuses a
 * second GCM encryption with the same key and nonce on one instance. Retry is rare enough for that.
 * Thread-safe.
 */
public final class RetryIntegrity {
    /** Length of the Retry Integrity Tag. */
    public static final int TAG_LENGTH = 16;

    private RetryIntegrity() {
    }

    /**
     * Computes the tag of a Retry packet and writes it after the packet (server side).
     *
     * @param version the QUIC version of the Retry
     * @param originalDestinationId the Destination Connection ID of the client's Initial
     * @param packet the buffer holding the Retry packet without tag at {@code [start, end)}, with 16
     *        bytes of room after it; its position and limit are not changed
     * @param start index of the first byte of the Retry packet
     * @param end end of the Retry packet without its tag
     * @return the end of the packet with its tag, {@code end + 16}
     * @throws IllegalArgumentException if the range or the tag's room lies outside the buffer's limit
     */
    public static int appendTag(QuicVersion version, ConnectionId originalDestinationId, ByteBuffer packet,
            int start, int end) {
        if (start < 0 || end < start || end > packet.limit() - TAG_LENGTH) {
            throw new IllegalArgumentException("Retry packet [" + start + ", " + end
                    + ") plus its tag does not fit below limit " + packet.limit());
        }
        packet.put(end, tag(version, originalDestinationId, packet, start, end));
        return end + TAG_LENGTH;
    }

    /**
     * Verifies the tag of a received Retry packet (client side), comparing in constant time. A client
     * discards a Retry whose tag does not verify (RFC 9000 §17.2.5.2).
     *
     * @param version the QUIC version of the Retry
     * @param originalDestinationId the Destination Connection ID the client put in its Initial
     * @param packet the buffer holding the Retry packet, tag included, at {@code [start, end)}
     * @param start index of the first byte of the Retry packet
     * @param end end of the Retry packet, tag included
     * @return true if the tag is valid; false also if the packet is shorter than a tag
     * @throws IllegalArgumentException if the range lies outside the buffer's limit
     */
    public static boolean verify(QuicVersion version, ConnectionId originalDestinationId, ByteBuffer packet,
            int start, int end) {
        if (start < 0 || end < start || end > packet.limit()) {
            throw new IllegalArgumentException(
                    "Retry packet [" + start + ", " + end + ") outside limit " + packet.limit());
        }
        if (end - start < TAG_LENGTH) {
            return false;
        }
        byte[] expected = tag(version, originalDestinationId, packet, start, end - TAG_LENGTH);
        byte[] received = new byte[TAG_LENGTH];
        packet.get(end - TAG_LENGTH, received);
        return MessageDigest.isEqual(expected, received);
    }

    private static byte[] tag(QuicVersion version, ConnectionId originalDestinationId, ByteBuffer packet,
            int start, int end) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(VersionLabels.retryKey(version), "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, VersionLabels.retryNonce(version)));
            cipher.updateAAD(new byte[]{(byte) originalDestinationId.length()});
            cipher.updateAAD(originalDestinationId.toBytes());
            cipher.updateAAD(packet.slice(start, end - start));
            return cipher.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed computing a Retry Integrity Tag", e);
        }
    }
}
