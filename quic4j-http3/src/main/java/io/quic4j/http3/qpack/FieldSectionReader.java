package io.quic4j.http3.qpack;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes encoded field sections (RFC 9204 §4.5): the prefix (Required Insert Count §4.5.1.1, Base §4.5.1.2) and
 * the five field line representations (§4.5.2-§4.5.6). Every failure is QPACK_DECOMPRESSION_FAILED. The section
 * size limit is checked line by line before each string is decoded, so an over-limit section never allocates more
 * than the limit.
 */
final class FieldSectionReader {
    private static final Http3Error ERROR = Http3Error.QPACK_DECOMPRESSION_FAILED;

    private FieldSectionReader() {
    }

    /**
     * Reads the Required Insert Count (RFC 9204 §4.5.1.1) and reconstructs it from its encoding.
     *
     * @param in the section, at its first byte
     * @param maxTableCapacity the decoder's SETTINGS_QPACK_MAX_TABLE_CAPACITY
     * @param totalInserts the decoder's Insert Count
     * @return the Required Insert Count
     */
    static long requiredInsertCount(ByteBuffer in, long maxTableCapacity, long totalInserts) {
        long encoded = QpackInteger.decode(in, 8, ERROR);
        if (encoded == QpackInteger.INCOMPLETE) {
            throw new Http3Exception(ERROR, "field section prefix truncated");
        }
        if (encoded == 0) {
            return 0;
        }
        long maxEntries = maxTableCapacity / FieldLine.ENTRY_OVERHEAD;
        long fullRange = 2 * maxEntries;
        if (encoded > fullRange) {
            throw new Http3Exception(ERROR, "encoded Required Insert Count " + encoded + " exceeds " + fullRange);
        }
        long maxValue = totalInserts + maxEntries;
        long maxWrapped = maxValue / fullRange * fullRange;
        long required = maxWrapped + encoded - 1;
        // "If ReqInsertCount exceeds MaxValue, the Encoder's value must have wrapped one fewer time."
        if (required > maxValue) {
            if (required <= fullRange) {
                throw new Http3Exception(ERROR, "encoded Required Insert Count " + encoded + " is impossible with "
                        + totalInserts + " insertions");
            }
            required -= fullRange;
        }
        if (required == 0) {
            throw new Http3Exception(ERROR, "Required Insert Count 0 encoded as non-zero");
        }
        return required;
    }

    /**
     * Reads the Base and the field lines of a section whose Required Insert Count the table satisfies.
     *
     * @param in the section after its Required Insert Count; read to its limit
     * @param requiredInsertCount the reconstructed Required Insert Count, at most the table's Insert Count
     * @param table the decoder's dynamic table
     * @param maxSize SETTINGS_MAX_FIELD_SECTION_SIZE
     * @return the field lines
     */
    static FieldSection read(ByteBuffer in, long requiredInsertCount, DynamicTable table, long maxSize) {
        if (!in.hasRemaining()) {
            throw new Http3Exception(ERROR, "field section prefix truncated");
        }
        boolean negative = (in.get(in.position()) & 0x80) != 0;
        long delta = integer(in, 7);
        long base;
        if (negative) {
            // RFC 9204 §4.5.1.2: "An endpoint MUST treat a field block with a Sign bit of 1 as invalid if the value
            // of Required Insert Count is less than or equal to the value of Delta Base."
            if (requiredInsertCount <= delta) {
                throw new Http3Exception(ERROR, "negative Base: Required Insert Count " + requiredInsertCount
                        + " - Delta Base " + delta + " - 1");
            }
            base = requiredInsertCount - delta - 1;
        } else {
            base = requiredInsertCount + delta; // both < 2^62: no overflow
        }
        Reader reader = new Reader(in, requiredInsertCount, base, table, maxSize);
        List<FieldLine> lines = new ArrayList<>();
        while (in.hasRemaining()) {
            lines.add(reader.line());
        }
        return new FieldSection(lines);
    }

    private static long integer(ByteBuffer in, int prefixBits) {
        long value = QpackInteger.decode(in, prefixBits, ERROR);
        if (value == QpackInteger.INCOMPLETE) {
            throw new Http3Exception(ERROR, "field line truncated");
        }
        return value;
    }

    /** The state of one section's decoding: its Base, Required Insert Count and remaining size budget. */
    private static final class Reader {
        private final ByteBuffer in;
        private final long requiredInsertCount;
        private final long base;
        private final DynamicTable table;
        private final long maxSize;
        private long remaining;

