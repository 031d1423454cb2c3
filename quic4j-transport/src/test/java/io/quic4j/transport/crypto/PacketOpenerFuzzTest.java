package io.quic4j.transport.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.Packet;
import io.quic4j.transport.wire.packet.PacketNumber;
import io.quic4j.transport.wire.packet.PacketParser;
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Jazzer fuzz target for packet unprotection (RFC 9001 §5.3-§5.5) with fixed keys: the Initial keys of
 * the RFC 9001 Appendix A connection (Destination Connection ID 8394c8f03e515708), for v1 and v2. Without
 * {@code JAZZER_FUZZ} it runs as a regression test on {@code PacketOpenerFuzzTestInputs/unprotect}; {@code
 * build/fuzz.sh opener} fuzzes it.
 *
 * <p>Input: byte 0 picks the version (bit 0) and whose keys open the packets (bit 1: 0 the client's, as a
 * server receives, 1 the server's); byte 1 is a Packet Number offset; the rest is a datagram. Each packet
 * {@link PacketParser} finds is unprotected at the offsets it reports, as the receive path will; then the
 * whole datagram is unprotected once more as a single packet with the fuzzer's Packet Number offset, to
 * reach the length checks the parser would have screened out. Properties: only {@link
 * PacketDecryptionException} escapes the opener, for offsets that meet its documented preconditions; and
 * a packet that does authenticate seals again, with the same keys and packet number, to the bytes it was
 * read from.
 */
class PacketOpenerFuzzTest {
    /** Indexed by input byte 0's low two bits. */
    private static final PacketKeys[] KEYS = new PacketKeys[4];
    /** Shared across inputs: an opener's only state is its failure count, which no property reads. */
    private static final PacketOpener[] OPENERS = new PacketOpener[4];

    static {
        QuicVersion[] versions = {QuicVersion.V1, QuicVersion.V2};
        for (int i = 0; i < 4; i++) {
            PacketKeys keys = InitialKeys.derive(versions[i & 1], RfcVectors.DCID).sending((i & 2) == 0);
            KEYS[i] = keys;
            OPENERS[i] = new PacketOpener(keys);
        }
    }

    private static final PacketNumberDecoder FIRST_PACKET = (truncated, length) -> PacketNumber.decode(
            PacketNumber.NONE, truncated, length);

    @FuzzTest
    void unprotect(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int keys = input[0] & 3;
        int pnOffset = 1 + (input[1] & 0xff);
        byte[] datagram = Arrays.copyOfRange(input, 2, input.length);

        ByteBuffer parsed = ByteBuffer.wrap(datagram.clone());
        int offset = 0;
        while (offset < parsed.limit()) {
            Packet packet;
            try {
                packet = PacketParser.parse(parsed, offset, RfcVectors.DCID.length());
            } catch (QuicTransportException e) {
                break;
            }
            switch (packet) {
                case LongHeaderPacket p -> open(keys, parsed, p.start(), p.pnOffset(), p.end());
                case ShortHeaderPacket p -> open(keys, parsed, p.start(), p.pnOffset(), p.end());
                default -> {
                    // Retry and Version Negotiation packets are not protected this way.
                }
            }
            offset = packet.end();
        }

        ByteBuffer whole = ByteBuffer.wrap(datagram.clone());
        open(keys, whole, 0, pnOffset, whole.limit());
    }

    /** Unprotects one packet; if it authenticates, seals it again and compares. */
    private static void open(int keys, ByteBuffer buffer, int start, int pnOffset, int end) {
        byte[] protectedBytes = new byte[end - start];
        buffer.get(start, protectedBytes);
        PacketOpener opener = OPENERS[keys];
        long packetNumber;
        try {
            packetNumber = opener.unprotect(buffer, start, pnOffset, end, FIRST_PACKET);
        } catch (PacketDecryptionException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        // Authenticated: header protection is off and the payload is plaintext, in place.
        int pnLength = PacketNumber.lengthFromFirstByte(buffer.get(start));
        assertThat(packetNumber).isEqualTo(PacketNumber.read(buffer, pnOffset, pnLength));
        // A fresh sealer: the JDK's GCM refuses to seal twice with one key and nonce on the same Cipher.
        int sealedEnd = new PacketSealer(KEYS[keys]).protect(buffer, start, pnOffset, pnLength, packetNumber,
                end - AeadSpec.TAG_LENGTH);
        assertThat(sealedEnd).isEqualTo(end);
        byte[] resealed = new byte[end - start];
        buffer.get(start, resealed);
        assertThat(resealed).as("sealed again").isEqualTo(protectedBytes);
    }
}
