package io.quic4j.http3.client;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;

/**
 * A response's header section, checked against RFC 9114 §4.2 and §4.3.2: exactly one {@code :status}, three digits,
 * before the regular fields, and no other pseudo-header. Anything malformed raises {@link Http3Exception} with
 * H3_MESSAGE_ERROR, a stream error (§4.1.2).
 *
 * @param status the status code, 100 to 599
 * @param headers the regular fields
 */
record ResponseHead(int status, Http3Headers headers) {
    /** @return whether this is an interim (1xx) response, which a final one follows (RFC 9114 §4.1) */
    boolean isInterim() {
        return status < 200;
    }

    static ResponseHead parse(FieldSection section) {
        int status = -1;
        boolean regularSeen = false;
        Http3Headers.Builder headers = Http3Headers.builder();
        for (FieldLine line : section.lines()) {
            String name = line.name();
            if (name.isEmpty() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                throw malformed("field name '" + name + "' is empty or not lowercase (RFC 9114 §4.2)");
            }
            if (name.charAt(0) == ':') {
                // RFC 9114 §4.3: pseudo-headers come first, and a response has only :status (§4.3.2).
                if (regularSeen || !name.equals(":status") || status >= 0) {
                    throw malformed("pseudo-header " + name + " misplaced, repeated or not allowed in a response"
                            + " (RFC 9114 §4.3)");
                }
                status = parseStatus(line.value());
            } else {
                regularSeen = true;
                if (hasBadValue(line.value())) {
                    throw malformed("invalid character in the value of " + name + " (RFC 9114 §10.3)");
                }
                headers.add(name, line.value());
            }
        }
        if (status < 0) {
            throw malformed("no :status (RFC 9114 §4.3.2)");
        }
        return new ResponseHead(status, headers.build());
    }

    static Http3Headers trailers(FieldSection section) {
        Http3Headers.Builder b = Http3Headers.builder();
        for (FieldLine line : section.lines()) {
            // RFC 9114 §4.3: "Pseudo-header fields MUST NOT appear in trailer sections."
            if (line.name().isEmpty() || line.name().charAt(0) == ':' || hasBadValue(line.value())) {
                throw malformed("invalid trailer field '" + line.name() + "' (RFC 9114 §4.3, §10.3)");
            }
            b.add(line.name(), line.value());
        }
        return b.build();
    }

    private static int parseStatus(String v) {
        if (v.length() != 3 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(":status '" + v + "' is not three digits (RFC 9110 §15)");
        }
        int s = Integer.parseInt(v);
        if (s < 100 || s == 101) {
            // RFC 9114 §4.5: no 101 (Switching Protocols) in HTTP/3.
            throw malformed(":status " + s + " is not allowed (RFC 9114 §4.5)");
        }
        return s;
    }

    private static boolean hasBadValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }

    private static Http3Exception malformed(String what) {
        return new Http3Exception(Http3Error.H3_MESSAGE_ERROR, what);
    }
}
