/**
 * Memory accounting for buffered data (DESIGN.md §5, issue 8; set with {@code QuicConfig.bufferCeiling}): a global ceiling on the bytes a server's
 * connections hold in buffers, split evenly between its event loops so that each loop's
 * {@link io.quic4j.transport.memory.MemoryLedger} has one owner thread and needs no lock (DESIGN.md §2).
 *
 * <p><b>What is counted.</b> Per connection ({@code Connection.bufferedBytes()}), what its buffers cost the heap:
 * stream receive buffers (out-of-order and unread data), stream send buffers (written and not yet acknowledged)
 * and the CRYPTO buffers of every packet number space, each in whole pages with their bookkeeping
 * ({@code ReceiveBuffer.retainedBytes()}: a peer sending every other byte fills half of each page's payload
 * and all of its memory, so counting payload would undercount it by more than half), plus the DATAGRAM queues
 * (received datagrams waiting for the application, datagrams waiting to be sent). The endpoint reports a
 * connection's figure after everything that can change it (a datagram, a timer, an application command), so
 * the ledger's sum is exact at every point where the loop could act on it. Each of these is already bounded per
 * connection (flow control, RFC 9000 §4; the CRYPTO buffer limit, §7.5; {@code streamSendBuffer}; the DATAGRAM
 * queue limits); what the ceiling adds is a bound across connections, which RFC 9000 §21.5 asks for: receivers
 * that "advertise flow control offsets in the aggregate that exceed actual available memory" are open to the
 * stream fragmentation attack, and "QUIC deployments SHOULD provide mitigations".
 *
 * <p><b>What happens near and past the ceiling.</b> Every step is one the RFC leaves to the server, and each
 * is logged ({@code io.quic4j.transport.endpoint}) and counted ({@code QuicServer.stats()}):
 * <ul>
 * <li><b>Back-pressure</b> from 3/4 of the ceiling ({@link io.quic4j.transport.memory.MemoryLedger#PRESSURE_FRACTION})
 * until the sum is back below 5/8: the connections holding at least their fair share (the sum divided by the
 * number of connections) extend no flow-control credit, no MAX_DATA or MAX_STREAM_DATA increase and no window
 * auto-tuning growth (RFC 9000 §4.2: "Implementations decide when and how much credit to advertise"). Credit
 * already advertised is never taken back (§4.1: a smaller limit "has no effect"), so what a held peer can still
 * make us buffer is what it was granted; the ceiling is a bound together with that credit, not on its own.
 * Connections holding less keep their credit flowing, so a peer that parks data (in holes that never fill, or
 * unread) stalls itself rather than everyone. When the pressure ends, the updates that came due meanwhile go
 * out at once, so no peer waits for credit forever. 3/4 leaves room between the point where we stop granting
 * and the point where we stop admitting (7/8): granted credit still arrives, and the hold has a chance to
 * work before anyone is refused or shed; the gap down to 5/8 keeps a sum hovering at the level from flipping
 * every connection's hold on every datagram.
 * <li>From {@code admissionFraction} of the ceiling on (7/8), new connections are refused with an Initial
 * carrying CONNECTION_CLOSE with CONNECTION_REFUSED (RFC 9000 §5.2.2: "If a server refuses to accept a new
 * connection, it SHOULD send an Initial packet containing a CONNECTION_CLOSE frame with error code
 * CONNECTION_REFUSED"): the flow control credit a new connection would be granted is memory we no longer
 * have.
 * <li>Past the ceiling, the open connection holding the most buffered bytes is closed with INTERNAL_ERROR
 * ("the endpoint encountered an internal error and cannot continue with the connection", RFC 9000 §20.1:
 * no code names "out of memory", and the peer may not have broken any rule: data with holes that never fill
 * is within its credit), then the next, until what the open connections hold is back under. A closing
 * connection discards what it receives (§10.2.1), so its memory can only shrink and is released when its
 * closing period ends (3 PTO); until then it still counts for admission but not for shedding, so one shed does
 * not cascade into closing everyone. Because the sum is checked after every datagram, what open connections
 * hold passes the ceiling by at most what one datagram added (its frames' new pages).
 * The abuser is the connection holding the most, so a well-behaved connection with little in flight is the
 * last to go.
 * </ul>
 */
package io.quic4j.transport.memory;
