package io.quic4j.server.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request target's path, decoded and normalized into the segments {@link StaticFiles} resolves
 * under its root. Parsing rejects (empty result, answered with 400) what could name something other
 * than the segments it appears to: malformed percent-escapes, an encoded or literal NUL, an encoded
 * slash, any backslash, control characters, spaces, non-ASCII and fragments.
 *
 * <p>Each segment is percent-decoded (UTF-8) before dot segments are removed, so {@code %2e%2e} is a
 * {@code ..} segment: RFC 3986 §6.2.2.2 normalizes encoded unreserved characters first, and a server
 * that compared the raw text would let {@code %2e%2e} through as an ordinary name. Dot segments are
 * then removed as RFC 3986 §5.2.4 does, which can never climb above the root, and empty segments
 * ({@code a//b}) are dropped, as a file system would.
 *
 * @param segments the decoded names, root first; none is empty, {@code .} or {@code ..}
 * @param directory whether the path names a directory: it ended in {@code /}, {@code .} or {@code ..}
 * @param query the query after {@code ?}, without it, or null if there was none
 */
public record RequestPath(List<String> segments, boolean directory, String query) {
    /** Copies the segment list. */
    public RequestPath {
        segments = List.copyOf(segments);
    }

    /**
     * @param target a request target in origin-form ({@code /a/b?q})
     * @return the normalized path, or empty if the target is malformed
     */
    public static Optional<RequestPath> parse(String target) {
        if (!target.startsWith("/")) {
            return Optional.empty(); // origin-form only (RFC 9110 §7.1); asterisk-form is OPTIONS, refused earlier
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            // RFC 3986 §3.3: a path is pchars and '/'; '#' starts a fragment, which never reaches a server.
            if (c <= 0x20 || c >= 0x7f || c == '#' || c == '\\') {
                return Optional.empty();
            }
        }
        List<String> out = new ArrayList<>();
        boolean directory = false;
        for (String raw : rawPath.substring(1).split("/", -1)) {
            Optional<String> decoded = decode(raw);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            String segment = decoded.get();
            switch (segment) {
                case "" -> directory = true; // a trailing '/' (or a '//' that is dropped)
                case "." -> directory = true;
                case ".." -> {
                    if (!out.isEmpty()) {
                        out.removeLast();
                    }
                    directory = true;
                }
                default -> {
                    out.add(segment);
                    directory = false;
                }
            }
        }
        return Optional.of(new RequestPath(out, directory, query));
    }

    /** Percent-decodes one segment as UTF-8; empty if an escape or the UTF-8 is malformed or forbidden. */
    private static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return Optional.of(raw);
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.put((byte) c);
                continue;
            }
            if (i + 2 >= raw.length()) {
                return Optional.empty();
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            int b = hi << 4 | lo;
            // An encoded '/' or '\' would be a separator to the file system but data to the URI: refuse
            // rather than guess; NUL ends a name in C and is never part of one.
            if (b == 0 || b == '/' || b == '\\') {
                return Optional.empty();
            }
            bytes.put((byte) b);
            i += 2;
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * This path as a directory in origin-form, re-encoded from its segments (never from the raw target,
     * so a request for {@code //evil.example} cannot become a redirect to another host).
     *
     * @return {@code /seg1/seg2/} plus {@code ?query} if the request had one
     */
    public String asDirectoryTarget() {
        StringBuilder sb = new StringBuilder("/");
        for (String segment : segments) {
            encode(segment, sb);
            sb.append('/');
        }
        if (query != null) {
            sb.append('?').append(query);
        }
        return sb.toString();
    }

    private static void encode(String segment, StringBuilder sb) {
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isPchar(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    /** RFC 3986 §3.3 pchar, less pct-encoded: unreserved, sub-delims, ':' and '@'. */
    private static boolean isPchar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }
}
