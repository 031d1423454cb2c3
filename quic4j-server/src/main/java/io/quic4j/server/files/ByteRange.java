package io.quic4j.server.files;

/**
 * A Range field (RFC 9110 §14.2) applied to a representation of a known length: one satisfiable range,
 * unsatisfiable, or to be ignored (invalid, another unit, several ranges, or nothing to cut).
 */
public sealed interface ByteRange {
    /** Serve the whole representation with 200, as if there were no Range field. */
    record Ignore() implements ByteRange {
    }

    /** Answer 416 with {@code Content-Range: bytes *}{@code /length} (RFC 9110 §15.5.17). */
    record Unsatisfiable() implements ByteRange {
    }

    /**
     * Answer 206 with bytes {@code first..last}, both inclusive.
     *
     * @param first the first byte's offset
     * @param last the last byte's offset, {@code >= first} and below the length
     */
    record Satisfiable(long first, long last) implements ByteRange {
        /** @return how many bytes the range holds */
        public long length() {
            return last - first + 1;
        }
    }

    /**
     * Reads {@code ranges-specifier = range-unit "=" range-set} for a representation of {@code length}
     * bytes.
     *
     * @param value the Range field value
     * @param length the selected representation's length
     * @return what to do
     */
    static ByteRange parse(String value, long length) {
        int eq = value.indexOf('=');
        // RFC 9110 §14.1: range units compare case-insensitively; a unit we do not know is ignored (§14.2).
        if (eq < 0 || !value.substring(0, eq).equalsIgnoreCase("bytes")) {
            return new Ignore();
        }
        String spec = null;
        for (String element : value.substring(eq + 1).split(",", -1)) {
            String trimmed = element.strip();
            if (trimmed.isEmpty()) {
                continue; // RFC 9110 §5.6.1.2: empty list elements are not counted
            }
            if (spec != null) {
                // Several ranges: RFC 9110 §14.2 lets a server ignore the Range field; we send all of it
                // rather than a multipart/byteranges body.
                return new Ignore();
            }
            spec = trimmed;
        }
        if (spec == null) {
            return new Ignore();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Ignore();
        }
        if (dash == 0) {
            long suffix = digits(spec, 1, spec.length());
            if (suffix < 0) {
                return new Ignore();
            }
            // RFC 9110 §14.1.1: a suffix-range is satisfiable if its suffix-length is not zero. A zero-length
            // representation has no bytes to put in a Content-Range, so that case gets the whole (empty) 200.
            if (suffix == 0) {
                return new Unsatisfiable();
            }
            if (length == 0) {
                return new Ignore();
            }
            return new Satisfiable(Math.max(0, length - suffix), length - 1);
        }
        long first = digits(spec, 0, dash);
        long last = dash == spec.length() - 1 ? Long.MAX_VALUE : digits(spec, dash + 1, spec.length());
        if (first < 0 || last < 0 || last < first) {
            return new Ignore(); // RFC 9110 §14.1.1: last-pos < first-pos makes the range-spec invalid
        }
        // RFC 9110 §14.1.1: an int-range is satisfiable if first-pos is below the length; a last-pos past
        // the end is replaced by the last byte's offset.
        if (first >= length) {
            return new Unsatisfiable();
        }
        return new Satisfiable(first, Math.min(last, length - 1));
    }

    /** {@code 1*DIGIT} between from and to, saturating at Long.MAX_VALUE; -1 if not digits. */
    private static long digits(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
