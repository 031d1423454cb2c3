package io.quic4j.tls.handshake;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.SessionTicket;
import io.quic4j.tls.SignatureScheme;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.TlsEvent.Direction;
import io.quic4j.tls.TlsEvent;
import io.quic4j.tls.cert.HostnameMatcher;
import io.quic4j.tls.cert.PeerCertificates;
import io.quic4j.tls.crypto.KeyExchange;
import io.quic4j.tls.crypto.KeySchedule;
import io.quic4j.tls.crypto.Signatures;
import io.quic4j.tls.message.AlpnExtension;
import io.quic4j.tls.message.CertificateMessage;
import io.quic4j.tls.message.CertificateRequest;
import io.quic4j.tls.message.CertificateVerify;
import io.quic4j.tls.message.ClientHello;
import io.quic4j.tls.message.CookieExtension;
import io.quic4j.tls.message.EarlyDataExtension;
import io.quic4j.tls.message.EarlyDataTicketExtension;
import io.quic4j.tls.message.EncryptedExtensions;
import io.quic4j.tls.message.Extension;
import io.quic4j.tls.message.Extensions;
import io.quic4j.tls.message.Finished;
import io.quic4j.tls.message.HandshakeMessage;
import io.quic4j.tls.message.KeyShareClientHello;
import io.quic4j.tls.message.KeyShareEntry;
import io.quic4j.tls.message.KeyShareHelloRetryRequest;
import io.quic4j.tls.message.KeyShareServerHello;
import io.quic4j.tls.message.NewSessionTicket;
import io.quic4j.tls.message.PreSharedKeyClientHello;
import io.quic4j.tls.message.PreSharedKeyServerHello;
import io.quic4j.tls.message.PskIdentity;
import io.quic4j.tls.message.PskKeyExchangeModesExtension;
import io.quic4j.tls.message.ServerHello;
import io.quic4j.tls.message.ServerNameExtension;
import io.quic4j.tls.message.SignatureAlgorithmsCertExtension;
import io.quic4j.tls.message.SignatureAlgorithmsExtension;
import io.quic4j.tls.message.SupportedGroupsExtension;
import io.quic4j.tls.message.SupportedVersionsClientHello;
import io.quic4j.tls.message.SupportedVersionsServerHello;
import io.quic4j.tls.message.TransportParametersExtension;
import io.quic4j.tls.message.UnknownExtension;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The client state machine (RFC 8446 §A.1): ClientHello, then ServerHello or HelloRetryRequest,
 * EncryptedExtensions, optionally CertificateRequest, Certificate and CertificateVerify (not when a
 * PSK was accepted), Finished; then its own Certificate/CertificateVerify if asked and Finished.
 * After completion it turns NewSessionTickets into {@link SessionTicket}s.
 */
public final class ClientHandshake extends HandshakeBase {
    private static final int TLS13 = 0x0304;
    private static final int LEGACY_VERSION = 0x0303;

    private enum State {
        START, WAIT_SH, WAIT_EE, WAIT_CERT_CR, WAIT_CERT, WAIT_CV, WAIT_FINISHED, CONNECTED
    }

    private final String serverName;
    private final byte[] transportParameters;
    private final SessionTicket ticket;
    private State state = State.START;

    private List<KeyExchange.ClientShare> shares = List.of();
    private byte[] sessionId = new byte[0];
    private boolean retried;
    private CipherSuite retrySuite;
    private boolean pskOffered;
    private boolean pskAccepted;
    private boolean earlyDataOffered;
    private boolean earlyDataAccepted;
    private NamedGroup group;
    private byte[] handshakeSecret;
    private byte[] clientHandshakeSecret;
    private byte[] serverHandshakeSecret;
    private byte[] resumptionMasterSecret;
    private String applicationProtocol;
    private byte[] peerTransportParameters;
    private CertificateRequest certificateRequest;
    private List<X509Certificate> serverChain = List.of();

    /**
     * @param config settings
     * @param serverName the host to connect to: sent as server_name unless an IP literal, and checked
     *            against the server certificate; {@code null} skips both (tests only)
     * @param transportParameters our encoded quic_transport_parameters, required in QUIC mode
     * @param ticket a ticket to resume with, or {@code null}
     */
    public ClientHandshake(TlsEngineConfig config, String serverName, byte[] transportParameters,
            SessionTicket ticket) {
        super(config);
        this.serverName = serverName;
        this.transportParameters = transportParameters == null ? null : transportParameters.clone();
        this.ticket = ticket;
        if (config.quic() && transportParameters == null) {
            throw new IllegalArgumentException(
                    "QUIC mode needs our transport parameters (RFC 9001 §8.2): pass the encoded parameters");
        }
    }

