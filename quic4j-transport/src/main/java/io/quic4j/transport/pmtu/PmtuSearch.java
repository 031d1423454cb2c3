package io.quic4j.transport.pmtu;

/**
 * The DPLPMTUD search of one path (RFC 8899 §5, for QUIC as RFC 9000 §14.3 profiles it): which probe size
 * to send next, what an acknowledged or lost probe means, when to search again, and when the losses of
 * full-size packets show that the path has shrunk. Sans-I/O: it never builds a packet and never reads a
 * clock; the owner asks {@link #probeSize} when it could send a probe, reports the outcome, and calls
 * {@link #onTimeout} at {@link #timer()}.
 *
 * <p>The search: the first probe of a search is the upper bound itself (most paths that carry more than
 * 1200 bytes carry what the endpoints are configured for); after that it halves the interval between the
 * largest size acknowledged and the smallest that failed, until that interval is at most {@link #MIN_STEP}
 * bytes (RFC 8899 §5.3.2 leaves the strategy open). A size fails after {@link #MAX_PROBES} lost probes
 * (RFC 8899 §5.1.2, MAX_PROBES). At most one probe is outstanding.
 *
 * <p>Black holes (RFC 8899 §4.3, §5.2: SEARCH_COMPLETE or SEARCHING to BASE): when {@link #BLACK_HOLE_THRESHOLD}
 * packets larger than BASE_PLPMTU are lost, each sent after the last acknowledged packet larger than
 * BASE_PLPMTU, the size falls back to BASE_PLPMTU. A loss is only declared because a later packet was
 * acknowledged (RFC 9002 §6.1), so this says: small packets get through, large ones do not. Random and
 * congestion losses in a transfer of full-size packets do not count, because full-size packets sent after them
 * are acknowledged.
 */
public final class PmtuSearch {
    /** RFC 9000 §14.3: "BASE_PLPMTU ... consistent with QUIC's smallest allowed maximum datagram size". */
    public static final int BASE_PLPMTU = 1200;
    /** RFC 8899 §5.1.2: MAX_PROBES, failed probes of one size before the size is taken to be too large. */
    public static final int MAX_PROBES = 3;
    /** RFC 8899 §5.1.1: PMTU_RAISE_TIMER, 600 seconds, after which a completed search looks for more room. */
    public static final long PMTU_RAISE_TIMER_NANOS = 600_000_000_000L;
    /** The search stops when the unknown interval is this small: another step would gain about 1%. */
    public static final int MIN_STEP = 16;
    /** Lost packets larger than BASE_PLPMTU, with no larger packet acknowledged since, that mean a black hole. */
    public static final int BLACK_HOLE_THRESHOLD = 3;
    /** What {@link #timer()} returns when no timer is armed. */
    public static final long NEVER = Long.MAX_VALUE;

    private int maxPlpmtu;
    private PmtuState state = PmtuState.DISABLED;
    private int plpmtu = BASE_PLPMTU;

    /** Smallest size known not to fit in this search (exclusive upper bound). */
    private int tooLarge;
    /** The size being probed, 0 when none is chosen. */
    private int probeSize;
    /** RFC 8899 §5.1.3 PROBE_COUNT: failed probes of {@link #probeSize}. */
    private int probeCount;
    private boolean probeOutstanding;
    private long probeDeadline;
    private boolean firstProbe;
    private long raiseAt = NEVER;

    private long baseEnteredAt;
    private boolean largeAcked;
    private long lastLargeAckedTimeSent;
    private int suspectLosses;

    private long probesSent;
    private long probesLost;
    private long blackHoles;

    /**
     * A search that has not started: {@link #plpmtu()} is BASE_PLPMTU until {@link #start}.
     *
     * @param maxPlpmtu the largest size ever to use, at least {@link #BASE_PLPMTU}
     */
    public PmtuSearch(int maxPlpmtu) {
        this.maxPlpmtu = checkMax(maxPlpmtu);
    }

    private static int checkMax(int maxPlpmtu) {
        if (maxPlpmtu < BASE_PLPMTU || maxPlpmtu > 65527) {
            throw new IllegalArgumentException("maxPlpmtu must be 1200-65527, was " + maxPlpmtu);
        }
        return maxPlpmtu;
    }

    /** @return the phase of the search */
    public PmtuState state() {
        return state;
    }

    /** @return the size to use for every packet that is not a probe (the DPLPMTUD PLPMTU, RFC 8899 §2) */
    public int plpmtu() {
        return plpmtu;
    }

    /** @return the upper bound of the search */
    public int maxPlpmtu() {
        return maxPlpmtu;
    }

    /** @return probes sent so far */
    public long probesSent() {
        return probesSent;
    }

    /** @return probes that failed (lost, or unanswered at their deadline) */
    public long probesLost() {
        return probesLost;
    }

    /** @return how many times a black hole sent the size back to BASE_PLPMTU */
    public long blackHoles() {
        return blackHoles;
    }

    /**
     * Starts searching: RFC 9000 §14.3.1, "A QUIC sender can therefore enter the DPLPMTUD BASE state ... when
     * the QUIC connection handshake has been completed", and the handshake's 1200-byte Initial datagrams
     * already confirmed BASE_PLPMTU, so the search begins at once. Ignored if already started.
     *
     * @param now the current time
     * @param max the upper bound now known (the smaller of ours and the peer's max_udp_payload_size)
     */
    public void start(long now, int max) {
        if (state != PmtuState.DISABLED) {
            return;
        }
        maxPlpmtu = checkMax(max);
        search(now);
    }

