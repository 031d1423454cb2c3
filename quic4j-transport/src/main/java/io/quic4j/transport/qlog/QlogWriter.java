package io.quic4j.transport.qlog;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes qlog records as JSON Text Sequences (RFC 7464; draft-ietf-quic-qlog-main-schema "qlog to JSON Text
 * Sequences mapping"): each record is the ASCII Record Separator (0x1E), one JSON text (RFC 8259, UTF-8),
 * and a Line Feed. The JSON is built by a small encoder of our own (no JSON dependency, DESIGN.md §10).
 *
 * <p>Not thread-safe: a writer belongs to one connection's tracer. I/O errors are thrown to the caller,
 * which decides what a failed trace means ({@link QlogTracer} stops tracing).
 */
public final class QlogWriter implements Closeable {
    /** RFC 7464 §2.2: the record separator that starts every JSON text in a sequence. */
    static final char RS = 0x1E;

    private final Writer out;
    private final JsonEncoder json = new JsonEncoder();

    /**
     * @param out where records go; should be buffered, as every record is one small write
     */
    public QlogWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * @param out a byte stream; records are encoded in UTF-8 (RFC 8259 §8.1) through a buffer
     * @return a writer over it
     */
    public static QlogWriter of(OutputStream out) {
        return new QlogWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /**
     * Starts a record: the returned encoder is empty; write one JSON object into it, then {@link #commit()}.
     * A record begun and not committed is forgotten by the next {@code begin}.
     *
     * @return the encoder for the record
     */
    JsonEncoder begin() {
        return json.reset();
    }

    /**
     * Writes the record started by {@link #begin()}.
     *
     * @throws IOException if the underlying writer fails
     */
    void commit() throws IOException {
        out.write(RS);
        out.append(json.text());
        out.write('\n');
    }

    /**
     * Pushes buffered records to the underlying stream.
     *
     * @throws IOException if it fails
     */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Flushes and closes the underlying stream.
     *
     * @throws IOException if it fails
     */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
