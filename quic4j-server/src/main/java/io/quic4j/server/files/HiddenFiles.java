package io.quic4j.server.files;

/** Whether {@link StaticFiles} serves paths with a segment that starts with a dot. */
public enum HiddenFiles {
    /** Answer 404 for any path with a {@code .}-prefixed segment ({@code /.git/config}, {@code /.env}). */
    DENY,
    /** Serve them like any other file. */
    ALLOW
}
