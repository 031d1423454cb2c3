package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Helpers for the transfer tests: a deterministic pseudo-random byte pattern that is generated and checked
 * on the fly (nothing is held twice in memory), an echo transfer over one stream, and SHA-256.
 */
final class Transfers {
    /** A prime period, so that a chunk misplaced by any multiple of a buffer size is caught. */
    static final int PERIOD = 65_521;
    static final int CHUNK = 64 * 1024;
    private static final byte[] BLOCK = new byte[PERIOD + CHUNK];

    static {
        byte[] period = new byte[PERIOD];
        new SplittableRandom(0x5eedL).nextBytes(period);
        // Periodic to the end (CHUNK is longer than PERIOD), so any window of CHUNK bytes is the pattern.
        for (int i = 0; i < BLOCK.length; i++) {
            BLOCK[i] = period[i % PERIOD];
        }
    }

    private Transfers() {
    }

    /** Fills {@code dst[off, off+len)} with the pattern's bytes from stream offset {@code position}. */
    static void fill(byte[] dst, int off, int len, long position, long seed) {
        while (len > 0) {
            int start = (int) Math.floorMod(position + seed, (long) PERIOD);
            int n = Math.min(len, CHUNK);
            System.arraycopy(BLOCK, start, dst, off, n);
            off += n;
            len -= n;
            position += n;
        }
    }

    /** @return the stream offset of the first byte of {@code buf[off, off+len)} that differs, or -1 */
    static long mismatch(byte[] buf, int off, int len, long position, long seed) {
        while (len > 0) {
            int start = (int) Math.floorMod(position + seed, (long) PERIOD);
            int n = Math.min(len, CHUNK);
            int m = Arrays.mismatch(buf, off, off + n, BLOCK, start, start + n);
            if (m >= 0) {
                return position + m;
            }
            off += n;
            len -= n;
            position += n;
        }
        return -1;
    }

    /**
     * Describes a mismatch for a failure message: where the wrong bytes would belong in the pattern, if the
     * next 32 of them occur in it (a misplaced or duplicated range), and how long the wrong run is.
     */
    static String describe(byte[] buf, int off, int len, long position, long bad, long seed) {
        int i = off + (int) (bad - position);
        int n = Math.min(32, off + len - i);
        int run = 0;
        while (i + run < off + len && mismatch(buf, i + run, 1, bad + run, seed) >= 0) {
            run++;
        }
        String where = "not found in the pattern";
        if (n >= 16) {
            for (int p = 0; p < PERIOD; p++) {
                if (Arrays.equals(buf, i, i + n, BLOCK, p, p + n)) {
                    long shift = Math.floorMod(p - (bad + seed), (long) PERIOD);
                    where = "equal to the pattern at stream offset " + bad + " + " + shift + " (mod " + PERIOD + ")";
                    break;
                }
            }
        }
        return "byte " + bad + " differs (read of " + len + " at " + position + "); the wrong bytes are " + where
                + "; first " + run + " bytes after it differ one by one; zero bytes: "
                + (buf[i] == 0 && (n < 2 || buf[i + 1] == 0));
    }

