package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A {@link TraceListener} that folds every event (time, kind, addresses, payload bytes) into a SHA-256
 * digest, so that two runs can be compared with one string: equal seeds must give equal hashes.
 */
public final class TraceHasher implements TraceListener {
    private final MessageDigest digest;
    private long events;

    /** Creates a hasher with nothing hashed yet. */
    public TraceHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void onEvent(TraceEvent e) {
        events++;
        ByteBuffer head = ByteBuffer.allocate(Long.BYTES * 2 + Integer.BYTES * 2);
        head.putLong(e.time()).putLong(e.datagramId()).putInt(e.kind().ordinal())
                .putInt(e.dropReason() == null ? -1 : e.dropReason().ordinal());
        digest.update(head.flip());
        update(e.link());
        update(e.source());
        update(e.seenSource());
        update(e.destination());
        digest.update(e.payload().duplicate());
    }

    private void update(InetSocketAddress a) {
        update(a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    private void update(String s) {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(s == null ? -1 : b.length).flip());
        digest.update(b);
    }

    /**
     * The number of events hashed so far.
     *
     * @return the count
     */
    public long events() {
        return events;
    }

    /**
     * The hash of every event so far, as hex. Does not reset the hasher.
     *
     * @return 64 hex digits
     */
    public String hash() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }
}
