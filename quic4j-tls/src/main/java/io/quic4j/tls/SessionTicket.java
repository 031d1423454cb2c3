package io.quic4j.tls;

import java.util.Objects;

/**
 * What a client keeps from a NewSessionTicket to resume later (RFC 8446 §4.6.1), and, for 0-RTT in
 * QUIC, the server's transport parameters to remember (RFC 9000 §7.4.1).
 *
 * @param ticket the opaque ticket (the PSK identity)
 * @param psk the resumption PSK derived from it
 * @param cipherSuite the suite of the connection that issued it
 * @param ageAdd ticket_age_add
 * @param lifetimeSeconds ticket_lifetime
 * @param receivedAtMillis when the client received it (the clock the caller passes to the engine)
 * @param maxEarlyDataSize 0 if the ticket does not allow 0-RTT
 * @param applicationProtocol the ALPN protocol of the issuing connection, or {@code null}
 * @param serverName the server name the ticket was issued for, or {@code null}
 * @param peerTransportParameters the server's transport parameters, or {@code null}
 */
public record SessionTicket(byte[] ticket, byte[] psk, CipherSuite cipherSuite, long ageAdd, long lifetimeSeconds,
        long receivedAtMillis, long maxEarlyDataSize, String applicationProtocol, String serverName,
        byte[] peerTransportParameters) {

    /** Copies the arrays. */
    public SessionTicket {
        ticket = ticket.clone();
        psk = psk.clone();
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerTransportParameters = peerTransportParameters == null ? null : peerTransportParameters.clone();
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    @Override
    public byte[] psk() {
        return psk.clone();
    }

    @Override
    public byte[] peerTransportParameters() {
        return peerTransportParameters == null ? null : peerTransportParameters.clone();
    }

    /**
     * @param nowMillis the current time
     * @return whether the ticket's lifetime has passed
     */
    public boolean expiredAt(long nowMillis) {
        return nowMillis - receivedAtMillis >= lifetimeSeconds * 1000 || nowMillis < receivedAtMillis;
    }

    /**
     * @param nowMillis the current time
     * @return obfuscated_ticket_age: age in ms plus ticket_age_add, modulo 2^32 (RFC 8446 §4.2.11.1)
     */
    public long obfuscatedAge(long nowMillis) {
        return (nowMillis - receivedAtMillis + ageAdd) & 0xffffffffL;
    }

    /** @return whether 0-RTT may be attempted with this ticket */
    public boolean allowsEarlyData() {
        return maxEarlyDataSize > 0;
    }

    @Override
    public String toString() {
        return "SessionTicket[" + cipherSuite + ", lifetime " + lifetimeSeconds + "s, alpn " + applicationProtocol
                + ", early data " + allowsEarlyData() + "]";
    }
}
