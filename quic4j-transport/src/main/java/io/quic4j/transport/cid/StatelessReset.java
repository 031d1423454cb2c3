package io.quic4j.transport.cid;

import io.quic4j.transport.wire.StatelessResetToken;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * The stateless reset datagram (RFC 9000 §10.3): build one in answer to a datagram we have no connection
 * for, and recognise one among datagrams we could not process (§10.3.1).
 *
 * <pre>
 * Stateless Reset {
 *   Fixed Bits (2) = 1,
 *   Unpredictable Bits (38..),
 *   Stateless Reset Token (128),
 * }
 * </pre>
 */
public final class StatelessReset {
    /**
     * The shortest stateless reset: §10.3 "the Unpredictable Bits field needs to include at least 38 bits
     * of data (or 5 bytes, less the two fixed bits)", plus the 16-byte token: "The resulting minimum size
     * of 21 bytes".
     */
    public static final int MIN_LENGTH = 5 + StatelessResetToken.LENGTH;

    /**
     * Up to this length of the triggering datagram, the reset is exactly one byte shorter. §10.3: "An
     * endpoint that sends a Stateless Reset in response to a packet that is 43 bytes or shorter SHOULD
     * send a Stateless Reset that is one byte shorter than the packet it responds to."
     */
    public static final int SHORT_TRIGGER_LENGTH = 43;

    private StatelessReset() {
    }

    /**
     * How long a stateless reset answering a datagram of {@code triggerLength} bytes may be, or 0 if none
     * may be sent.
     *
     * <ul>
     *   <li>§10.3.3: "An endpoint MUST ensure that every Stateless Reset that it sends is smaller than the
     *       packet that triggered it" (this also keeps it under the "three times or more larger" bound of
     *       §10.3). So a datagram of {@value #MIN_LENGTH} bytes or fewer gets no answer, and loops die out.
     *   <li>§10.3: a trigger of {@value #SHORT_TRIGGER_LENGTH} bytes or fewer gets a reset one byte shorter.
     *   <li>Longer triggers get a reset of {@code min(triggerLength - 1, maxLength)}.
     * </ul>
     *
     * @param triggerLength the UDP payload length of the datagram that we cannot process
     * @param maxLength the most we are willing to send, at least {@value #MIN_LENGTH}
     * @return the reset length, or 0 if no stateless reset may be sent
     */
    public static int responseLength(int triggerLength, int maxLength) {
        if (maxLength < MIN_LENGTH) {
            throw new IllegalArgumentException("maxLength must be at least 21, was " + maxLength);
        }
        int length = Math.min(triggerLength - 1, maxLength);
        return length < MIN_LENGTH ? 0 : length;
    }

    /**
     * Writes a stateless reset answering a datagram of {@code triggerLength} bytes: a first byte of
     * {@code 01xxxxxx} so it looks like a short-header packet ("Endpoints MUST send Stateless Resets
     * formatted as a packet with a short header"), unpredictable bytes, then the token.
     *
     * @param out where to write; {@code out.remaining()} bounds the length
     * @param triggerLength the UDP payload length of the datagram that triggered it
     * @param token the token of the connection ID that datagram carried
     * @param random the source of the unpredictable bits (§10.3: "SHOULD be indistinguishable from random")
     * @return the number of bytes written, 0 if no stateless reset may be sent ({@link #responseLength})
     */
    public static int write(ByteBuffer out, int triggerLength, StatelessResetToken token, RandomGenerator random) {
        if (out.remaining() < MIN_LENGTH) {
            return 0;
        }
        int length = responseLength(triggerLength, out.remaining());
        if (length == 0) {
            return 0;
        }
        byte[] unpredictable = new byte[length - StatelessResetToken.LENGTH];
        random.nextBytes(unpredictable);
        // Header Form 0, Fixed Bit 1: the "Fixed Bits (2) = 1" of the §10.3 layout.
        unpredictable[0] = (byte) (0x40 | (unpredictable[0] & 0x3f));
        out.put(unpredictable);
        token.writeTo(out);
        return length;
    }

    /**
     * Whether a datagram ends in one of the tokens. §10.3.1: call this for datagrams whose first packet
     * "cannot be associated with a connection or cannot be decrypted", with the tokens of connection IDs
     * we have used and not retired ({@link PeerConnectionIds#resetTokens()}).
     *
     * <p>Every token is compared, in constant time, with no early exit (§10.3.1: "MUST perform the
     * comparison without leaking information about the value of the token"). Any first byte is accepted:
     * "endpoints MUST treat any packet ending in a valid stateless reset token as a Stateless Reset".
     *
     * @param datagram the UDP payload, from position to limit; not moved
     * @param tokens the candidate tokens
     * @return true if the datagram is a stateless reset for one of them
     */
    public static boolean matches(ByteBuffer datagram, Iterable<StatelessResetToken> tokens) {
        if (datagram.remaining() < MIN_LENGTH) {
            return false; // §10.3: shorter datagrams are never valid packets, and never resets
        }
        StatelessResetToken tail = StatelessResetToken.read(datagram, datagram.limit() - StatelessResetToken.LENGTH);
        boolean found = false;
        for (StatelessResetToken token : tokens) {
            found |= token.equals(tail);
        }
        return found;
    }
}
