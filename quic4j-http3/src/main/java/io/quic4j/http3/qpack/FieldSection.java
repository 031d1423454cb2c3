package io.quic4j.http3.qpack;

import java.util.List;

/**
 * A header or trailer section: field lines in wire order (RFC 9204 §2.1 and §2.2: QPACK preserves their order).
 *
 * @param lines the field lines
 */
public record FieldSection(List<FieldLine> lines) {
    /** Copies {@code lines} into an unmodifiable list. */
    public FieldSection {
        lines = List.copyOf(lines);
    }

    /**
     * @param lines the field lines
     * @return a section of those lines
     */
    public static FieldSection of(FieldLine... lines) {
        return new FieldSection(List.of(lines));
    }

    /** @return the section's size as RFC 9114 §4.2.2 counts it: the sum of name + value + 32 over its lines */
    public long size() {
        long size = 0;
        for (FieldLine line : lines) {
            size += line.size();
        }
        return size;
    }

    /**
     * @param name a field name
     * @return the value of the first line with that name, or {@code null}
     */
    public String get(String name) {
        for (FieldLine line : lines) {
            if (line.name().equals(name)) {
                return line.value();
            }
        }
        return null;
    }
}
