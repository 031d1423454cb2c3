package io.quic4j.http3.server;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import java.util.Set;

/**
 * A request's header section, checked against RFC 9114 §4.1.2, §4.2, §4.3.1 and §4.4: the pseudo-header fields
 * and the regular fields. Anything malformed raises {@link Http3Exception} with H3_MESSAGE_ERROR, a stream error
 * (§4.1.2).
 *
 * @param method {@code :method}
 * @param scheme {@code :scheme}, empty for CONNECT
 * @param authority {@code :authority}, else the {@code host} field, else empty
 * @param path {@code :path}, empty for CONNECT
 * @param headers the regular fields
 */
record RequestHead(String method, String scheme, String authority, String path, Http3Headers headers) {
    /** RFC 9114 §4.2: connection-specific fields a message must not carry (RFC 9110 §7.6.1). */
    static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    /** @return whether this is a CONNECT request (RFC 9114 §4.4) */
    boolean isConnect() {
        return method.equals("CONNECT");
    }

    /**
     * @param section the decoded header section
     * @return the checked request head
     * @throws Http3Exception H3_MESSAGE_ERROR for a malformed request
     */
    static RequestHead parse(FieldSection section) {
        String method = null;
        String scheme = null;
        String authority = null;
        String path = null;
        boolean regularSeen = false;
        Http3Headers.Builder headers = Http3Headers.builder();
        for (FieldLine line : section.lines()) {
            String name = line.name();
            checkName(name);
            checkValue(name, line.value());
            if (name.charAt(0) == ':') {
                // RFC 9114 §4.3: "All pseudo-header fields MUST appear in the header section before regular header
                // fields."
                if (regularSeen) {
                    throw malformed("pseudo-header " + name + " after a regular field (RFC 9114 §4.3)");
                }
                switch (name) {
                    case ":method" -> method = once(name, method, line.value());
                    case ":scheme" -> scheme = once(name, scheme, line.value());
                    case ":authority" -> authority = once(name, authority, line.value());
                    case ":path" -> path = once(name, path, line.value());
                    // RFC 9114 §4.3: undefined pseudo-headers, and :status (a response's), are malformed; so is
                    // :protocol, as we do not send SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 9220 §3).
                    default ->
                        throw malformed("pseudo-header " + name + " is not allowed in a request (RFC 9114 §4.3)");
                }
            } else {
                regularSeen = true;
                if (CONNECTION_SPECIFIC.contains(name)) {
                    throw malformed("connection-specific field " + name + " (RFC 9114 §4.2)");
                }
                // RFC 9114 §4.2: TE "MUST NOT contain any value other than "trailers"".
                if (name.equals("te") && !line.value().equals("trailers")) {
                    throw malformed("te other than \"trailers\" (RFC 9114 §4.2)");
                }
                headers.add(name, line.value());
            }
        }
        if (method == null) {
            throw malformed("no :method (RFC 9114 §4.3.1)");
        }
        Http3Headers fields = headers.build();
        String host = fields.get("host");
        if (method.equals("CONNECT")) {
            // RFC 9114 §4.4: ":scheme and :path pseudo-header fields are omitted", ":authority ... MUST" be present.
            if (scheme != null || path != null) {
                throw malformed("CONNECT with :scheme or :path (RFC 9114 §4.4)");
            }
            if (authority == null || authority.isEmpty()) {
                throw malformed("CONNECT without :authority (RFC 9114 §4.4)");
            }
            return new RequestHead(method, "", authority, "", fields);
        }
        if (scheme == null || path == null) {
            throw malformed("no " + (scheme == null ? ":scheme" : ":path") + " (RFC 9114 §4.3.1)");
        }
        boolean httpScheme = scheme.equals("https") || scheme.equals("http");
        if (httpScheme) {
            // RFC 9114 §4.3.1: :path "MUST NOT be empty for "http" or "https" URIs".
            if (path.isEmpty()) {
                throw malformed("empty :path (RFC 9114 §4.3.1)");
            }
            // RFC 9114 §4.3.1: "the request MUST contain either an :authority pseudo-header field or a Host header
            // field. If these fields are present, they MUST NOT be empty. If both fields are present, they MUST
            // contain the same value."
            if (authority == null && host == null) {
                throw malformed("neither :authority nor host (RFC 9114 §4.3.1)");
            }
            if ((authority != null && authority.isEmpty()) || (host != null && host.isEmpty())) {
                throw malformed("empty :authority or host (RFC 9114 §4.3.1)");
            }
            if (authority != null && host != null && !authority.equals(host)) {
                throw malformed(":authority and host differ (RFC 9114 §4.3.1)");
            }
            // RFC 9114 §4.3.1: the authority "MUST NOT include the deprecated userinfo subcomponent".
            String a = authority != null ? authority : host;
            if (a.indexOf('@') >= 0) {
                throw malformed(":authority with userinfo (RFC 9114 §4.3.1)");
            }
        }
        String effectiveAuthority = authority != null ? authority : host != null ? host : "";
        return new RequestHead(method, scheme, effectiveAuthority, path, fields);
    }

    /**
     * Checks a trailer section: regular fields only (RFC 9114 §4.3: "Pseudo-header fields MUST NOT appear in trailer
     * sections").
     *
     * @param section the decoded trailers
     * @return the fields
     */
    static Http3Headers trailers(FieldSection section) {
        Http3Headers.Builder b = Http3Headers.builder();
        for (FieldLine line : section.lines()) {
            checkName(line.name());
            checkValue(line.name(), line.value());
            if (line.name().charAt(0) == ':') {
                throw malformed("pseudo-header " + line.name() + " in trailers (RFC 9114 §4.3)");
            }
            b.add(line.name(), line.value());
        }
        return b.build();
    }

    private static String once(String name, String previous, String value) {
        // RFC 9114 §4.3.1: "exactly one value for the :method, :scheme, and :path pseudo-header fields".
        if (previous != null) {
            throw malformed(name + " twice (RFC 9114 §4.3.1)");
        }
        return value;
    }

    /** RFC 9114 §4.2 and §10.3: lowercase token characters (RFC 9110 §5.1), after an optional ':' for pseudo. */
    private static void checkName(String name) {
        int start = name.startsWith(":") ? 1 : 0;
        if (name.length() == start) {
            throw malformed("empty field name (RFC 9110 §5.1)");
        }
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw malformed("uppercase field name " + name + " (RFC 9114 §4.2)");
            }
            if (!isTokenChar(c)) {
                throw malformed("invalid character 0x" + Integer.toHexString(c) + " in field name (RFC 9114 §10.3)");
            }
        }
    }

    /**
     * RFC 9114 §10.3: "Any request or response that contains a character not permitted in a field value MUST be
     * treated as malformed" (RFC 9110 §5.5 field-content: no CR, LF, NUL or other controls but HTAB, and no
     * leading or trailing whitespace).
     */
    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw malformed("invalid character 0x" + Integer.toHexString(c) + " in the value of " + name
                        + " (RFC 9114 §10.3)");
            }
        }
        if (!value.isEmpty() && (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(value.length() - 1)))) {
            throw malformed("leading or trailing whitespace in the value of " + name + " (RFC 9110 §5.5)");
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 9110 §5.6.2: tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static Http3Exception malformed(String what) {
        return new Http3Exception(Http3Error.H3_MESSAGE_ERROR, what);
    }
}