    /** Searches upward from the current size (the start, a raise timer, a confirmed base). */
    private void search(long now) {
        state = PmtuState.SEARCHING;
        tooLarge = maxPlpmtu + 1;
        probeCount = 0;
        probeOutstanding = false;
        firstProbe = true;
        raiseAt = NEVER;
        chooseNext(now);
    }

    private void chooseNext(long now) {
        if (tooLarge - plpmtu <= MIN_STEP || plpmtu >= maxPlpmtu) {
            state = PmtuState.SEARCH_COMPLETE;
            probeSize = 0;
            raiseAt = plpmtu >= maxPlpmtu ? NEVER : now + PMTU_RAISE_TIMER_NANOS;
            return;
        }
        probeSize = firstProbe ? tooLarge - 1 : (plpmtu + tooLarge) >>> 1;
        firstProbe = false;
        probeCount = 0;
    }

    /**
     * @param now the current time
     * @return the size of the probe to send now, or 0 if none is wanted (not searching, or one outstanding)
     */
    public int probeSize(long now) {
        return state == PmtuState.SEARCHING && !probeOutstanding ? probeSize : 0;
    }

    /**
     * The probe of {@link #probeSize} was sent.
     *
     * @param now the send time
     * @param timeout how long to wait for its acknowledgment before taking it as lost (RFC 8899 §5.1.1
     *            PROBE_TIMER; loss detection usually decides sooner)
     */
    public void onProbeSent(long now, long timeout) {
        if (probeSize(now) == 0) {
            throw new IllegalStateException("no probe is wanted now");
        }
        probeOutstanding = true;
        probeDeadline = now + timeout;
        probesSent++;
    }

    /** @return whether a probe is outstanding */
    public boolean probeOutstanding() {
        return probeOutstanding;
    }

    /**
     * The outstanding probe was acknowledged: RFC 8899 §5.2, the PLPMTU becomes its size and the search goes on.
     *
     * @param now the current time
     */
    public void onProbeAcked(long now) {
        if (!probeOutstanding) {
            return;
        }
        probeOutstanding = false;
        plpmtu = probeSize;
        chooseNext(now);
    }

    /**
     * The outstanding probe was declared lost by loss detection. Not a congestion signal (RFC 9000 §14.4).
     *
     * @param now the current time
     */
    public void onProbeLost(long now) {
        if (!probeOutstanding) {
            return;
        }
        probeOutstanding = false;
        probesLost++;
        // RFC 8899 §5.2: "When the PROBE_COUNT reaches MAX_PROBES, the PL ... considers the probed size as
        // not supported".
        if (++probeCount >= MAX_PROBES) {
            tooLarge = probeSize;
            chooseNext(now);
        }
    }

    /** @return when {@link #onTimeout} is due: a probe's deadline or the raise timer; {@link #NEVER} if none */
    public long timer() {
        if (probeOutstanding) {
            return probeDeadline;
        }
        return state == PmtuState.SEARCH_COMPLETE ? raiseAt : NEVER;
    }

    /**
     * Runs the timer if due: an unanswered probe failed, or PMTU_RAISE_TIMER starts a new search upward.
     *
     * @param now the current time
     */
    public void onTimeout(long now) {
        if (probeOutstanding && now >= probeDeadline) {
            onProbeLost(now);
        } else if (state == PmtuState.SEARCH_COMPLETE && now >= raiseAt) {
            search(now);
        }
    }

    /**
     * A packet that is not a probe (or a probe, late) was acknowledged.
     *
     * @param size its size (the UDP payload it was sent in)
     * @param timeSent when it was sent
     * @param now the current time
     */
    public void onPacketAcked(int size, long timeSent, long now) {
        if (size > BASE_PLPMTU) {
            largeAcked = true;
            lastLargeAckedTimeSent = Math.max(lastLargeAckedTimeSent, timeSent);
            suspectLosses = 0;
        }
        // RFC 8899 §5.2: BASE to SEARCHING once BASE_PLPMTU is confirmed by an acknowledged packet of that size.
        if (state == PmtuState.BASE && size >= BASE_PLPMTU && timeSent >= baseEnteredAt) {
            search(now);
        }
    }

    /**
     * A packet that is not a probe was declared lost; too many such losses of large packets are a black hole
     * (RFC 8899 §4.3), which puts the size back to BASE_PLPMTU.
     *
     * @param size its size
     * @param timeSent when it was sent
     * @param now the current time
     */
    public void onPacketLost(int size, long timeSent, long now) {
        if (state == PmtuState.DISABLED || state == PmtuState.BASE || size <= BASE_PLPMTU) {
            return;
        }
        if (largeAcked && timeSent <= lastLargeAckedTimeSent) {
            return;
        }
        if (++suspectLosses >= BLACK_HOLE_THRESHOLD) {
            blackHoles++;
            enterBase(now);
        }
    }

    /**
     * The connection moved to another path (RFC 9000 §9.4, §14.2: each path has its own maximum datagram
     * size): back to BASE_PLPMTU until a packet of that size is acknowledged there.
     *
     * @param now the current time
     */
    public void onPathChanged(long now) {
        if (state != PmtuState.DISABLED) {
            enterBase(now);
        }
    }

    private void enterBase(long now) {
        state = PmtuState.BASE;
        plpmtu = BASE_PLPMTU;
        probeSize = 0;
        probeCount = 0;
        probeOutstanding = false;
        raiseAt = NEVER;
        baseEnteredAt = now;
        largeAcked = false;
        suspectLosses = 0;
    }
}
