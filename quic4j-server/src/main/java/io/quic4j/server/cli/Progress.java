package io.quic4j.server.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a {@code quic4j get} download on stderr: a bar redrawn in place (at most ten times a second) when
 * stderr is a terminal, and the one-line summary at the end.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean bar;
    private final long contentLength;
    private final long startNanos;
    private long lastDrawNanos;
    private long bytes;
    private boolean drawn;

    /**
     * @param err where to draw
     * @param bar whether to draw the bar (stderr is a terminal and the body goes to a file)
     * @param contentLength the body's length from {@code content-length}, or -1
     * @param startNanos when the request started ({@link System#nanoTime()})
     */
    Progress(PrintWriter err, boolean bar, long contentLength, long startNanos) {
        this.err = err;
        this.bar = bar;
        this.contentLength = contentLength;
        this.startNanos = startNanos;
    }

    /**
     * Counts bytes received and redraws the bar if enough time has passed.
     *
     * @param n bytes just received
     * @param nowNanos {@link System#nanoTime()}
     */
    void advance(long n, long nowNanos) {
        bytes += n;
        if (bar && nowNanos - lastDrawNanos >= REDRAW_NANOS) {
            lastDrawNanos = nowNanos;
            draw(nowNanos);
        }
    }

    /** @return the bytes received so far */
    long bytes() {
        return bytes;
    }

    /** Draws the bar one last time and ends its line, if it was drawn. */
    void finish(long nowNanos) {
        if (bar) {
            draw(nowNanos);
        }
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    private void draw(long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        StringBuilder line = new StringBuilder("\r");
        if (contentLength > 0) {
            int percent = (int) Math.min(100, bytes * 100 / contentLength);
            int filled = percent * BAR_WIDTH / 100;
            line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", percent)).append(size(bytes)).append(" / ")
                    .append(size(contentLength));
        } else {
            line.append(size(bytes));
        }
        line.append(String.format(Locale.ROOT, "  %.1f MB/s   ", bytes / seconds / 1e6));
        err.print(line);
        err.flush();
        drawn = true;
    }

    /** @return {@code bytes} as B, KiB, MiB or GiB with one decimal */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * @return the summary line: {@code GET URL -> 200, N bytes in T s (R MB/s) over h3}
     */
    static String summary(String url, int status, long bytes, long nanos) {
        double seconds = Math.max(1e-9, nanos / 1e9);
        return String.format(Locale.ROOT, "GET %s -> %d, %d bytes in %.3f s (%.2f MB/s) over h3", url, status, bytes,
                seconds, bytes / seconds / 1e6);
    }
}
