package io.quic4j.server.files;

import java.util.Locale;
import java.util.Map;

/**
 * Media types by file-name extension: the few a static site needs. Text types carry
 * {@code charset=utf-8} (RFC 9110 §8.3.2) so a browser does not sniff; anything unknown is
 * {@code application/octet-stream} (RFC 9110 §8.3: the sender does not know the type).
 */
public final class ContentTypes {
    /** The type of anything without a known extension. */
    public static final String DEFAULT = "application/octet-stream";

    private static final String UTF8 = "; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html" + UTF8),
            Map.entry("htm", "text/html" + UTF8),
            Map.entry("css", "text/css" + UTF8),
            // RFC 9239 §6: text/javascript is the one type for JavaScript, modules included.
            Map.entry("js", "text/javascript" + UTF8),
            Map.entry("mjs", "text/javascript" + UTF8),
            Map.entry("txt", "text/plain" + UTF8),
            // RFC 8259 §11: application/json has no charset parameter; it is always UTF-8.
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("mp4", "video/mp4"));

    private ContentTypes() {
    }

    /**
     * @param fileName a file name (not a path); the extension compares case-insensitively
     * @return the Content-Type field value for it
     */
    public static String forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
