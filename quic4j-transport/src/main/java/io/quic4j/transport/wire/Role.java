package io.quic4j.transport.wire;

/**
 * Which end of a connection an endpoint is. Transport parameters depend on it: some may only be sent
 * by a server (RFC 9000 §18.2), and a server checks version information differently (RFC 9368 §4).
 */
public enum Role {
    /** The endpoint that opens the connection. */
    CLIENT,
    /** The endpoint that accepts the connection. */
    SERVER
}
