package io.quic4j.server.files;

import java.nio.file.Path;
import java.util.Objects;

/** What a {@link FileResponse} carries after its header section: nothing, or a region of one file. */
public sealed interface Body {
    /** No content: HEAD, 304, redirects and errors. */
    record None() implements Body {
    }

    /**
     * {@code length} bytes of {@code file} starting at {@code offset}. The sizes were read from the file
     * system when the response was built; a file that shrinks before it is sent must end the response
     * with an error, not a short body (the header section already promised {@code length} bytes).
     *
     * @param file the file's real path (symbolic links resolved)
     * @param offset the first byte to send
     * @param length how many bytes to send
     */
    record FileRegion(Path file, long offset, long length) implements Body {
        /** Validates a non-null path and a non-negative region. */
        public FileRegion {
            Objects.requireNonNull(file, "file");
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("file region needs offset >= 0 and length >= 0, got offset "
                        + offset + " length " + length);
            }
        }
    }
}
