package io.quic4j.server.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entity tags (RFC 9110 §8.8.3) and the lists of them in If-Match and If-None-Match (RFC 9110 §13.1.1,
 * §13.1.2). A tag is kept with its quotes, as the opaque-tag the grammar defines.
 */
public final class EntityTags {
    private EntityTags() {
    }

    /**
     * One entity tag.
     *
     * @param weak whether it had the {@code W/} prefix
     * @param opaque the quoted opaque-tag, quotes included
     */
    public record EntityTag(boolean weak, String opaque) {
        /**
         * RFC 9110 §8.8.3.2 strong comparison: both strong and the opaque tags equal.
         *
         * @param other the tag to compare with
         * @return whether they match strongly
         */
        public boolean strongMatch(EntityTag other) {
            return !weak && !other.weak && opaque.equals(other.opaque);
        }

        /**
         * RFC 9110 §8.8.3.2 weak comparison: the opaque tags equal, either or both may be weak.
         *
         * @param other the tag to compare with
         * @return whether they match weakly
         */
        public boolean weakMatch(EntityTag other) {
            return opaque.equals(other.opaque);
        }
    }

    /**
     * Parses {@code #entity-tag}, tolerating empty list elements (RFC 9110 §5.6.1.2). The caller handles
     * {@code *}.
     *
     * @param value a field value
     * @return the tags, or empty if the value is not such a list (including a list with no tag)
     */
    public static Optional<List<EntityTag>> parseList(String value) {
        List<EntityTag> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (true) {
            i = skipOwsAndCommas(value, i);
            if (i == n) {
                break;
            }
            int end = tagEnd(value, i);
            if (end < 0) {
                return Optional.empty();
            }
            tags.add(tag(value, i, end));
            i = skipOws(value, end);
            if (i < n && value.charAt(i) != ',') {
                return Optional.empty();
            }
        }
        return tags.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(tags));
    }

    /**
     * @param value a field value holding exactly one entity tag (If-Range's)
     * @return the tag, or empty if the value is anything else
     */
    public static Optional<EntityTag> parseOne(String value) {
        int end = tagEnd(value, 0);
        return end == value.length() ? Optional.of(tag(value, 0, end)) : Optional.empty();
    }

    private static EntityTag tag(String value, int start, int end) {
        boolean weak = value.startsWith("W/", start);
        return new EntityTag(weak, value.substring(weak ? start + 2 : start, end));
    }

    /** The index after the entity-tag starting at {@code i}, or -1 if there is none. */
    private static int tagEnd(String value, int i) {
        if (value.startsWith("W/", i)) {
            i += 2;
        }
        if (i >= value.length() || value.charAt(i) != '"') {
            return -1;
        }
        for (i++; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            // etagc = %x21 / %x23-7E / obs-text
            if (c < 0x21 || c == 0x7f || c > 0xff) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipOws(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int skipOwsAndCommas(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
            i++;
        }
        return i;
    }
}
