package io.quic4j.http3.qpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * An encoder and a decoder over simulated streams (RFC 9204 §2): many sections of random field lines from a small
 * vocabulary, a small table so entries are evicted, encoder-stream and decoder-stream bytes delivered in order but
 * late and in random pieces, sections delivered in any order, some streams cancelled. Every delivered section must
 * decode to what was encoded, the decoder must never see more blocked streams than allowed or a reference to an
 * evicted entry (it would throw), and in the end all acknowledgments must settle.
 */
class QpackRoundTripTest {
    private static final String[] NAMES = {":authority", "user-agent", "cookie", "x-custom", "x-id", ":path",
            "accept", "content-type", "x-long"};
    private static final String[] VALUES = {"", "a", "www.example.com", "quic4j/1.0", "session=abc123", "v1", "v2",
            "/", "/index.html", "text/html", "\u00ff\u0000bytes", "0123456789abcdefghijklmnopqrstuvwxyz"};
    private static final long[] CAPACITIES = {0, 64, 100, 160, 256, 1024};
    private static final int[] BLOCKED = {0, 1, 2, 100};

    @Property(tries = 200)
    void roundTripsWithTableChurnAndDelayedInstructions(@ForAll long seed) {
        Random random = new Random(seed);
        long capacity = CAPACITIES[random.nextInt(CAPACITIES.length)];
        int blocked = BLOCKED[random.nextInt(BLOCKED.length)];
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(capacity, blocked, 1 << 20));
        QpackEncoder encoder = new QpackEncoder(random.nextBoolean() ? capacity : 4096);
        encoder.applyPeerSettings(capacity, blocked);

        ArrayDeque<ByteBuffer> encoderStream = new ArrayDeque<>();
        ArrayDeque<ByteBuffer> decoderStream = new ArrayDeque<>();
        List<Long> inFlight = new ArrayList<>();
        Map<Long, ByteBuffer> encodedSections = new HashMap<>();
        Map<Long, FieldSection> expected = new HashMap<>();
        Map<Long, FieldSection> decoded = new HashMap<>();
        List<Long> cancelled = new ArrayList<>();
        List<Long> blockedIds = new ArrayList<>();

        int sections = 40;
        long nextStream = 0;
        boolean sawBlocked = false;
        boolean sawEviction = false;
        while (nextStream < 4L * sections || !inFlight.isEmpty() || !encoderStream.isEmpty()) {
            int action = random.nextInt(6);
            if (action == 0 && nextStream < 4L * sections) {
                long streamId = nextStream;
                nextStream += 4;
                FieldSection section = randomSection(random);
                expected.put(streamId, section);
                encodedSections.put(streamId, encoder.encode(streamId, section));
                inFlight.add(streamId);
                split(encoder.pollEncoderStream(), random, encoderStream);
            } else if (action == 1 && !encoderStream.isEmpty()) {
                for (DecodedSection section : decoder.onEncoderStream(encoderStream.poll())) {
                    decoded.put(section.streamId(), section.section());
                }
            } else if (action == 2 && !inFlight.isEmpty()) {
                long streamId = inFlight.remove(random.nextInt(inFlight.size()));
                if (random.nextInt(10) == 0) {
                    // The stream is reset before (or while) its section is processed.
                    decoder.cancelStream(streamId);
                    cancelled.add(streamId);
                } else {
                    Optional<FieldSection> section = decoder.decode(streamId, encodedSections.get(streamId));
                    section.ifPresentOrElse(s -> decoded.put(streamId, s), () -> blockedIds.add(streamId));
                }
            } else if (action == 3) {
                split(decoder.pollDecoderStream(), random, decoderStream);
            } else if (action == 4 && !decoderStream.isEmpty()) {
                encoder.onDecoderStream(decoderStream.poll());
            } else if (action == 5 && !blockedIds.isEmpty() && random.nextInt(4) == 0) {
                // A stream reset while its section waits for entries (RFC 9204 §2.2.2.2).
                long streamId = blockedIds.remove(random.nextInt(blockedIds.size()));
                if (!decoded.containsKey(streamId)) {
                    decoder.cancelStream(streamId);
                    cancelled.add(streamId);
                }
            }
            assertThat(decoder.blockedStreams()).isLessThanOrEqualTo(blocked);
            sawBlocked |= decoder.blockedStreams() > 0;
            sawEviction |= decoder.insertCount() * FieldLine.ENTRY_OVERHEAD > capacity;
        }
        Statistics.label("a section blocked").collect(sawBlocked);
        Statistics.label("entries evicted").collect(sawEviction);
        // With the whole encoder stream delivered, nothing can still be blocked.
        assertThat(decoder.blockedStreams()).isZero();
        split(decoder.pollDecoderStream(), random, decoderStream);
        while (!decoderStream.isEmpty()) {
            encoder.onDecoderStream(decoderStream.poll());
        }

        for (Map.Entry<Long, FieldSection> entry : expected.entrySet()) {
            if (!cancelled.contains(entry.getKey())) {
                assertThat(decoded.get(entry.getKey())).as("stream %d", entry.getKey()).isEqualTo(entry.getValue());
            }
        }
        assertThat(encoder.blockingStreams()).isZero();
        assertThat(encoder.knownReceivedCount()).isEqualTo(encoder.insertCount());
        assertThat(decoder.insertCount()).isEqualTo(encoder.insertCount());
    }

    private static FieldSection randomSection(Random random) {
        int count = 1 + random.nextInt(6);
        List<FieldLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String value = name.equals("x-long")
                    ? "z".repeat(random.nextInt(300))
                    : VALUES[random.nextInt(
                            VALUES.length)];
            lines.add(new FieldLine(name, value, random.nextInt(8) == 0));
        }
        return new FieldSection(lines);
    }

    /** Queues {@code bytes} in random pieces, as stream frames would carry them. */
    private static void split(ByteBuffer bytes, Random random, ArrayDeque<ByteBuffer> queue) {
        while (bytes.hasRemaining()) {
            int length = 1 + random.nextInt(bytes.remaining());
            ByteBuffer piece = bytes.slice(bytes.position(), length);
            bytes.position(bytes.position() + length);
            queue.add(piece);
        }
    }
}
