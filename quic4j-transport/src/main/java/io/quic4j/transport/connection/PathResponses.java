package io.quic4j.transport.connection;

import io.quic4j.transport.wire.frame.PathResponseFrame;
import java.net.InetSocketAddress;

/**
 * PATH_RESPONSEs owed to addresses other than the current path's (RFC 9000 §8.2.2: "A PATH_RESPONSE frame
 * MUST be sent on the network path where the PATH_CHALLENGE frame was received"). A peer may probe a new
 * path without moving to it (§9.1); our answer goes in a datagram of its own to the address the challenge
 * came from, within three times what arrived from that address, which is not validated (§8, §9.3). Answers
 * to challenges on the current path go with the other control frames and are not kept here.
 *
 * <p>Bounded (DESIGN.md §5): at most {@link #MAX_ADDRESSES} addresses, the least recently challenged
 * forgotten first, and at most {@link #MAX_PER_ADDRESS} answers each, the oldest dropped first. Dropping an
 * answer is allowed: the peer sends another challenge if it still cares (§8.2.2, §13.3). An address is kept
 * after its answers are sent, so what was sent to it keeps counting against its limit.
 */
final class PathResponses {
    /** Addresses with answers or sent bytes remembered; a flood of challenges from more forgets the oldest. */
    static final int MAX_ADDRESSES = 4;
    /** Answers kept per address; more challenges from it drop the oldest. */
    static final int MAX_PER_ADDRESS = 4;

    /** One probing address: its anti-amplification limit and the challenge data still to echo. */
    static final class Probe {
        final InetSocketAddress address;
        final AmplificationLimit limit = new AmplificationLimit(false);
        private final long[] data = new long[MAX_PER_ADDRESS];
        private int count;
        private long lastUsed;

        Probe(InetSocketAddress address) {
            this.address = address;
        }

        /** @return answers waiting for this address */
        int pending() {
            return count;
        }

        /**
         * Takes the oldest answer.
         *
         * @return it
         */
        PathResponseFrame poll() {
            long d = data[0];
            System.arraycopy(data, 1, data, 0, count - 1);
            count--;
            return new PathResponseFrame(d);
        }

        private void add(long challenge) {
            if (count == MAX_PER_ADDRESS) {
                System.arraycopy(data, 1, data, 0, count - 1);
                count--;
            }
            data[count++] = challenge;
        }
    }

    private final Probe[] probes = new Probe[MAX_ADDRESSES];
    private long clock;

    /**
     * A datagram arrived from an address that is not the current path's: it raises that address's limit if we
     * already know it (the first is credited by {@link #onChallenge}).
     *
     * @param from where it came from
     * @param length its size
     */
    void onDatagram(InetSocketAddress from, int length) {
        Probe p = find(from);
        if (p != null) {
            p.limit.onReceived(length);
        }
    }

    /**
     * A PATH_CHALLENGE arrived from {@code from}, which is not the current path's address.
     *
     * @param from where it came from
     * @param challenge its data, to echo
     * @param received bytes received from {@code from} so far, this datagram included, if it is new to us
     */
    void onChallenge(InetSocketAddress from, long challenge, long received) {
        Probe p = find(from);
        if (p == null) {
            p = new Probe(from);
            p.limit.onReceived((int) Math.min(Integer.MAX_VALUE, received));
            probes[slotForNew()] = p;
        }
        p.lastUsed = ++clock;
        p.add(challenge);
    }

    /**
     * The current path moved to {@code to}: answers owed there go with the control frames now, and what we
     * already sent there counts against the new path's limit.
     *
     * @param to the new peer address
     * @param limit the new path's limit
     * @param control where its answers go
     */
    void onPathMoved(InetSocketAddress to, AmplificationLimit limit, ControlFrames control) {
        for (int i = 0; i < probes.length; i++) {
            Probe p = probes[i];
            if (p != null && p.address.equals(to)) {
                limit.onSent((int) Math.min(Integer.MAX_VALUE, p.limit.sent()));
                while (p.pending() > 0) {
                    control.queue(p.poll());
                }
                probes[i] = null;
            }
        }
    }

    /**
     * @param minimum the fewest bytes its limit must still allow
     * @return the least recently challenged address with an answer waiting and room for it, or null
     */
    Probe next(int minimum) {
        Probe best = null;
        for (Probe p : probes) {
            if (p != null && p.pending() > 0 && p.limit.allowance() >= minimum
                    && (best == null || p.lastUsed < best.lastUsed)) {
                best = p;
            }
        }
        return best;
    }

    /** @return answers waiting, all addresses together */
    int pending() {
        int n = 0;
        for (Probe p : probes) {
            n += p == null ? 0 : p.pending();
        }
        return n;
    }

    /** @return addresses remembered */
    int addresses() {
        int n = 0;
        for (Probe p : probes) {
            n += p == null ? 0 : 1;
        }
        return n;
    }

    private Probe find(InetSocketAddress address) {
        for (Probe p : probes) {
            if (p != null && p.address.equals(address)) {
                return p;
            }
        }
        return null;
    }

    private int slotForNew() {
        int oldest = 0;
        for (int i = 0; i < probes.length; i++) {
            if (probes[i] == null) {
                return i;
            }
            if (probes[i].lastUsed < probes[oldest].lastUsed) {
                oldest = i;
            }
        }
        return oldest;
    }
}
