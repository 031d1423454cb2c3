package io.quic4j.server.files;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parts of a request {@link StaticFiles} looks at, free of any HTTP/3 type.
 *
 * @param method the request method, case-sensitive (RFC 9110 §9.1)
 * @param target the request target in origin-form: the {@code :path} pseudo-header, with its query
 * @param headers the request's field lines, in order (names are lowercased by {@link Header})
 */
public record FileRequest(String method, String target, List<Header> headers) {
    /** Copies the header list; all parts must be non-null. */
    public FileRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
    }

    /**
     * A GET or HEAD without conditional or range fields.
     *
     * @param method the method
     * @param target the request target
     * @return the request
     */
    public static FileRequest of(String method, String target) {
        return new FileRequest(method, target, List.of());
    }

    /**
     * The combined value of every field line named {@code name}, joined with ", " as RFC 9110 §5.3
     * allows for list-based fields; a singleton field sent twice thus becomes invalid, which is how the
     * RFC wants it treated.
     *
     * @param name a lowercase field name
     * @return the value, or empty if the field is absent
     */
    public Optional<String> field(String name) {
        List<String> values = headers.stream().filter(h -> h.name().equals(name)).map(Header::value).toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(values.stream().collect(Collectors.joining(", ")));
    }
}
