package io.quic4j.http3.qpack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The QPACK static table (RFC 9204 Appendix A): 99 fixed field lines, indexed from 0 (unlike HPACK's, from 1;
 * RFC 9204 §3.1).
 */
final class StaticTable {
    /** The entries, by index. */
    private static final List<FieldLine> ENTRIES = List.of(
            entry(":authority", ""), // 0
            entry(":path", "/"), // 1
            entry("age", "0"), // 2
            entry("content-disposition", ""), // 3
            entry("content-length", "0"), // 4
            entry("cookie", ""), // 5
            entry("date", ""), // 6
            entry("etag", ""), // 7
            entry("if-modified-since", ""), // 8
            entry("if-none-match", ""), // 9
            entry("last-modified", ""), // 10
            entry("link", ""), // 11
            entry("location", ""), // 12
            entry("referer", ""), // 13
            entry("set-cookie", ""), // 14
            entry(":method", "CONNECT"), // 15
            entry(":method", "DELETE"), // 16
            entry(":method", "GET"), // 17
            entry(":method", "HEAD"), // 18
            entry(":method", "OPTIONS"), // 19
            entry(":method", "POST"), // 20
            entry(":method", "PUT"), // 21
            entry(":scheme", "http"), // 22
            entry(":scheme", "https"), // 23
            entry(":status", "103"), // 24
            entry(":status", "200"), // 25
            entry(":status", "304"), // 26
            entry(":status", "404"), // 27
            entry(":status", "503"), // 28
            entry("accept", "*/*"), // 29
            entry("accept", "application/dns-message"), // 30
            entry("accept-encoding", "gzip, deflate, br"), // 31
            entry("accept-ranges", "bytes"), // 32
            entry("access-control-allow-headers", "cache-control"), // 33
            entry("access-control-allow-headers", "content-type"), // 34
            entry("access-control-allow-origin", "*"), // 35
            entry("cache-control", "max-age=0"), // 36
            entry("cache-control", "max-age=2592000"), // 37
            entry("cache-control", "max-age=604800"), // 38
            entry("cache-control", "no-cache"), // 39
            entry("cache-control", "no-store"), // 40
            entry("cache-control", "public, max-age=31536000"), // 41
            entry("content-encoding", "br"), // 42
            entry("content-encoding", "gzip"), // 43
            entry("content-type", "application/dns-message"), // 44
            entry("content-type", "application/javascript"), // 45
            entry("content-type", "application/json"), // 46
            entry("content-type", "application/x-www-form-urlencoded"), // 47
            entry("content-type", "image/gif"), // 48
            entry("content-type", "image/jpeg"), // 49
            entry("content-type", "image/png"), // 50
            entry("content-type", "text/css"), // 51
            entry("content-type", "text/html; charset=utf-8"), // 52
            entry("content-type", "text/plain"), // 53
            entry("content-type", "text/plain;charset=utf-8"), // 54
            entry("range", "bytes=0-"), // 55
            entry("strict-transport-security", "max-age=31536000"), // 56
            entry("strict-transport-security", "max-age=31536000; includesubdomains"), // 57
            entry("strict-transport-security", "max-age=31536000; includesubdomains; preload"), // 58
            entry("vary", "accept-encoding"), // 59
            entry("vary", "origin"), // 60
            entry("x-content-type-options", "nosniff"), // 61
            entry("x-xss-protection", "1; mode=block"), // 62
            entry(":status", "100"), // 63
            entry(":status", "204"), // 64
            entry(":status", "206"), // 65
            entry(":status", "302"), // 66
            entry(":status", "400"), // 67
            entry(":status", "403"), // 68
            entry(":status", "421"), // 69
            entry(":status", "425"), // 70
            entry(":status", "500"), // 71
            entry("accept-language", ""), // 72
            entry("access-control-allow-credentials", "FALSE"), // 73
            entry("access-control-allow-credentials", "TRUE"), // 74
            entry("access-control-allow-headers", "*"), // 75
            entry("access-control-allow-methods", "get"), // 76
            entry("access-control-allow-methods", "get, post, options"), // 77
            entry("access-control-allow-methods", "options"), // 78
            entry("access-control-expose-headers", "content-length"), // 79
            entry("access-control-request-headers", "content-type"), // 80
            entry("access-control-request-method", "get"), // 81
            entry("access-control-request-method", "post"), // 82
            entry("alt-svc", "clear"), // 83
            entry("authorization", ""), // 84
            entry("content-security-policy", "script-src 'none'; object-src 'none'; base-uri 'none'"), // 85
            entry("early-data", "1"), // 86
            entry("expect-ct", ""), // 87
            entry("forwarded", ""), // 88
            entry("if-range", ""), // 89
            entry("origin", ""), // 90
            entry("purpose", "prefetch"), // 91
            entry("server", ""), // 92
            entry("timing-allow-origin", "*"), // 93
            entry("upgrade-insecure-requests", "1"), // 94
            entry("user-agent", ""), // 95
            entry("x-forwarded-for", ""), // 96
            entry("x-frame-options", "deny"), // 97
            entry("x-frame-options", "sameorigin") // 98
    );

    /** Number of entries: valid indices are 0..SIZE-1. */
    static final int SIZE = ENTRIES.size();

    /** The lowest index of each name and value. */
    private static final Map<FieldLine, Integer> BY_NAME_VALUE = new HashMap<>();
    /** The lowest index of each name. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (int i = SIZE - 1; i >= 0; i--) {
            FieldLine entry = ENTRIES.get(i);
            BY_NAME_VALUE.put(entry, i);
            BY_NAME.put(entry.name(), i);
        }
    }

    private StaticTable() {
    }

    private static FieldLine entry(String name, String value) {
        return new FieldLine(name, value, false);
    }

    private static FieldLine key(String name, String value) {
        return new FieldLine(name, value, false);
    }

    /**
     * @param index 0..SIZE-1
     * @return the entry
     */
    static FieldLine get(int index) {
        return ENTRIES.get(index);
    }

    /** @return the index of the entry with this name and value, or -1 */
    static int indexOf(String name, String value) {
        return BY_NAME_VALUE.getOrDefault(key(name, value), -1);
    }

    /** @return the lowest index of an entry with this name, or -1 */
    static int indexOfName(String name) {
        return BY_NAME.getOrDefault(name, -1);
    }
}
