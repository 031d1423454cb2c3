package io.quic4j.transport.qlog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only strict JSON parser (RFC 8259 grammar, recursive descent): objects become {@link LinkedHashMap}s
 * (duplicate names rejected), arrays {@link List}s, numbers {@link BigDecimal}s, plus String, Boolean and null.
 * Anything the grammar does not allow (trailing commas, leading zeros, raw control characters in strings,
 * bad escapes, trailing text) throws {@link IllegalArgumentException}.
 */
public final class StrictJson {
    private final String s;
    private int i;

    private StrictJson(String s) {
        this.s = s;
    }

    /**
     * @param text one JSON text
     * @return its value
     */
    public static Object parse(String text) {
        StrictJson p = new StrictJson(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    /**
     * Splits a JSON Text Sequence (RFC 7464): every record starts with RS and ends with LF; each is parsed.
     *
     * @param bytes the file
     * @return the records' values
     */
    public static List<Object> parseSequence(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Object> records = new ArrayList<>();
        if (text.isEmpty()) {
            return records;
        }
        if (text.charAt(0) != QlogWriter.RS) {
            throw new IllegalArgumentException("a JSON-SEQ file starts with RS");
        }
        for (String record : text.substring(1).split(String.valueOf(QlogWriter.RS), -1)) {
            if (!record.endsWith("\n")) {
                throw new IllegalArgumentException("record does not end with LF: " + record);
            }
            records.add(parse(record));
        }
        return records;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + i + " in " + s);
    }

    private void ws() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private Object value() {
        char c = peek();
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("bad literal");
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            String name = string();
            ws();
            expect(':');
            ws();
            if (m.containsKey(name)) {
                throw error("duplicate name " + name);
            }
            m.put(name, value());
            ws();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array() {
        expect('[');
        List<Object> l = new ArrayList<>();
        ws();
        if (peek() == ']') {
            i++;
            return l;
        }
        while (true) {
            ws();
            l.add(value());
            ws();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek();
            i++;
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("raw control character");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = peek();
            i++;
            switch (e) {
                case '"' -> b.append('"');
                case '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw error("bad \\u escape");
                        }
                        v = v * 16 + d;
                    }
                    i += 4;
                    b.append((char) v);
                }
                default -> throw error("bad escape");
            }
        }
    }

    private BigDecimal number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else {
            digits();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            digits();
        }
        return new BigDecimal(s.substring(start, i));
    }

    private void digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw error("expected a digit");
        }
    }
}
