package io.quic4j.transport.qlog;

/**
 * Builds one JSON text (RFC 8259) in memory: objects, arrays, strings, integers, booleans and decimal
 * milliseconds. Commas are placed by the encoder; the caller only nests correctly. Reused record after
 * record, so a busy trace does not allocate a builder per event.
 */
final class JsonEncoder {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_DEPTH = 32;

    private final StringBuilder out = new StringBuilder(256);
    /** Per nesting level: whether a value has been written there (so the next needs a comma). */
    private final boolean[] hasValue = new boolean[MAX_DEPTH];
    private int depth;
    /** A name was just written: the next value belongs to it and takes no comma. */
    private boolean afterName;

    JsonEncoder() {
    }

    /** Starts a new text, forgetting the previous one. */
    JsonEncoder reset() {
        out.setLength(0);
        depth = 0;
        afterName = false;
        hasValue[0] = false;
        return this;
    }

    /** @return the text written so far */
    CharSequence text() {
        return out;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (hasValue[depth]) {
            out.append(',');
        }
        hasValue[depth] = true;
    }

    private void open(char c) {
        beforeValue();
        if (depth + 1 >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        out.append(c);
        hasValue[++depth] = false;
    }

    private void close(char c) {
        if (depth == 0) {
            throw new IllegalStateException("nothing open to close with '" + c + "'");
        }
        depth--;
        out.append(c);
    }

    JsonEncoder beginObject() {
        open('{');
        return this;
    }

    JsonEncoder endObject() {
        close('}');
        return this;
    }

    JsonEncoder beginArray() {
        open('[');
        return this;
    }

    JsonEncoder endArray() {
        close(']');
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    JsonEncoder name(String name) {
        beforeValue();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonEncoder value(String s) {
        beforeValue();
        string(s);
        return this;
    }

    JsonEncoder value(long v) {
        beforeValue();
        out.append(v);
        return this;
    }

    JsonEncoder value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** Writes a duration of {@code nanos} as decimal milliseconds, exactly (no floating-point rounding). */
    JsonEncoder millis(long nanos) {
        beforeValue();
        if (nanos < 0) {
            out.append('-');
            if (nanos == Long.MIN_VALUE) {
                out.append("9223372036854.775808");
                return this;
            }
            nanos = -nanos;
        }
        out.append(nanos / 1_000_000);
        long fraction = nanos % 1_000_000;
        if (fraction != 0) {
            out.append('.');
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            String f = Long.toString(fraction);
            for (int i = f.length(); i < digits; i++) {
                out.append('0');
            }
            out.append(f);
        }
        return this;
    }

    JsonEncoder member(String name, String v) {
        return name(name).value(v);
    }

    JsonEncoder member(String name, long v) {
        return name(name).value(v);
    }

    JsonEncoder member(String name, boolean v) {
        return name(name).value(v);
    }

    /**
     * RFC 8259 §7: quotation mark, reverse solidus and the control characters U+0000-U+001F must be escaped.
     * Lone surrogates, which UTF-8 cannot carry, are escaped too, so the text survives encoding; so is
     * U+001E, the JSON-SEQ record separator, which the rule above already covers.
     */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
                        unicodeEscape(c);
                    } else if (Character.isHighSurrogate(c)) {
                        out.append(c).append(s.charAt(++i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private void unicodeEscape(char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
