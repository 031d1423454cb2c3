package io.quic4j.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar of {@code quic4j get}: redrawn at most ten times a second, with percent when the length is known. */
class ProgressTest {
    private static final long MS = 1_000_000L;

    @Test
    void redrawsAtMostTenTimesASecond() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), true, 1000, 0);
        for (long t = 0; t < 1000 * MS; t += 10 * MS) { // 100 updates over one second
            p.advance(10, 200 * MS + t);
        }
        long redraws = out.toString().chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(9L, 10L);
        assertThat(p.bytes()).isEqualTo(1000);
    }

    @Test
    void showsPercentOfAKnownLengthAndEndsItsLine() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), true, 4 * 1024 * 1024, 0);
        p.advance(1024 * 1024, 1000 * MS);
        p.finish(2000 * MS);
        assertThat(out.toString()).contains(" 25% 1.0 MiB / 4.0 MiB", "MB/s").endsWith(System.lineSeparator());
    }

    @Test
    void drawsNothingWhenNotOnATerminal() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), false, -1, 0);
        p.advance(5000, 1000 * MS);
        p.finish(2000 * MS);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void summaryNamesTheUrlStatusBytesTimeRateAndProtocol() {
        assertThat(Progress.summary("https://h/x", 200, 2_000_000, 1_000_000_000L))
                .isEqualTo("GET https://h/x -> 200, 2000000 bytes in 1.000 s (2.00 MB/s) over h3");
        assertThat(Progress.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.size(999)).isEqualTo("999 B");
    }
}