    /** @return the pattern's first {@code length} bytes for {@code seed} */
    static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        fill(b, 0, length, 0, seed);
        return b;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server side: echoes every stream of {@code c} on its own virtual thread until the connection ends. */
    static void echoStreams(QuicConnection c) {
        Thread.startVirtualThread(() -> {
            while (true) {
                QuicStream s;
                try {
                    s = c.acceptStream().join();
                } catch (RuntimeException e) {
                    return; // the connection ended
                }
                Thread.startVirtualThread(() -> {
                    try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                        in.transferTo(out);
                    } catch (IOException | RuntimeException e) {
                        // the test on the other side reports what went wrong
                    }
                });
            }
        });
    }

    /**
     * Server side: echoes every stream of {@code c} like {@link #echoStreams}, checking on the way that the
     * bytes are the pattern for {@code seed}; the first mismatch is recorded in {@code failure}.
     */
    static void echoStreamsChecking(QuicConnection c, long seed, AtomicReference<String> failure) {
        Thread.startVirtualThread(() -> {
            while (true) {
                QuicStream s;
                try {
                    s = c.acceptStream().join();
                } catch (RuntimeException e) {
                    return; // the connection ended
                }
                Thread.startVirtualThread(() -> {
                    byte[] buf = new byte[CHUNK];
                    long pos = 0;
                    try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                        for (int n; (n = in.read(buf)) >= 0;) {
                            long bad = mismatch(buf, 0, n, pos, seed);
                            if (bad >= 0) {
                                failure.compareAndSet(null, "server received: " + describe(buf, 0, n, pos, bad, seed));
                            }
                            out.write(buf, 0, n);
                            pos += n;
                        }
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, "server: " + e);
                    }
                });
            }
        });
    }

    /**
     * Server side: on each stream of {@code c}, reads everything, then answers with the SHA-256 of what it
     * read and FIN; runs until the connection ends.
     */
    static void digestStreams(QuicConnection c) {
        Thread.startVirtualThread(() -> {
            while (true) {
                QuicStream s;
                try {
                    s = c.acceptStream().join();
                } catch (RuntimeException e) {
                    return; // the connection ended
                }
                Thread.startVirtualThread(() -> {
                    try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                        MessageDigest md = sha256();
                        byte[] buf = new byte[8192];
                        for (int n; (n = in.read(buf)) >= 0;) {
                            md.update(buf, 0, n);
                        }
                        out.write(md.digest());
                    } catch (IOException | RuntimeException e) {
                        // the test on the other side reports what went wrong
                    }
                });
            }
        });
    }

    /** Client side of {@link #digestStreams}: sends {@code data} on a new stream and checks the digest. */
    static void sendAndCheckDigest(QuicConnection c, byte[] data) throws IOException {
        QuicStream s = c.openBidirectionalStream().orTimeout(30, TimeUnit.SECONDS).join();
        try (s; InputStream in = s.inputStream()) {
            try (OutputStream out = s.outputStream()) {
                out.write(data);
            }
            byte[] digest = in.readAllBytes();
            if (!MessageDigest.isEqual(digest, sha256().digest(data))) {
                throw new AssertionError("stream " + s.id() + ": the peer's SHA-256 differs");
            }
        }
    }

    /** Client side of {@link #echoStreams} for small messages: sends {@code data} and checks the echo. */
    static void sendAndCheckEcho(QuicConnection c, byte[] data) throws IOException {
        QuicStream s = c.openBidirectionalStream().orTimeout(30, TimeUnit.SECONDS).join();
        try (s; InputStream in = s.inputStream()) {
            try (OutputStream out = s.outputStream()) {
                out.write(data);
            }
            byte[] back = in.readAllBytes();
            if (!Arrays.equals(back, data)) {
                throw new AssertionError("stream " + s.id() + ": echo of " + back.length + " bytes differs from the "
                        + data.length + " sent");
            }
        }
    }

    /** What an echo transfer measured. */
    record Result(long bytes, long nanos) {
        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    /**
     * Sends {@code total} pattern bytes on a new stream of {@code c} and reads them back from an echoing
     * peer, checking each byte as it arrives.
     *
     * @return bytes and nanoseconds from the first write to the last byte read
     * @throws AssertionError when a byte differs or the length is wrong
     */
    static Result echo(QuicConnection c, long total, long seed) throws Exception {
        QuicStream s = c.openBidirectionalStream().orTimeout(30, TimeUnit.SECONDS).join();
        AtomicLong start = new AtomicLong();
        CompletableFuture<Void> written = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            byte[] buf = new byte[CHUNK];
            try (OutputStream out = s.outputStream()) {
                start.set(System.nanoTime());
                for (long pos = 0; pos < total;) {
                    int n = (int) Math.min(CHUNK, total - pos);
                    fill(buf, 0, n, pos, seed);
                    out.write(buf, 0, n);
                    pos += n;
                }
                written.complete(null);
            } catch (IOException | RuntimeException e) {
                written.completeExceptionally(e);
            }
        });
        long pos = 0;
        byte[] buf = new byte[CHUNK];
        try (s; InputStream in = s.inputStream()) {
            for (int n; (n = in.read(buf)) >= 0;) {
                long bad = mismatch(buf, 0, n, pos, seed);
                if (bad >= 0) {
                    throw new AssertionError("echo: " + describe(buf, 0, n, pos, bad, seed));
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long end = System.nanoTime();
        written.get(10, TimeUnit.SECONDS);
        if (pos != total) {
            throw new AssertionError("echo had " + pos + " bytes, expected " + total);
        }
        return new Result(total, end - start.get());
    }
}
