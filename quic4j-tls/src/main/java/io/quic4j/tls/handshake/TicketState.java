package io.quic4j.tls.handshake;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.message.TlsReader;
import io.quic4j.tls.message.TlsWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server seals into a ticket so that it can resume statelessly (RFC 8446 §4.6.1 leaves the
 * format to the server): the PSK and what 0-RTT must match.
 *
 * @param suite the issuing connection's suite
 * @param psk the resumption PSK
 * @param issuedAtMillis when the ticket was issued
 * @param ageAdd the ticket_age_add sent with it
 * @param lifetimeSeconds its lifetime
 * @param maxEarlyDataSize 0 if 0-RTT is not allowed
 * @param applicationProtocol the ALPN protocol, or {@code null}
 * @param clientChain the client's certificate chain (DER, end-entity first) validated in the handshake
 *            that issued the ticket, so a resumed connection keeps the client's identity; empty if none
 * @param applicationData what the transport and application asked to remember for 0-RTT (RFC 9001
 *            §4.6.3), opaque here
 */
record TicketState(CipherSuite suite, byte[] psk, long issuedAtMillis, long ageAdd, long lifetimeSeconds,
        long maxEarlyDataSize, String applicationProtocol, List<ByteBuffer> clientChain,
        byte[] applicationData) {
    private static final int VERSION = 2;

    byte[] encode() {
        TlsWriter w = new TlsWriter(128);
        w.u8(VERSION);
        w.u16(suite.code());
        w.vector(1, psk);
        w.u32(issuedAtMillis >>> 32);
        w.u32(issuedAtMillis & 0xffffffffL);
        w.u32(ageAdd);
        w.u32(lifetimeSeconds);
        w.u32(maxEarlyDataSize);
        w.vector(1,
                applicationProtocol == null ? new byte[0] : applicationProtocol.getBytes(StandardCharsets.ISO_8859_1));
        int chain = w.beginVector(3);
        clientChain.forEach(c -> w.vector(3, c));
        w.endVector(chain, 3);
        w.vector(2, applicationData);
        return w.toByteArray();
    }

    /**
     * @param plain a decrypted ticket
     * @return the state, or {@code null} if it is not one we wrote (an older format)
     */
    static TicketState decode(byte[] plain) {
        try {
            TlsReader r = new TlsReader(ByteBuffer.wrap(plain));
            if (r.u8("version") != VERSION) {
                return null;
            }
            CipherSuite suite = CipherSuite.fromCode(r.u16("suite"));
            byte[] psk = HandshakeBase.toArray(r.vector(1, 32, 48, "psk"));
            long issued = (r.u32("issued") << 32) | r.u32("issued");
            long ageAdd = r.u32("age_add");
            long lifetime = r.u32("lifetime");
            long maxEarly = r.u32("max_early_data");
            byte[] alpn = HandshakeBase.toArray(r.vector(1, 0, 255, "alpn"));
            TlsReader chainReader = new TlsReader(r.vector(3, 0, 0xffffff, "client chain"));
            List<ByteBuffer> chain = new ArrayList<>();
            while (chainReader.hasRemaining()) {
                chain.add(chainReader.vector(3, 1, 0xffffff, "certificate"));
            }
            byte[] data = HandshakeBase.toArray(r.vector(2, 0, 0xffff, "application data"));
            r.expectEnd("ticket");
            if (suite == null) {
                return null;
            }
            return new TicketState(suite, psk, issued, ageAdd, lifetime, maxEarly,
                    alpn.length == 0 ? null : new String(alpn, StandardCharsets.ISO_8859_1), chain, data);
        } catch (TlsAlertException e) {
            return null; // sealed by us, so only a format change gets here: treat as unknown
        }
    }
}
