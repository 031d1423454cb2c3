package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many concurrent streams of random sizes through the frame pipe, with loss: every byte arrives intact
 * and in order per stream, flow control at both levels is respected throughout (RFC 9000 §2.2, §4,
 * §13.3), windows only grow up to their maximum, and everything is retired at the end.
 */
class StreamTransferTest {
    private static final StreamConfig CONFIG = new StreamConfig(64, 64, 16 * 1024, 256 * 1024, 64 * 1024,
            1 << 20, 32 * 1024);

    @ParameterizedTest(name = "seed {0}, loss {1}")
    @CsvSource({"11, 0.0", "12, 0.05", "13, 0.05"})
    void everyByteArrivesIntactAndInOrderUnderLoss(long seed, double loss) {
        FramePipe pipe = new FramePipe(CONFIG, seed, loss);
        Random random = new Random(seed);
        Map<Long, byte[]> sent = new HashMap<>();
        Map<Long, Integer> written = new HashMap<>();
        List<Stream> writers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Stream s = pipe.client.open(random.nextBoolean());
            byte[] data = new byte[random.nextInt(200 * 1024)];
            random.nextBytes(data);
            sent.put(s.id(), data);
            written.put(s.id(), 0);
            writers.add(s);
        }
        Map<Long, ByteArrayOutputStream> received = new HashMap<>();
        List<Stream> readers = new ArrayList<>();
        int finished = 0;
        for (int round = 0; finished < writers.size() || !readers.isEmpty(); round++) {
            assertThat(round).isLessThan(100_000);
            for (Stream s : writers) {
                byte[] data = sent.get(s.id());
                int off = written.get(s.id());
                if (off < data.length) {
                    int n = s.write(ByteBuffer.wrap(data, off, data.length - off));
                    written.put(s.id(), off + n);
                    if (off + n == data.length) {
                        s.finish();
                        finished++;
                    }
                } else if (data.length == 0 && !s.send().isFinished()) {
                    s.finish();
                    finished++;
                }
            }
            for (boolean bidi : new boolean[]{true, false}) {
                for (Stream s; (s = pipe.server.accept(bidi)) != null;) {
                    readers.add(s);
                    received.put(s.id(), new ByteArrayOutputStream());
                }
            }
            ByteBuffer buf = ByteBuffer.allocate(7000);
            for (var it = readers.iterator(); it.hasNext();) {
                Stream s = it.next();
                int n;
                while ((n = s.read(buf.clear(), pipe.now)) > 0) {
                    received.get(s.id()).write(buf.array(), 0, n);
                }
                if (n == -1) {
                    s.close();
                    it.remove();
                }
            }
            pipe.pump();
            assertThat(pipe.server.receiveConnection().highestReceived())
                    .isLessThanOrEqualTo(pipe.server.receiveConnection().limit());
            assertThat(pipe.server.receiveConnection().window()).isLessThanOrEqualTo(1 << 20);
        }
        pipe.settle();
        assertThat(received.keySet()).isEqualTo(sent.keySet());
        for (var e : sent.entrySet()) {
            assertThat(received.get(e.getKey()).toByteArray()).as("stream %d", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(pipe.client.counts().open()).isZero();
        assertThat(pipe.server.counts().open()).isZero();
        assertThat(pipe.server.incoming(true).isWhole()).isTrue();
        assertThat(pipe.server.incoming(false).isWhole()).isTrue();
    }
}