    /**
     * Sends the ClientHello (and reports the 0-RTT write secret when early data is attempted).
     *
     * @param nowMillis the caller's clock (for the ticket age)
     */
    public void start(long nowMillis) {
        if (state != State.START) {
            throw new IllegalStateException("start() was already called");
        }
        guarded(() -> {
            now = nowMillis;
            clientRandom = new byte[32];
            config.random().nextBytes(clientRandom);
            if (!config.quic()) {
                // RFC 8446 §D.4 middlebox compatibility mode needs a session id; QUIC forbids one (RFC 9001 §8.4)
                sessionId = new byte[32];
                config.random().nextBytes(sessionId);
            }
            List<KeyExchange.ClientShare> offered = new ArrayList<>();
            NamedGroup first = config.groups().getFirst();
            offered.add(KeyExchange.offer(first, config.random()));
            if (first == NamedGroup.X25519MLKEM768 && config.groups().contains(NamedGroup.X25519)) {
                offered.add(KeyExchange.offer(NamedGroup.X25519, config.random()));
            }
            shares = offered;
            boolean resume = ticket != null && !ticket.expiredAt(nowMillis)
                    && config.cipherSuites().contains(ticket.cipherSuite())
                    && (ticket.serverName() == null || ticket.serverName().equals(serverName));
            pskOffered = resume;
            earlyDataOffered = resume && config.earlyData() && ticket.allowsEarlyData()
                    && (!config.quic()
                            || ticket.maxEarlyDataSize() == EarlyDataTicketExtension.QUIC_MAX_EARLY_DATA_SIZE)
                    && ticket.applicationProtocol() != null
                    && config.applicationProtocols().contains(ticket.applicationProtocol());
            sendClientHello(null);
            state = State.WAIT_SH;
            if (earlyDataOffered) {
                KeySchedule early = new KeySchedule(ticket.cipherSuite());
                byte[] earlySecret = early.earlySecret(ticket.psk());
                byte[] secret = early.deriveSecret(earlySecret, "c e traffic",
                        transcript.pendingHash(ticket.cipherSuite().hashAlgorithm()));
                emit(new TlsEvent.TrafficSecret(EncryptionLevel.ZERO_RTT, Direction.WRITE, ticket.cipherSuite(),
                        secret));
                keyLog("CLIENT_EARLY_TRAFFIC_SECRET", secret);
            }
        });
    }

    private void sendClientHello(ByteBuffer cookie) {
        byte[] bytes = new ClientHelloWriter(config, serverName, clientRandom, sessionId, shares, transportParameters,
                cookie, earlyDataOffered && !retried, pskOffered ? ticket : null, now).write(transcript);
        sendRaw(EncryptionLevel.INITIAL, bytes);
    }