        Reader(ByteBuffer in, long requiredInsertCount, long base, DynamicTable table, long maxSize) {
            this.in = in;
            this.requiredInsertCount = requiredInsertCount;
            this.base = base;
            this.table = table;
            this.maxSize = maxSize;
            this.remaining = maxSize;
        }

        FieldLine line() {
            int first = in.get(in.position()) & 0xff;
            if ((first & 0x80) != 0) {
                // Indexed Field Line (§4.5.2): '1' T Index(6+).
                long index = integer(in, 6);
                FieldLine entry = (first & 0x40) != 0 ? staticEntry(index) : relative(index);
                return count(new FieldLine(entry.name(), entry.value(), false));
            }
            if ((first & 0x40) != 0) {
                // Literal Field Line with Name Reference (§4.5.4): '01' N T NameIndex(4+).
                long index = integer(in, 4);
                String name = ((first & 0x10) != 0 ? staticEntry(index) : relative(index)).name();
                return literal(name, (first & 0x20) != 0);
            }
            if ((first & 0x20) != 0) {
                // Literal Field Line with Literal Name (§4.5.6): '001' N H NameLength(3+).
                String name = string(4, FieldLine.ENTRY_OVERHEAD);
                return literal(name, (first & 0x10) != 0);
            }
            if ((first & 0x10) != 0) {
                // Indexed Field Line with Post-Base Index (§4.5.3): '0001' Index(4+).
                FieldLine entry = postBase(integer(in, 4));
                return count(new FieldLine(entry.name(), entry.value(), false));
            }
            // Literal Field Line with Post-Base Name Reference (§4.5.5): '0000' N NameIndex(3+).
            String name = postBase(integer(in, 3)).name();
            return literal(name, (first & 0x08) != 0);
        }

        private FieldLine literal(String name, boolean sensitive) {
            String value = string(8, FieldLine.ENTRY_OVERHEAD + name.length());
            return count(new FieldLine(name, value, sensitive));
        }

        /** Reads a string literal no longer than what the size budget leaves after {@code reserved} bytes. */
        private String string(int prefixBits, long reserved) {
            long budget = remaining - reserved;
            if (budget < 0) {
                throw tooLarge();
            }
            String s = QpackString.decode(in, prefixBits, (int) Math.min(budget, Integer.MAX_VALUE), ERROR);
            if (s == null) {
                throw new Http3Exception(ERROR, "string literal truncated");
            }
            return s;
        }

        private FieldLine count(FieldLine line) {
            if (line.size() > remaining) {
                throw tooLarge();
            }
            remaining -= line.size();
            return line;
        }

        private Http3Exception tooLarge() {
            // RFC 9114 §4.2.2: the size is name + value + 32 per line. The dynamic table is untouched by a failed
            // section, so a caller may answer this one with a stream error (or 431) rather than closing.
            return new Http3Exception(ERROR, "field section exceeds SETTINGS_MAX_FIELD_SECTION_SIZE " + maxSize);
        }

        private static FieldLine staticEntry(long index) {
            if (index >= StaticTable.SIZE) {
                // RFC 9204 §3.1: an invalid static index in a field line is QPACK_DECOMPRESSION_FAILED.
                throw new Http3Exception(ERROR, "static table index " + index + " out of range");
            }
            return StaticTable.get((int) index);
        }

        /** A relative index: absolute index Base - 1 - index (§3.2.5). */
        private FieldLine relative(long index) {
            if (index >= base) {
                throw new Http3Exception(ERROR, "relative index " + index + " below absolute index 0 (Base " + base
                        + ")");
            }
            return dynamic(base - 1 - index);
        }

        /** A post-Base index: absolute index Base + index (§3.2.6). */
        private FieldLine postBase(long index) {
            if (base >= requiredInsertCount || index >= requiredInsertCount - base) {
                throw new Http3Exception(ERROR, "post-Base index " + index + " at or past the Required Insert Count "
                        + requiredInsertCount + " (Base " + base + ")");
            }
            return dynamic(base + index);
        }

        private FieldLine dynamic(long absoluteIndex) {
            // RFC 9204 §2.2.3: a reference to an evicted entry or at or past the Required Insert Count is
            // QPACK_DECOMPRESSION_FAILED.
            if (absoluteIndex >= requiredInsertCount) {
                throw new Http3Exception(ERROR, "dynamic index " + absoluteIndex
                        + " at or past the Required Insert Count " + requiredInsertCount);
            }
            FieldLine entry = table.get(absoluteIndex);
            if (entry == null) {
                throw new Http3Exception(ERROR, "dynamic table entry " + absoluteIndex + " was evicted");
            }
            return entry;
        }
    }
}
