/**
 * Datagram Packetization Layer Path MTU Discovery for QUIC (RFC 9000 §14.2-§14.4, with the state machine of
 * RFC 8899 §5): {@link io.quic4j.transport.pmtu.PmtuSearch} decides which probe size to try next, when a probe
 * has failed, when to search again, and when losses of full-size packets mean the path has shrunk (a black
 * hole). It sees only sizes, outcomes and times in nanoseconds; the connection ({@code connection.PathMtu})
 * builds the probes and feeds it acknowledgments and losses. Start at {@link io.quic4j.transport.pmtu.PmtuSearch}.
 */
package io.quic4j.transport.pmtu;
