package io.quic4j.tls.handshake;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.message.AlpnExtension;
import io.quic4j.tls.message.ClientHello;
import io.quic4j.tls.message.EarlyDataExtension;
import io.quic4j.tls.message.KeyShareClientHello;
import io.quic4j.tls.message.KeyShareEntry;
import io.quic4j.tls.message.PreSharedKeyClientHello;
import io.quic4j.tls.message.PskKeyExchangeModesExtension;
import io.quic4j.tls.message.SignatureAlgorithmsExtension;
import io.quic4j.tls.message.SupportedGroupsExtension;
import io.quic4j.tls.message.SupportedVersionsClientHello;
import io.quic4j.tls.message.TransportParametersExtension;

/**
 * What a server makes of a ClientHello, before any state changes (RFC 8446 §4.1.1, §4.1.2, §4.2,
 * §9.2; RFC 9001 §8): the checks that need only the message and the config, and the choices of
 * suite, group (or the group to ask for in a HelloRetryRequest) and application protocol.
 *
 * @param suite the cipher suite
 * @param share the client's share in the chosen group, or {@code null} when a retry is needed
 * @param retryGroup the group to ask for when {@code share} is {@code null}
 * @param applicationProtocol the ALPN protocol, or {@code null} (only outside QUIC)
 * @param transportParameters the client's quic_transport_parameters, or {@code null} (only outside QUIC)
 * @param psk the pre_shared_key offer, or {@code null}
 * @param pskDheAllowed whether the client allows psk_dhe_ke, the only PSK mode this engine uses
 * @param earlyData whether the client sent early_data
 * @param signatureAlgorithms the client's signature_algorithms, or {@code null}
 */
record ClientHelloNegotiation(CipherSuite suite, KeyShareEntry share, NamedGroup retryGroup,
        String applicationProtocol, TransportParametersExtension transportParameters, PreSharedKeyClientHello psk,
        boolean pskDheAllowed, boolean earlyData, SignatureAlgorithmsExtension signatureAlgorithms) {
    private static final int TLS13 = 0x0304;
    private static final int LEGACY_VERSION = 0x0303;

    static ClientHelloNegotiation of(ClientHello ch, TlsEngineConfig config) {
        if (ch.legacyCompressionMethods().remaining() != 1 || ch.legacyCompressionMethods().get(0) != 0) {
            // RFC 8446 §4.1.2: any other value "MUST" abort with illegal_parameter
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "legacy_compression_methods is not [0]");
        }
        SupportedVersionsClientHello sv = ch.extensions().find(SupportedVersionsClientHello.class);
        if (sv == null || !sv.versions().contains(TLS13) || ch.legacyVersion() < LEGACY_VERSION) {
            // RFC 8446 §4.2.1: a server that only speaks TLS 1.3 aborts with protocol_version
            throw new TlsAlertException(TlsAlert.PROTOCOL_VERSION, "client does not offer TLS 1.3");
        }
        TransportParametersExtension tp = ch.extensions().find(TransportParametersExtension.class);
        if (config.quic() && tp == null) {
            // RFC 9001 §8.2: missing quic_transport_parameters is missing_extension
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "client sent no quic_transport_parameters");
        }
        if (config.quic() && ch.legacySessionId().hasRemaining()) {
            // RFC 9001 §8.4: a non-empty legacy_session_id is a PROTOCOL_VIOLATION; illegal_parameter is the alert
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "legacy_session_id is not empty in QUIC");
        }
        CipherSuite suite = null;
        for (CipherSuite s : config.cipherSuites()) {
            if (ch.cipherSuites().contains(s.code())) {
                suite = s;
                break;
            }
        }
        if (suite == null) {
            throw new TlsAlertException(TlsAlert.HANDSHAKE_FAILURE, "no cipher suite in common");
        }
        SupportedGroupsExtension groups = ch.extensions().find(SupportedGroupsExtension.class);
        KeyShareClientHello keyShares = ch.extensions().find(KeyShareClientHello.class);
        if (groups == null || keyShares == null) {
            // RFC 8446 §9.2: supported_groups and key_share come together; we need (EC)DHE
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "ClientHello lacks supported_groups or key_share");
        }
        for (KeyShareEntry e : keyShares.shares()) {
            if (!groups.groups().contains(e.group())) {
                // RFC 8446 §4.2.8: shares for groups not in supported_groups may be rejected with illegal_parameter
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "key share for unlisted group " + e.group());
            }
        }
        String protocol = applicationProtocol(ch, config);
        PreSharedKeyClientHello psk = ch.extensions().find(PreSharedKeyClientHello.class);
        PskKeyExchangeModesExtension modes = ch.extensions().find(PskKeyExchangeModesExtension.class);
        if (psk != null && modes == null) {
            // RFC 8446 §4.2.9: "If clients offer "pre_shared_key" without a "psk_key_exchange_modes"
            // extension, servers MUST abort the handshake"
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "pre_shared_key without psk_key_exchange_modes");
        }
        boolean pskDhe = modes != null && modes.modes().contains(PskKeyExchangeModesExtension.PSK_DHE_KE);

        // a share we can use now, in our preference order; else the group to ask for
        KeyShareEntry share = null;
        NamedGroup retry = null;
        for (NamedGroup g : config.groups()) {
            for (KeyShareEntry e : keyShares.shares()) {
                if (e.group() == g.code() && share == null) {
                    share = e;
                }
            }
            if (retry == null && groups.groups().contains(g.code())) {
                retry = g;
            }
        }
        if (share == null && retry == null) {
            throw new TlsAlertException(TlsAlert.HANDSHAKE_FAILURE, "no key-exchange group in common");
        }
        return new ClientHelloNegotiation(suite, share, share == null ? retry : null, protocol, tp, psk, pskDhe,
                ch.extensions().find(EarlyDataExtension.class) != null,
                ch.extensions().find(SignatureAlgorithmsExtension.class));
    }

    /** ALPN (RFC 7301 §3.2): our first preference the client offers; mandatory in QUIC (RFC 9001 §8.1). */
    private static String applicationProtocol(ClientHello ch, TlsEngineConfig config) {
        AlpnExtension alpn = ch.extensions().find(AlpnExtension.class);
        if (!config.applicationProtocols().isEmpty() && alpn != null) {
            for (String p : config.applicationProtocols()) {
                if (alpn.protocols().contains(p)) {
                    return p;
                }
            }
            throw new TlsAlertException(TlsAlert.NO_APPLICATION_PROTOCOL,
                    "no application protocol in common: client offers " + alpn.protocols());
        }
        if (config.quic()) {
            throw new TlsAlertException(TlsAlert.NO_APPLICATION_PROTOCOL, "client offers no application protocol");
        }
        return null;
    }
}
