package io.quic4j.http3.frame;

/** The kinds of stream that carry HTTP/3 frames (RFC 9114 §7, Table 1). */
public enum StreamKind {
    /** The control stream (§6.2.1). */
    CONTROL,
    /** A request stream: a client-initiated bidirectional stream (§6.1). */
    REQUEST,
    /** A push stream (§6.2.2). */
    PUSH
}
