package io.quic4j.testkit.peer;

import java.util.List;
import java.util.Set;

/**
 * What {@link Tshark#decode} found in a capture.
 *
 * @param text tshark's one-line-per-datagram summary
 * @param datagrams datagrams dissected as QUIC
 * @param quicPackets QUIC packets, coalesced ones counted separately
 * @param shortHeaderPackets 1-RTT packets (short header)
 * @param oneRttDecrypted whether frames were dissected in a datagram holding only 1-RTT packets, which needs
 *        the 1-RTT keys
 * @param frameTypes every frame type dissected (RFC 9000 §12.4 values: 0x06 CRYPTO, 0x1e HANDSHAKE_DONE, ...)
 * @param problems the summary lines of datagrams with a malformed packet or an expert error; empty when clean
 */
public record QuicDecode(String text, int datagrams, int quicPackets, int shortHeaderPackets,
        boolean oneRttDecrypted, Set<Long> frameTypes, List<String> problems) {

    /** RFC 9000 §19.20: the HANDSHAKE_DONE frame type. */
    public static final long HANDSHAKE_DONE = 0x1e;

    /** RFC 9000 §19.6: the CRYPTO frame type. */
    public static final long CRYPTO = 0x06;

    /** Copies the collections. */
    public QuicDecode {
        frameTypes = Set.copyOf(frameTypes);
        problems = List.copyOf(problems);
    }

    /**
     * Whether a HANDSHAKE_DONE frame was decrypted: the server's confirmation in a 1-RTT packet
     * (RFC 9001 §4.1.2), so the 1-RTT keys from the key log worked.
     *
     * @return {@code true} if seen
     */
    public boolean handshakeDoneSeen() {
        return frameTypes.contains(HANDSHAKE_DONE);
    }
}
