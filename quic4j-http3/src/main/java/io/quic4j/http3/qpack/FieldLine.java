package io.quic4j.http3.qpack;

import java.util.Objects;

/**
 * One field line of a header or trailer section: a name, a value, and whether it is sensitive. Names and values
 * are byte strings held as ISO-8859-1 {@link String}s, one char per octet (RFC 9110 §5.5 allows obs-text octets in
 * values, so they are not necessarily ASCII).
 *
 * <p>A sensitive field line is never inserted into the dynamic table and is sent as a literal with the 'N'
 * (never-indexed) bit set (RFC 9204 §4.5.4, §7.1.3); the decoder reports that bit here, so an intermediary can keep
 * it on the next hop. HTTP/3 requires lowercase names (RFC 9114 §4.2); QPACK itself carries any bytes, so that rule
 * is the HTTP layer's to enforce (a malformed message, not a QPACK error), and {@link #of} is the checked factory for
 * locally built lines.
 *
 * @param name the field name
 * @param value the field value (possibly empty)
 * @param sensitive whether the line must never be indexed
 */
public record FieldLine(String name, String value, boolean sensitive) {
    /** RFC 9204 §3.2.1: the size of an entry is name length + value length + 32. */
    static final int ENTRY_OVERHEAD = 32;

    /**
     * @throws IllegalArgumentException if the name or value holds a char above 0xFF (not a byte string)
     */
    public FieldLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        requireBytes(name, "name");
        requireBytes(value, "value");
    }

    /**
     * A field line built locally: the name must be lowercase (RFC 9114 §4.2) and non-empty.
     *
     * @param name a non-empty lowercase field name
     * @param value the value, chars 0..255
     * @return the line, not sensitive
     * @throws IllegalArgumentException if the name is empty or has uppercase letters
     */
    public static FieldLine of(String name, String value) {
        if (name.isEmpty() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("field names must be non-empty lowercase (RFC 9114 §4.2), was '"
                    + name + "'");
        }
        return new FieldLine(name, value, false);
    }

    /**
     * Like {@link #of}, marked never-indexed (for example authorization or cookie values worth protecting).
     *
     * @param name a non-empty lowercase field name
     * @param value the value
     * @return the sensitive line
     */
    public static FieldLine sensitive(String name, String value) {
        return new FieldLine(of(name, value).name(), value, true);
    }

    /** @return the size this line counts for, in a dynamic table or against a field section size limit */
    public long size() {
        return (long) name.length() + value.length() + ENTRY_OVERHEAD;
    }

    private static void requireBytes(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                throw new IllegalArgumentException(what + " must be a byte string (chars 0..255); encode text as"
                        + " ISO-8859-1 octets first, found U+" + Integer.toHexString(s.charAt(i)));
            }
        }
    }
}
