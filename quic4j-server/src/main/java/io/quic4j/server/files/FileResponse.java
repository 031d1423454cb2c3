package io.quic4j.server.files;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to answer a request with: a status, the header section, and the content to send.
 *
 * @param status the status code
 * @param headers the response fields, lowercase names, in the order to send them
 * @param body nothing, or the file region to send as content
 */
public record FileResponse(int status, List<Header> headers, Body body) {
    /** Copies the header list; validates a three-digit status. */
    public FileResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits, got " + status);
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param name a lowercase field name
     * @return the value of the first field line with that name, or empty
     */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equals(name)).map(Header::value).findFirst();
    }
}
