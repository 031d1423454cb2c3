package io.quic4j.http3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered list of HTTP fields (RFC 9110 §5) as HTTP/3 carries them: names are lowercase (RFC 9114
 * §4.2), a name may occur several times, and the order is kept. Pseudo-header fields are not part of it: the
 * request and response types expose those separately.
 *
 * <pre>{@code
 * Http3Headers h = Http3Headers.builder().add("content-type", "text/plain").add("cache-control", "no-store").build();
 * String type = h.get("Content-Type"); // "text/plain": lookups ignore case
 * }</pre>
 */
public final class Http3Headers {
    /** No fields. */
    public static final Http3Headers EMPTY = new Http3Headers(List.of());

    private final List<Map.Entry<String, String>> fields;

    private Http3Headers(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
    }

    /** @return a builder with no fields */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param name a field name, any case
     * @return the first value of that field, or {@code null}
     */
    public String get(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> f : fields) {
            if (f.getKey().equals(n)) {
                return f.getValue();
            }
        }
        return null;
    }

    /**
     * @param name a field name, any case
     * @return every value of that field, in order
     */
    public List<String> all(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> f : fields) {
            if (f.getKey().equals(n)) {
                values.add(f.getValue());
            }
        }
        return values;
    }

    /** @return every field as a (lowercase name, value) entry, in order */
    public List<Map.Entry<String, String>> fields() {
        return fields;
    }

    /** @return the number of fields */
    public int size() {
        return fields.size();
    }

    /** @return whether there are no fields */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Http3Headers h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Collects fields in order; names are lowercased. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> fields = new ArrayList<>();

        /** An empty builder; see {@link Http3Headers#builder()}. */
        public Builder() {
        }

        /**
         * Appends a field.
         *
         * @param name a non-empty field name without ':' at its start (lowercased here)
         * @param value the value, without CR, LF or NUL
         * @return this builder
         * @throws IllegalArgumentException for an empty or pseudo-header name, or a value with CR, LF or NUL
         */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.charAt(0) == ':') {
                throw new IllegalArgumentException("a field name must be non-empty and not a pseudo-header, was '"
                        + name + "'");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("the value of '" + name + "' holds CR, LF or NUL");
                }
            }
            fields.add(Map.entry(name.toLowerCase(Locale.ROOT), value));
            return this;
        }

        /**
         * Appends every field of {@code headers}.
         *
         * @param headers the fields to add
         * @return this builder
         */
        public Builder addAll(Http3Headers headers) {
            fields.addAll(headers.fields);
            return this;
        }

        /** @return the headers */
        public Http3Headers build() {
            return new Http3Headers(fields);
        }
    }
}
