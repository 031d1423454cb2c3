/**
 * The reset-rate circuit breaker (DESIGN.md §5, from seeds/003 §4.3) and what it does to admission. Start with
 * {@link io.quic4j.http3.overload.ResetRateBreaker}, the pure state machine (time passed in, no threads, no locks):
 * a sliding window of streams ended and streams reset kept in fixed time buckets
 * ({@link io.quic4j.http3.overload.ResetWindow}), the dynamic threshold from the load factor and the RTT, and the
 * HEALTHY / DEGRADED / BLOCKED transitions. {@link io.quic4j.http3.overload.Admission} turns a state into a decision
 * for a new request, {@link io.quic4j.http3.overload.ServiceUnavailable} answers the requests turned away (503 with
 * Retry-After, RFC 9110 §15.6.4), and {@link io.quic4j.http3.overload.SharedBreaker} runs one breaker for the whole
 * server. The public face is {@link io.quic4j.http3.CircuitBreaker} and its config, snapshot and listener types.
 *
 * <p><b>One breaker, many loops.</b> Every connection of a server feeds the same breaker, and connections live on
 * several event loops (DESIGN.md §2), yet the state machine must have exactly one owner. We considered per-loop
 * buckets combined by the breaker (each loop owns a window; reading another thread's buckets needs either locks or a
 * copy handed over by message, and the loops have no hook to hand it over regularly) and a queue of events to one
 * owner (a task or an object per ended stream). The design chosen is the second, without the per-stream object:
 * the breaker has its own owner thread, and the hand-off is two {@code AtomicLong} tallies. A loop that sees a
 * request stream end adds 1 (or 1 + 2^32 for a client reset) to one packed counter, lock-free and without
 * allocating; the owner, every evaluation interval, takes the counter with {@code getAndSet(0)}, so no count is
 * lost or counted twice and the resets taken never outnumber the streams taken, and records them in its window at
 * its own time. RTT samples go the same way. The decision the loops need, the state, comes back as a volatile
 * field the owner writes after each evaluation (single writer), so admitting a request is one volatile read.
 * Transitions, log events (System.Logger {@code io.quic4j.http3.overload}: WARNING into DEGRADED and BLOCKED, INFO
 * back to HEALTHY, with the numbers), JFR events and listener calls all happen on the owner thread, in order. The
 * cost is that a transition lags the streams by at most one evaluation interval (250 ms by default, shorter than a
 * bucket), which the 10 s window makes irrelevant.
 *
 * <p><b>What counts.</b> A request stream counts when it ends after being given to the application, or when the
 * client resets it before that; it counts as a reset when the client sent RESET_STREAM or STOP_SENDING before the
 * server finished with it. The server's own refusals (H3_REQUEST_REJECTED past a GOAWAY, malformed requests, and
 * the 503s of this package) do not count at all, so the breaker cannot feed on itself.
 *
 * <p><b>Stream credit.</b> While the breaker is not HEALTHY, the server lowers every connection's bidirectional
 * stream credit to {@code sheddingFraction × maxConcurrentRequests} with
 * {@link io.quic4j.transport.QuicConnection#limitIncomingBidirectionalStreams} (new connections get it as they
 * arrive), and restores it on the way back to HEALTHY. Credit already granted cannot be taken back (RFC 9000 §4.6),
 * so the lower limit bites as the connection's streams finish; until then, a connection with that many requests in
 * flight gets 503s for new ones, as does the whole server past {@code sheddingFraction × capacity}.
 */
package io.quic4j.http3.overload;
