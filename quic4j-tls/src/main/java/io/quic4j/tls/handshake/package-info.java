/**
 * The TLS 1.3 handshake state machines for QUIC (RFC 8446 §2, §4 and Appendix A; RFC 9001 §4).
 *
 * <p>{@link io.quic4j.tls.handshake.HandshakeBase} reassembles handshake messages per encryption
 * level and enforces that each arrives at the level the handshake is at; it keeps the transcript,
 * the output per level and the event queue. {@link io.quic4j.tls.handshake.ClientHandshake} and
 * {@link io.quic4j.tls.handshake.ServerHandshake} are the two state machines (start reading at
 * their {@code handle} method); the semantic checks RFC 8446 attaches to each message (what was
 * offered, what must be present) live there, each next to the sentence it implements. Around them:
 * {@link io.quic4j.tls.handshake.ClientHelloWriter} (the client's hello and PSK binder),
 * {@link io.quic4j.tls.handshake.ClientHelloNegotiation} (the server's checks and choices on a
 * ClientHello), {@link io.quic4j.tls.handshake.TicketResumption} (ticket choice, binder check, 0-RTT
 * decision) and {@link io.quic4j.tls.handshake.TicketState} (what a server seals into a ticket).
 */
package io.quic4j.tls.handshake;
