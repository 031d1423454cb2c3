package io.quic4j.server.files;

import io.quic4j.server.files.EntityTags.EntityTag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Conditional requests (RFC 9110 §13) for a GET or HEAD of one file. A field whose value does not parse
 * is treated as absent: for a safe method, ignoring a precondition only costs a full response.
 */
final class Preconditions {
    private Preconditions() {
    }

    /**
     * RFC 9110 §13.2.2, steps 1 to 4, for GET and HEAD.
     *
     * @return 412 or 304 if a precondition stops the request, empty to go on and serve
     */
    static Optional<Integer> evaluate(FileRequest request, EntityTag etag, Instant lastModified, int year) {
        Optional<String> ifMatch = request.field("if-match");
        Optional<Boolean> matched = ifMatch.flatMap(v -> listMatches(v, etag, true));
        if (matched.isPresent()) {
            if (!matched.get()) {
                return Optional.of(412); // step 1
            }
        } else {
            // Step 2: If-Unmodified-Since only when If-Match is absent; false if modified after the date.
            Optional<Instant> date = request.field("if-unmodified-since").flatMap(v -> HttpDate.parse(v, year));
            if (date.isPresent() && lastModified.isAfter(date.get())) {
                return Optional.of(412);
            }
        }
        Optional<Boolean> noneMatched = request.field("if-none-match").flatMap(v -> listMatches(v, etag, false));
        if (noneMatched.isPresent()) {
            // Step 3, RFC 9110 §13.1.2: weak comparison; a match means "not modified" for GET and HEAD.
            return noneMatched.get() ? Optional.of(304) : Optional.empty();
        }
        // Step 4, RFC 9110 §13.1.3: false (304) if the representation was not modified after the date.
        Optional<Instant> since = request.field("if-modified-since").flatMap(v -> HttpDate.parse(v, year));
        if (since.isPresent() && !lastModified.isAfter(since.get())) {
            return Optional.of(304);
        }
        return Optional.empty();
    }

    /**
     * RFC 9110 §13.1.5: If-Range holds if its entity tag matches strongly, or its date equals the
     * Last-Modified we would send. A weak tag or a malformed value never holds: the Range is ignored.
     *
     * @return whether the Range field applies (true if there is no If-Range)
     */
    static boolean ifRangeHolds(FileRequest request, EntityTag etag, Instant lastModified, int year) {
        Optional<String> ifRange = request.field("if-range");
        if (ifRange.isEmpty()) {
            return true;
        }
        String value = ifRange.get().strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return EntityTags.parseOne(value).map(etag::strongMatch).orElse(false);
        }
        return HttpDate.parse(value, year).map(lastModified::equals).orElse(false);
    }

    /** Whether {@code *} or a tag of the list matches; empty if the value does not parse. */
    private static Optional<Boolean> listMatches(String value, EntityTag etag, boolean strong) {
        if (value.strip().equals("*")) {
            return Optional.of(true); // the file exists, so it has a current representation
        }
        Optional<List<EntityTag>> tags = EntityTags.parseList(value);
        return tags.map(list -> list.stream().anyMatch(t -> strong ? t.strongMatch(etag) : t.weakMatch(etag)));
    }
}