    @Override
    protected void handle(EncryptionLevel level, HandshakeMessage message, byte[] raw) {
        switch (message) {
            case ServerHello sh when state == State.WAIT_SH -> {
                if (sh.isHelloRetryRequest()) {
                    onHelloRetryRequest(sh, raw);
                } else {
                    onServerHello(sh, raw);
                }
            }
            case EncryptedExtensions ee when state == State.WAIT_EE -> onEncryptedExtensions(ee, raw);
            case CertificateRequest cr when state == State.WAIT_CERT_CR -> {
                if (cr.context().hasRemaining()) {
                    // RFC 8446 §4.3.2: the context "SHALL be zero length" during the handshake
                    throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "CertificateRequest context is not empty");
                }
                certificateRequest = cr;
                transcript.add(raw);
                state = State.WAIT_CERT;
            }
            case CertificateMessage cert when state == State.WAIT_CERT_CR || state == State.WAIT_CERT ->
                onCertificate(cert, raw);
            case CertificateVerify cv when state == State.WAIT_CV -> onCertificateVerify(cv, raw);
            case Finished fin when state == State.WAIT_FINISHED -> onFinished(fin, raw);
            case NewSessionTicket nst when state == State.CONNECTED -> onNewSessionTicket(nst);
            default -> throw unexpected(message, state);
        }
    }

    private void checkServerHelloCommon(ServerHello sh, boolean hrr) {
        if (sh.legacyVersion() != LEGACY_VERSION) {
            throw new TlsAlertException(TlsAlert.PROTOCOL_VERSION, "ServerHello legacy_version " + sh.legacyVersion());
        }
        SupportedVersionsServerHello sv = sh.extensions().find(SupportedVersionsServerHello.class);
        if (sv == null) {
            // RFC 8446 §4.1.3: without supported_versions the server negotiated TLS 1.2 or older
            throw new TlsAlertException(TlsAlert.PROTOCOL_VERSION, "server does not speak TLS 1.3");
        }
        if (sv.selectedVersion() != TLS13) {
            // RFC 8446 §4.2.1: a version the client did not offer is illegal_parameter
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server selected version " + sv.selectedVersion());
        }
        if (!sh.legacySessionIdEcho().equals(ByteBuffer.wrap(sessionId))) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "legacy_session_id_echo does not match");
        }
        if (sh.legacyCompressionMethod() != 0) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                    "compression method " + sh.legacyCompressionMethod());
        }
        CipherSuite cs = CipherSuite.fromCode(sh.cipherSuite());
        if (cs == null || !config.cipherSuites().contains(cs)) {
            // RFC 8446 §4.1.3/§4.1.4: a suite the client did not offer is illegal_parameter
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server chose suite " + sh.cipherSuite());
        }
        if (retried && cs != retrySuite) {
            // RFC 8446 §4.1.4: the ServerHello must use the HelloRetryRequest's suite
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                    "ServerHello suite differs from HelloRetryRequest's");
        }
        for (Extension e : sh.extensions().list()) {
            if (e instanceof UnknownExtension u) {
                throw new TlsAlertException(TlsAlert.UNSUPPORTED_EXTENSION, "unsolicited extension " + u.type()
                        + (hrr ? " in HelloRetryRequest" : " in ServerHello"));
            }
        }
    }

    private void onHelloRetryRequest(ServerHello hrr, byte[] raw) {
        if (retried) {
            // RFC 8446 §4.1.4: a second HelloRetryRequest is unexpected_message
            throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE, "second HelloRetryRequest");
        }
        checkServerHelloCommon(hrr, true);
        CipherSuite cs = CipherSuite.fromCode(hrr.cipherSuite());
        KeyShareHelloRetryRequest ks = hrr.extensions().find(KeyShareHelloRetryRequest.class);
        CookieExtension cookie = hrr.extensions().find(CookieExtension.class);
        if (ks == null && cookie == null) {
            // RFC 8446 §4.1.4: an HRR that would not change the ClientHello is illegal_parameter
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "HelloRetryRequest changes nothing");
        }
        NamedGroup selected = null;
        if (ks != null) {
            selected = NamedGroup.fromCode(ks.selectedGroup());
            if (selected == null || !config.groups().contains(selected)) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "HelloRetryRequest group " + ks.selectedGroup()
                        + " was not offered");
            }
            for (KeyExchange.ClientShare s : shares) {
                if (s.group() == selected) {
                    // RFC 8446 §4.2.8: a group we already sent a share for is illegal_parameter
                    throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                            "HelloRetryRequest asks for " + selected + " which was already sent");
                }
            }
        }
        retried = true;
        retrySuite = cs;
        suite = cs;
        schedule = new KeySchedule(cs);
        transcript.start(cs.hashAlgorithm());
        transcript.replaceWithMessageHash();
        transcript.add(raw);
        if (selected != null) {
            shares = List.of(KeyExchange.offer(selected, config.random()));
        }
        // RFC 8446 §4.2.11: do not offer a PSK whose hash differs from the selected suite's
        if (pskOffered && ticket.cipherSuite().hashLength() != cs.hashLength()) {
            pskOffered = false;
        }
        sendClientHello(cookie == null ? null : cookie.cookie());
    }

    private void onServerHello(ServerHello sh, byte[] raw) {
        checkServerHelloCommon(sh, false);
        CipherSuite cs = CipherSuite.fromCode(sh.cipherSuite());
        PreSharedKeyServerHello psk = sh.extensions().find(PreSharedKeyServerHello.class);
        if (psk != null) {
            if (!pskOffered) {
                throw new TlsAlertException(TlsAlert.UNSUPPORTED_EXTENSION, "pre_shared_key was not offered");
            }
            if (psk.selectedIdentity() != 0) {
                // RFC 8446 §4.2.11: an index outside the offered list is illegal_parameter
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "selected_identity " + psk.selectedIdentity());
            }
            if (cs.hashLength() != ticket.cipherSuite().hashLength()
                    || !cs.hashAlgorithm().equals(ticket.cipherSuite().hashAlgorithm())) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "PSK hash does not match " + cs);
            }
            pskAccepted = true;
        }
        KeyShareServerHello ks = sh.extensions().find(KeyShareServerHello.class);
        if (ks == null) {
            // we only offer psk_dhe_ke, so every ServerHello needs a key share
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "ServerHello without key_share");
        }
        KeyExchange.ClientShare share = null;
        for (KeyExchange.ClientShare s : shares) {
            if (s.group().code() == ks.share().group()) {
                share = s;
            }
        }
        if (share == null) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                    "server key share for group " + ks.share().group() + " we did not send");
        }
        group = share.group();
        suite = cs;
        schedule = new KeySchedule(cs);
        if (!transcript.started()) {
            transcript.start(cs.hashAlgorithm());
        }
        transcript.add(raw);
        byte[] shared = share.complete(ks.share().keyExchange());
        byte[] earlySecret = schedule.earlySecret(pskAccepted ? ticket.psk() : null);
        handshakeSecret = schedule.handshakeSecret(earlySecret, shared);
        byte[] hash = transcript.hash();
        clientHandshakeSecret = schedule.deriveSecret(handshakeSecret, "c hs traffic", hash);
        serverHandshakeSecret = schedule.deriveSecret(handshakeSecret, "s hs traffic", hash);
        keyLog("CLIENT_HANDSHAKE_TRAFFIC_SECRET", clientHandshakeSecret);
        keyLog("SERVER_HANDSHAKE_TRAFFIC_SECRET", serverHandshakeSecret);
        emitSecret(EncryptionLevel.HANDSHAKE, Direction.READ, serverHandshakeSecret);
        emitSecret(EncryptionLevel.HANDSHAKE, Direction.WRITE, clientHandshakeSecret);
        readLevel = EncryptionLevel.HANDSHAKE;
        state = State.WAIT_EE;
    }

    private void onEncryptedExtensions(EncryptedExtensions ee, byte[] raw) {
        for (Extension e : ee.extensions().list()) {
            switch (e) {
                case ServerNameExtension _ when serverName != null -> {
                    // acknowledgement of our server_name
                }
                case AlpnExtension alpn when !config.applicationProtocols().isEmpty() -> {
                    String p = alpn.protocols().getFirst();
                    if (!config.applicationProtocols().contains(p)) {
                        // RFC 7301 §3.1: the server must select a protocol the client offered
                        throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server selected ALPN \"" + p
                                + "\" which was not offered");
                    }
                    applicationProtocol = p;
                }
                case TransportParametersExtension tp when transportParameters != null ->
                    peerTransportParameters = toArray(tp.parameters());
                case EarlyDataExtension _ when earlyDataOffered && !retried -> earlyDataAccepted = true;
                case SupportedGroupsExtension _ -> {
                    // RFC 8446 §4.2.7: informational; a client may use it for later connections
                }
                default -> throw new TlsAlertException(TlsAlert.UNSUPPORTED_EXTENSION,
                        "unsolicited extension " + e.type() + " in EncryptedExtensions");
            }
        }
        if (config.quic() && peerTransportParameters == null) {
            // RFC 9001 §8.2: "endpoints MUST ... abort the handshake with a missing_extension alert"
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "server sent no quic_transport_parameters");
        }
        if (config.quic() && applicationProtocol == null) {
            // RFC 9001 §8.1: no ALPN agreement closes the connection with no_application_protocol
            throw new TlsAlertException(TlsAlert.NO_APPLICATION_PROTOCOL, "server selected no application protocol");
        }
        if (earlyDataAccepted && (!pskAccepted || !Objects.equals(applicationProtocol, ticket.applicationProtocol())
                || suite != ticket.cipherSuite())) {
            // RFC 8446 §4.2.10: 0-RTT needs the first PSK, the ticket's suite and ALPN
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server accepted early data it cannot accept");
        }
        transcript.add(raw);
        if (peerTransportParameters != null) {
            emit(new TlsEvent.PeerTransportParameters(peerTransportParameters));
        }
        if (applicationProtocol != null) {
            emit(new TlsEvent.ApplicationProtocol(applicationProtocol));
        }
        state = pskAccepted ? State.WAIT_FINISHED : State.WAIT_CERT_CR;
    }

    private void onCertificate(CertificateMessage cert, byte[] raw) {
        if (cert.context().hasRemaining()) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server Certificate context is not empty");
        }
        if (cert.entries().isEmpty()) {
            // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message, the client MUST
            // abort the handshake with a "decode_error" alert"
            throw new TlsAlertException(TlsAlert.DECODE_ERROR, "server sent no certificate");
        }
        List<X509Certificate> chain = peerChain(cert);
        PeerCertificates.checkServer(trustManager(), chain, serverName);
        serverChain = chain;
        transcript.add(raw);
        state = State.WAIT_CV;
    }

    private void onCertificateVerify(CertificateVerify cv, byte[] raw) {
        verifyPeerSignature(cv, serverChain, true);
        transcript.add(raw);
        state = State.WAIT_FINISHED;
    }

    private void onFinished(Finished fin, byte[] raw) {
        checkFinished(schedule.finishedMac(serverHandshakeSecret, transcript.hash()), fin.verifyData());
        transcript.add(raw);
        byte[] master = schedule.masterSecret(handshakeSecret);
        byte[] hash = transcript.hash();
        byte[] clientApp = schedule.deriveSecret(master, "c ap traffic", hash);
        byte[] serverApp = schedule.deriveSecret(master, "s ap traffic", hash);
        byte[] exporter = schedule.deriveSecret(master, "exp master", hash);
        keyLog("CLIENT_TRAFFIC_SECRET_0", clientApp);
        keyLog("SERVER_TRAFFIC_SECRET_0", serverApp);
        keyLog("EXPORTER_SECRET", exporter);
        if (certificateRequest != null) {
            sendClientCertificate();
        }
        send(EncryptionLevel.HANDSHAKE,
                new Finished(ByteBuffer.wrap(schedule.finishedMac(clientHandshakeSecret, transcript.hash()))));
        resumptionMasterSecret = schedule.deriveSecret(master, "res master", transcript.hash());
        emitSecret(EncryptionLevel.ONE_RTT, Direction.READ, serverApp);
        emitSecret(EncryptionLevel.ONE_RTT, Direction.WRITE, clientApp);
        readLevel = EncryptionLevel.ONE_RTT;
        state = State.CONNECTED;
        complete = true;
        TlsEvent.EarlyDataStatus early = !earlyDataOffered
                ? TlsEvent.EarlyDataStatus.NOT_OFFERED
                : earlyDataAccepted ? TlsEvent.EarlyDataStatus.ACCEPTED : TlsEvent.EarlyDataStatus.REJECTED;
        emit(new TlsEvent.HandshakeComplete(suite, group, pskAccepted, early, serverChain));
        Arrays.fill(handshakeSecret, (byte) 0);
    }

    private void sendClientCertificate() {
        CertificateCredentials creds = config.credentials();
        SignatureScheme scheme = null;
        if (creds != null) {
            SignatureAlgorithmsExtension accepted = certificateRequest.extensions()
                    .find(SignatureAlgorithmsExtension.class);
            for (SignatureScheme s : Signatures.schemesFor(creds.privateKey())) {
                if (accepted.schemes().contains(s.code()) && config.signatureSchemes().contains(s)) {
                    scheme = s;
                    break;
                }
            }
        }
        if (scheme == null) {
            // RFC 8446 §4.4.2: without a suitable certificate, send an empty Certificate
            send(EncryptionLevel.HANDSHAKE, new CertificateMessage(certificateRequest.context(), List.of()));
            return;
        }
        send(EncryptionLevel.HANDSHAKE, CertificateMessages.of(certificateRequest.context(), creds.chain()));
        byte[] signature = Signatures.sign(scheme, creds.privateKey(), Signatures.content(false, transcript.hash()),
                config.random());
        send(EncryptionLevel.HANDSHAKE, new CertificateVerify(scheme.code(), ByteBuffer.wrap(signature)));
    }

    private void onNewSessionTicket(NewSessionTicket nst) {
        long maxEarlyData = 0;
        EarlyDataTicketExtension ed = nst.extensions().find(EarlyDataTicketExtension.class);
        if (ed != null) {
            if (config.quic() && ed.maxEarlyDataSize() != EarlyDataTicketExtension.QUIC_MAX_EARLY_DATA_SIZE) {
                // RFC 9001 §4.6.1: any other value is a PROTOCOL_VIOLATION; the closest alert is illegal_parameter
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                        "max_early_data_size " + ed.maxEarlyDataSize() + " in QUIC");
            }
            maxEarlyData = ed.maxEarlyDataSize();
        }
        if (nst.lifetimeSeconds() == 0) {
            return; // RFC 8446 §4.6.1: a zero lifetime means the ticket must not be used
        }
        byte[] psk = schedule.resumptionPsk(resumptionMasterSecret, toArray(nst.nonce()));
        emit(new TlsEvent.NewSessionTicket(new SessionTicket(toArray(nst.ticket()), psk, suite, nst.ageAdd(),
                nst.lifetimeSeconds(), now, maxEarlyData, applicationProtocol, serverName, peerTransportParameters)));
    }
}
