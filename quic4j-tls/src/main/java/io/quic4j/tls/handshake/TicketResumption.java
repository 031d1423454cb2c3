package io.quic4j.tls.handshake;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.crypto.KeySchedule;
import io.quic4j.tls.crypto.Transcript;
import io.quic4j.tls.message.PreSharedKeyClientHello;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The server's side of resumption (RFC 8446 §4.2.11, §4.2.10, §8): choosing a ticket among the
 * client's PSK identities, checking its binder in constant time, and deciding on 0-RTT.
 *
 * @param index the chosen identity's index
 * @param ticket the state sealed in it
 */
record TicketResumption(int index, TicketState ticket) {
    /** Identities tried per ClientHello: each costs an AEAD open, and a client needs only a few. */
    static final int MAX_IDENTITIES_TRIED = 8;

    /**
     * @param config the server's settings (ticket keys)
     * @param offer the client's pre_shared_key
     * @param suite the suite the server chose: a ticket must use the same hash
     * @param now the caller's clock
     * @return the first identity (of the first {@link #MAX_IDENTITIES_TRIED}) that is one of our
     *         unexpired tickets, or {@code null}
     */
    static TicketResumption choose(TlsEngineConfig config, PreSharedKeyClientHello offer, CipherSuite suite,
            long now) {
        for (int i = 0; i < Math.min(offer.identities().size(), MAX_IDENTITIES_TRIED); i++) {
            byte[] plain = config.sessionTicketKeys().open(offer.identities().get(i).identity());
            TicketState t = plain == null ? null : TicketState.decode(plain);
            if (t != null && t.suite().hashAlgorithm().equals(suite.hashAlgorithm()) && now >= t.issuedAtMillis()
                    && now - t.issuedAtMillis() < t.lifetimeSeconds() * 1000) {
                return new TicketResumption(i, t);
            }
        }
        return null;
    }

    /**
     * RFC 8446 §4.2.11.2: the binder is the Finished MAC under the binder key over the transcript
     * up to the binders; one that does not validate aborts the handshake.
     *
     * @param schedule the key schedule of the chosen suite
     * @param transcript the transcript before this ClientHello (message_hash and HRR after a retry)
     * @param offer the client's pre_shared_key
     * @param clientHello the whole ClientHello as received
     */
    void verifyBinder(KeySchedule schedule, Transcript transcript, PreSharedKeyClientHello offer, byte[] clientHello) {
        byte[] binderKey = schedule.deriveSecret(schedule.earlySecret(ticket.psk()), "res binder",
                schedule.emptyHash());
        byte[] expected = schedule.finishedMac(binderKey,
                transcript.hashWith(clientHello, 0, clientHello.length - offer.bindersLength()));
        ByteBuffer binder = offer.binders().get(index);
        byte[] got = new byte[binder.remaining()];
        binder.get(binder.position(), got);
        if (!MessageDigest.isEqual(expected, got)) { // constant time for equal lengths
            throw new TlsAlertException(TlsAlert.DECRYPT_ERROR, "PSK binder does not verify");
        }
    }

    /**
     * Whether to accept 0-RTT that the client attempts with this ticket.
     *
     * @param config the server's settings
     * @param offer the client's pre_shared_key
     * @param suite the negotiated suite
     * @param applicationProtocol the negotiated ALPN protocol
     * @param afterRetry whether a HelloRetryRequest was sent
     * @param now the caller's clock
     * @return {@code true} to accept
     */
    boolean acceptEarlyData(TlsEngineConfig config, PreSharedKeyClientHello offer, CipherSuite suite,
            String applicationProtocol, boolean afterRetry, long now) {
        // RFC 8446 §4.2.10: only with the first PSK, the ticket's suite and ALPN; RFC 9001 §4.6.2: never after HRR
        if (!config.earlyData() || config.replayGuard() == null || index != 0 || afterRetry
                || ticket.maxEarlyDataSize() == 0 || ticket.suite() != suite
                || !Objects.equals(ticket.applicationProtocol(), applicationProtocol)) {
            return false;
        }
        // RFC 8446 §8.3: freshness: the client's view of the ticket age must match ours within the window
        long clientAge = (offer.identities().getFirst().obfuscatedTicketAge() - ticket.ageAdd()) & 0xffffffffL;
        long serverAge = now - ticket.issuedAtMillis();
        if (Math.abs(clientAge - serverAge) > config.replayGuard().window().toMillis()) {
            return false;
        }
        // RFC 9001 §4.6.3: the transport or application may find the remembered state incompatible
        if (config.earlyDataValidator() != null
                && !config.earlyDataValidator().test(ticket.applicationData().clone())) {
            return false;
        }
        // RFC 8446 §8.2: ClientHello recording, keyed by the binder (unique per ClientHello)
        ByteBuffer binder = offer.binders().getFirst();
        byte[] key = new byte[binder.remaining()];
        binder.get(binder.position(), key);
        return config.replayGuard().firstUse(key, now);
    }
}
