package io.quic4j.transport.stream;

/**
 * A snapshot of a connection's stream population (DESIGN.md §3: "a leak is visible as a number, not as a
 * hang"). Open streams are those still tracked; half-closed ones have exactly one half finished; retired
 * ones are gone (for peer streams: each returned one unit of MAX_STREAMS credit).
 *
 * @param openBidi bidirectional streams tracked
 * @param openUni unidirectional streams tracked
 * @param halfClosedBidi tracked bidirectional streams with one half done
 * @param pendingAccept peer streams not yet accepted by the application
 * @param retiredLocalBidi our bidirectional streams finished
 * @param retiredLocalUni our unidirectional streams finished
 * @param retiredPeerBidi peer bidirectional streams retired
 * @param retiredPeerUni peer unidirectional streams retired
 */
public record StreamCounts(long openBidi, long openUni, long halfClosedBidi, long pendingAccept,
        long retiredLocalBidi, long retiredLocalUni, long retiredPeerBidi, long retiredPeerUni) {
    /** @return all streams still tracked */
    public long open() {
        return openBidi + openUni;
    }
}
