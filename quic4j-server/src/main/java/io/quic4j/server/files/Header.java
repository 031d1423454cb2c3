package io.quic4j.server.files;

import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP field line. Names are stored lowercase (RFC 9114 §4.2: HTTP/3 field names are lowercase),
 * so a request's fields compare by name with {@link String#equals}.
 *
 * @param name the field name, lowercased on construction
 * @param value the field value, as received or to be sent
 */
public record Header(String name, String value) {
    /** Lowercases the name; both parts must be non-null. */
    public Header {
        name = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(value, "value");
    }
}
