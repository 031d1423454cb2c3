/**
 * The UDP engine (DESIGN.md §2): event loops that own sockets, connections and timers; the only place in
 * the transport with threads, sockets and clocks. Start at {@code EventLoop}.
 */
package io.quic4j.transport.engine;
