package io.quic4j.tls.handshake;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.SessionTicket;
import io.quic4j.tls.SignatureScheme;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.cert.HostnameMatcher;
import io.quic4j.tls.crypto.KeyExchange;
import io.quic4j.tls.crypto.KeySchedule;
import io.quic4j.tls.crypto.Transcript;
import io.quic4j.tls.message.AlpnExtension;
import io.quic4j.tls.message.ClientHello;
import io.quic4j.tls.message.CookieExtension;
import io.quic4j.tls.message.EarlyDataExtension;
import io.quic4j.tls.message.Extension;
import io.quic4j.tls.message.Extensions;
import io.quic4j.tls.message.KeyShareClientHello;
import io.quic4j.tls.message.KeyShareEntry;
import io.quic4j.tls.message.PreSharedKeyClientHello;
import io.quic4j.tls.message.PskIdentity;
import io.quic4j.tls.message.PskKeyExchangeModesExtension;
import io.quic4j.tls.message.ServerNameExtension;
import io.quic4j.tls.message.SignatureAlgorithmsCertExtension;
import io.quic4j.tls.message.SignatureAlgorithmsExtension;
import io.quic4j.tls.message.SupportedGroupsExtension;
import io.quic4j.tls.message.SupportedVersionsClientHello;
import io.quic4j.tls.message.TransportParametersExtension;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a client's ClientHello (RFC 8446 §4.1.2): the extensions this engine offers and, when
 * resuming, the PSK binder over the ClientHello up to the binders (§4.2.11.2).
 *
 * @param config the client's settings
 * @param serverName the host, sent as server_name unless it is an IP literal (RFC 6066 §3)
 * @param random the client random
 * @param sessionId the legacy_session_id (empty in QUIC)
 * @param shares the key shares to send
 * @param transportParameters our quic_transport_parameters, or {@code null}
 * @param cookie the HelloRetryRequest's cookie to echo, or {@code null}
 * @param earlyData whether to send early_data
 * @param ticket the ticket to offer as PSK, or {@code null}
 * @param now the caller's clock, for the obfuscated ticket age
 */
record ClientHelloWriter(TlsEngineConfig config, String serverName, byte[] random, byte[] sessionId,
        List<KeyExchange.ClientShare> shares, byte[] transportParameters, ByteBuffer cookie, boolean earlyData,
        SessionTicket ticket, long now) {
    private static final int TLS13 = 0x0304;
    private static final int LEGACY_VERSION = 0x0303;
    private static final List<SignatureScheme> CERTIFICATE_ONLY_SCHEMES = List.of(SignatureScheme.RSA_PKCS1_SHA256,
            SignatureScheme.RSA_PKCS1_SHA384, SignatureScheme.RSA_PKCS1_SHA512);

    /**
     * @param transcript the transcript before this ClientHello (empty, or message_hash and the HRR)
     * @return the encoded ClientHello, binder filled in
     */
    byte[] write(Transcript transcript) {
        List<Extension> ext = new ArrayList<>();
        if (serverName != null && !HostnameMatcher.isIpLiteral(serverName)) {
            ext.add(new ServerNameExtension(serverName));
        }
        ext.add(new SupportedVersionsClientHello(List.of(TLS13)));
        ext.add(new SupportedGroupsExtension(config.groups().stream().map(NamedGroup::code).toList()));
        List<Integer> schemes = config.signatureSchemes().stream().map(SignatureScheme::code).toList();
        ext.add(new SignatureAlgorithmsExtension(schemes));
        // RFC 8446 §4.2.3: rsa_pkcs1 stays acceptable in certificates, which signature_algorithms_cert says
        List<Integer> certSchemes = new ArrayList<>(schemes);
        CERTIFICATE_ONLY_SCHEMES.forEach(s -> certSchemes.add(s.code()));
        ext.add(new SignatureAlgorithmsCertExtension(certSchemes));
        ext.add(new KeyShareClientHello(
                shares.stream().map(s -> new KeyShareEntry(s.group().code(), ByteBuffer.wrap(s.share()))).toList()));
        if (!config.applicationProtocols().isEmpty()) {
            ext.add(new AlpnExtension(config.applicationProtocols()));
        }
        if (transportParameters != null) {
            ext.add(new TransportParametersExtension(ByteBuffer.wrap(transportParameters)));
        }
        if (cookie != null) {
            ext.add(new CookieExtension(cookie));
        }
        ext.add(new PskKeyExchangeModesExtension(List.of(PskKeyExchangeModesExtension.PSK_DHE_KE)));
        if (earlyData) {
            ext.add(new EarlyDataExtension());
        }
        int binderLength = ticket == null ? 0 : ticket.cipherSuite().hashLength();
        if (ticket != null) {
            // RFC 8446 §4.2.11: pre_shared_key is last; the binder is filled in below
            ext.add(new PreSharedKeyClientHello(
                    List.of(new PskIdentity(ByteBuffer.wrap(ticket.ticket()), ticket.obfuscatedAge(now))),
                    List.of(ByteBuffer.allocate(binderLength))));
        }
        byte[] bytes = new ClientHello(LEGACY_VERSION, ByteBuffer.wrap(random), ByteBuffer.wrap(sessionId),
                config.cipherSuites().stream().map(CipherSuite::code).toList(), ByteBuffer.wrap(new byte[]{0}),
                new Extensions(ext)).encode();
        if (ticket != null) {
            // RFC 8446 §4.2.11.2: the binder covers the ClientHello up to (not including) the binders list
            int truncated = bytes.length - (2 + 1 + binderLength);
            KeySchedule ks = new KeySchedule(ticket.cipherSuite());
            byte[] binderKey = ks.deriveSecret(ks.earlySecret(ticket.psk()), "res binder", ks.emptyHash());
            byte[] hash = transcript.started()
                    ? transcript.hashWith(bytes, 0, truncated)
                    : digest(ticket.cipherSuite(), bytes, truncated);
            byte[] binder = ks.finishedMac(binderKey, hash);
            System.arraycopy(binder, 0, bytes, bytes.length - binder.length, binder.length);
        }
        return bytes;
    }

    private static byte[] digest(CipherSuite suite, byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance(suite.hashAlgorithm());
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
