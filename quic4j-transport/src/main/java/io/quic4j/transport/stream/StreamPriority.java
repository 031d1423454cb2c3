package io.quic4j.transport.stream;

/**
 * The priority of one stream as RFC 9218 §4 defines it: an urgency from 0 (most urgent) to 7 and whether
 * the stream's data is useful incrementally.
 *
 * @param urgency 0..7, lower is served first (RFC 9218 §4.1)
 * @param incremental whether the stream may share the link with others of its urgency (RFC 9218 §4.2)
 */
public record StreamPriority(int urgency, boolean incremental) {
    /**
     * The transport's default: RFC 9218 §4.1's urgency 3, but incremental, so that with no priorities set
     * every stream is served round-robin. RFC 9218's own default is non-incremental; HTTP/3 sets its
     * priorities explicitly (RFC 9218 §4.2, §10).
     */
    public static final StreamPriority DEFAULT = new StreamPriority(3, true);

    /**
     * @param urgency 0..7
     * @param incremental whether served round-robin within its urgency
     * @throws IllegalArgumentException if urgency is outside 0..7
     */
    public StreamPriority {
        if (urgency < 0 || urgency > 7) {
            throw new IllegalArgumentException("urgency " + urgency + " not in 0..7 (RFC 9218 §4.1)");
        }
    }
}
