package io.quic4j.tls.handshake;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.ClientAuth;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.SignatureScheme;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.TlsEvent.Direction;
import io.quic4j.tls.TlsEvent;
import io.quic4j.tls.cert.PeerCertificates;
import io.quic4j.tls.crypto.KeyExchange;
import io.quic4j.tls.crypto.KeySchedule;
import io.quic4j.tls.crypto.Signatures;
import io.quic4j.tls.message.AlpnExtension;
import io.quic4j.tls.message.CertificateMessage;
import io.quic4j.tls.message.CertificateRequest;
import io.quic4j.tls.message.CertificateVerify;
import io.quic4j.tls.message.ClientHello;
import io.quic4j.tls.message.EarlyDataExtension;
import io.quic4j.tls.message.EarlyDataTicketExtension;
import io.quic4j.tls.message.EncryptedExtensions;
import io.quic4j.tls.message.Extension;
import io.quic4j.tls.message.Extensions;
import io.quic4j.tls.message.Finished;
import io.quic4j.tls.message.HandshakeMessage;
import io.quic4j.tls.message.KeyShareEntry;
import io.quic4j.tls.message.KeyShareHelloRetryRequest;
import io.quic4j.tls.message.KeyShareServerHello;
import io.quic4j.tls.message.NewSessionTicket;
import io.quic4j.tls.message.PreSharedKeyClientHello;
import io.quic4j.tls.message.PreSharedKeyServerHello;
import io.quic4j.tls.message.ServerHello;
import io.quic4j.tls.message.ServerNameExtension;
import io.quic4j.tls.message.SignatureAlgorithmsExtension;
import io.quic4j.tls.message.SupportedVersionsServerHello;
import io.quic4j.tls.message.TransportParametersExtension;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The server state machine (RFC 8446 §A.2): on a ClientHello it either asks for another with a
 * HelloRetryRequest or answers with ServerHello, EncryptedExtensions, [CertificateRequest,
 * Certificate, CertificateVerify] (not when resuming), Finished; then it waits for the client's
 * [Certificate, CertificateVerify] and Finished, and issues a NewSessionTicket.
 */
public final class ServerHandshake extends HandshakeBase {
    private static final int TLS13 = 0x0304;
    private static final int LEGACY_VERSION = 0x0303;

    private enum State {
        WAIT_CH, WAIT_CH2, WAIT_CLIENT_CERT, WAIT_CLIENT_CV, WAIT_FINISHED, CONNECTED
    }

    private final byte[] transportParameters;
    private State state = State.WAIT_CH;
    private CipherSuite retrySuite;
    private NamedGroup retryGroup;
    private NamedGroup group;
    private String applicationProtocol;
    private boolean clientWantsTickets;
    private TicketState resumed;
    private boolean earlyDataOffered;
    private boolean earlyDataAccepted;
    private byte[] handshakeSecret;
    private byte[] clientHandshakeSecret;
    private byte[] masterSecret;
    private byte[] clientAppSecret;
    private List<X509Certificate> clientChain = List.of();
    private long ticketNonce;
    private byte[] ticketData = new byte[0];

    /**
     * @param config settings; needs credentials
     * @param transportParameters our encoded quic_transport_parameters, required in QUIC mode
     */
    public ServerHandshake(TlsEngineConfig config, byte[] transportParameters) {
        super(config);
        if (config.credentials() == null) {
            throw new IllegalArgumentException("a server needs a certificate: set credentials(...) in TlsEngineConfig");
        }
        if (config.quic() && transportParameters == null) {
            throw new IllegalArgumentException(
                    "QUIC mode needs our transport parameters (RFC 9001 §8.2): pass the encoded parameters");
        }
        this.transportParameters = transportParameters == null ? null : transportParameters.clone();
    }

    /**
     * Sets what tickets issued by this connection remember for validating 0-RTT later (RFC 9001
     * §4.6.3), for example the transport parameters and HTTP/3 SETTINGS the server sent.
     *
     * @param data opaque bytes, at most 65535
     */
    public void setTicketData(byte[] data) {
        if (data.length > 0xffff) {
            throw new IllegalArgumentException("ticket data is " + data.length + " bytes; at most 65535 fit");
        }
        ticketData = data.clone();
    }

    @Override
    protected void handle(EncryptionLevel level, HandshakeMessage message, byte[] raw) {
        switch (message) {
            case ClientHello ch when state == State.WAIT_CH || state == State.WAIT_CH2 -> onClientHello(ch, raw);
            case CertificateMessage cert when state == State.WAIT_CLIENT_CERT -> onClientCertificate(cert, raw);
            case CertificateVerify cv when state == State.WAIT_CLIENT_CV -> onClientCertificateVerify(cv, raw);
            case Finished fin when state == State.WAIT_FINISHED -> onFinished(fin, raw);
            default -> throw unexpected(message, state);
        }
    }

    private void onClientHello(ClientHello ch, byte[] raw) {
        boolean second = state == State.WAIT_CH2;
        ClientHelloNegotiation n = ClientHelloNegotiation.of(ch, config);
        CipherSuite cs = n.suite();
        if (second) {
            // RFC 8446 §4.1.2: the second ClientHello may only change the key share, cookie, PSK and early_data
            if (cs != retrySuite) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "second ClientHello changed the cipher suites");
            }
            if (n.earlyData()) {
                // RFC 8446 §4.2.10: "A client MUST NOT include the early_data extension in its followup ClientHello"
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "early_data after HelloRetryRequest");
            }
            if (n.share() == null || n.share().group() != retryGroup.code()) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                        "second ClientHello lacks a share for " + retryGroup);
            }
        }
        clientWantsTickets = n.pskDheAllowed();
        if (clientRandom == null) {
            clientRandom = toArray(ch.random());
        }
        if (suite == null) {
            suite = cs;
            schedule = new KeySchedule(cs);
            transcript.start(cs.hashAlgorithm());
        }
        if (n.share() == null) {
            sendHelloRetryRequest(ch, raw, cs, n.retryGroup());
            return;
        }
        KeyShareEntry chosen = n.share();
        group = NamedGroup.fromCode(chosen.group());
        PreSharedKeyClientHello psk = n.psk();

        // PSK (RFC 8446 §4.2.11): first identity we can open, with a suite of the same hash
        TicketResumption resumption = psk != null && clientWantsTickets && config.sessionTicketKeys() != null
                ? TicketResumption.choose(config, psk, cs, now)
                : null;
        if (resumption != null) {
            resumption.verifyBinder(schedule, transcript, psk, raw);
            resumed = resumption.ticket();
            // the identity proven when the ticket was issued (validated then, within the ticket lifetime)
            clientChain = resumed.clientChain().isEmpty() ? List.of() : PeerCertificates.parse(resumed.clientChain());
        }
        if (resumed == null && n.signatureAlgorithms() == null) {
            // RFC 8446 §9.2: without a PSK, a ClientHello must carry signature_algorithms
            throw new TlsAlertException(TlsAlert.MISSING_EXTENSION, "ClientHello without signature_algorithms");
        }
        transcript.add(raw);
        applicationProtocol = n.applicationProtocol();
        earlyDataOffered = n.earlyData();
        byte[] earlySecret = schedule.earlySecret(resumed != null ? resumed.psk() : null);
        if (earlyDataOffered && resumption != null
                && resumption.acceptEarlyData(config, psk, cs, applicationProtocol, second, now)) {
            earlyDataAccepted = true;
            byte[] early = schedule.deriveSecret(earlySecret, "c e traffic", transcript.hash());
            keyLog("CLIENT_EARLY_TRAFFIC_SECRET", early);
            emitSecret(EncryptionLevel.ZERO_RTT, Direction.READ, early);
        }
        if (n.transportParameters() != null) {
            emit(new TlsEvent.PeerTransportParameters(toArray(n.transportParameters().parameters())));
        }
        if (applicationProtocol != null) {
            emit(new TlsEvent.ApplicationProtocol(applicationProtocol));
        }
        respond(ch, cs, chosen, resumption == null ? -1 : resumption.index(), earlySecret);
    }

    private void sendHelloRetryRequest(ClientHello ch, byte[] raw, CipherSuite cs, NamedGroup retry) {
        if (state == State.WAIT_CH2) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "second ClientHello still has no usable share");
        }
        transcript.add(raw);
        transcript.replaceWithMessageHash();
        retrySuite = cs;
        retryGroup = retry;
        send(EncryptionLevel.INITIAL, new ServerHello(LEGACY_VERSION, ServerHello.HELLO_RETRY_REQUEST_RANDOM,
                ch.legacySessionId(), cs.code(), 0, Extensions.of(new SupportedVersionsServerHello(TLS13),
                        new KeyShareHelloRetryRequest(retry.code()))));
        state = State.WAIT_CH2;
    }

    private void respond(ClientHello ch, CipherSuite cs, KeyShareEntry share, int pskIndex, byte[] earlySecret) {
        KeyExchange.ServerShare ours = KeyExchange.respond(group, share.keyExchange(), config.random());
        byte[] random = new byte[32];
        config.random().nextBytes(random);
        List<Extension> shExt = new ArrayList<>();
        shExt.add(new SupportedVersionsServerHello(TLS13));
        shExt.add(new KeyShareServerHello(new KeyShareEntry(group.code(), ByteBuffer.wrap(ours.share()))));
        if (resumed != null) {
            shExt.add(new PreSharedKeyServerHello(pskIndex));
        }
        send(EncryptionLevel.INITIAL,
                new ServerHello(LEGACY_VERSION, ByteBuffer.wrap(random), ch.legacySessionId(), cs.code(), 0,
                        new Extensions(shExt)));
        handshakeSecret = schedule.handshakeSecret(earlySecret, ours.sharedSecret());
        byte[] hash = transcript.hash();
        clientHandshakeSecret = schedule.deriveSecret(handshakeSecret, "c hs traffic", hash);
        byte[] serverHandshakeSecret = schedule.deriveSecret(handshakeSecret, "s hs traffic", hash);
        keyLog("CLIENT_HANDSHAKE_TRAFFIC_SECRET", clientHandshakeSecret);
        keyLog("SERVER_HANDSHAKE_TRAFFIC_SECRET", serverHandshakeSecret);
        emitSecret(EncryptionLevel.HANDSHAKE, Direction.WRITE, serverHandshakeSecret);
        emitSecret(EncryptionLevel.HANDSHAKE, Direction.READ, clientHandshakeSecret);

        List<Extension> ee = new ArrayList<>();
        if (ch.extensions().find(ServerNameExtension.class) != null) {
            ee.add(new ServerNameExtension(null));
        }
        if (applicationProtocol != null) {
            ee.add(new AlpnExtension(List.of(applicationProtocol)));
        }
        if (earlyDataAccepted) {
            ee.add(new EarlyDataExtension());
        }
        if (transportParameters != null) {
            ee.add(new TransportParametersExtension(ByteBuffer.wrap(transportParameters)));
        }
        send(EncryptionLevel.HANDSHAKE, new EncryptedExtensions(new Extensions(ee)));

        boolean askClient = resumed == null && config.clientAuth() != ClientAuth.NONE;
        if (resumed == null) {
            if (askClient) {
                send(EncryptionLevel.HANDSHAKE, new CertificateRequest(ByteBuffer.allocate(0), Extensions.of(
                        new SignatureAlgorithmsExtension(
                                config.signatureSchemes().stream().map(SignatureScheme::code).toList()))));
            }
            sendCertificate(ch);
        }
        send(EncryptionLevel.HANDSHAKE,
                new Finished(ByteBuffer.wrap(schedule.finishedMac(serverHandshakeSecret, transcript.hash()))));
        masterSecret = schedule.masterSecret(handshakeSecret);
        byte[] appHash = transcript.hash();
        clientAppSecret = schedule.deriveSecret(masterSecret, "c ap traffic", appHash);
        byte[] serverApp = schedule.deriveSecret(masterSecret, "s ap traffic", appHash);
        byte[] exporter = schedule.deriveSecret(masterSecret, "exp master", appHash);
        keyLog("CLIENT_TRAFFIC_SECRET_0", clientAppSecret);
        keyLog("SERVER_TRAFFIC_SECRET_0", serverApp);
        keyLog("EXPORTER_SECRET", exporter);
        // RFC 9001 §5.7: the server may send 1-RTT data now, but reads 1-RTT only after the client's Finished
        emitSecret(EncryptionLevel.ONE_RTT, Direction.WRITE, serverApp);
        readLevel = EncryptionLevel.HANDSHAKE;
        state = askClient ? State.WAIT_CLIENT_CERT : State.WAIT_FINISHED;
    }

    private void sendCertificate(ClientHello ch) {
        CertificateCredentials creds = config.credentials();
        SignatureAlgorithmsExtension accepted = ch.extensions().find(SignatureAlgorithmsExtension.class);
        SignatureScheme scheme = null;
        for (SignatureScheme s : config.signatureSchemes()) {
            if (Signatures.schemesFor(creds.privateKey()).contains(s) && accepted.schemes().contains(s.code())) {
                scheme = s;
                break;
            }
        }
        if (scheme == null) {
            // RFC 8446 §4.4.2.2: no certificate the client can verify
            throw new TlsAlertException(TlsAlert.HANDSHAKE_FAILURE,
                    "client accepts no signature scheme our " + creds.privateKey().getAlgorithm() + " key can make");
        }
        // RFC 8446 §4.4.2.2: the chain is sent as configured even if signature_algorithms_cert does not cover it
        send(EncryptionLevel.HANDSHAKE, CertificateMessages.of(ByteBuffer.allocate(0), creds.chain()));
        byte[] signature = Signatures.sign(scheme, creds.privateKey(), Signatures.content(true, transcript.hash()),
                config.random());
        send(EncryptionLevel.HANDSHAKE, new CertificateVerify(scheme.code(), ByteBuffer.wrap(signature)));
    }

    private void onClientCertificate(CertificateMessage cert, byte[] raw) {
        if (cert.context().hasRemaining()) {
            // RFC 8446 §4.4.2: the context must echo the CertificateRequest's (empty)
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "client Certificate context does not match");
        }
        if (cert.entries().isEmpty()) {
            if (config.clientAuth() == ClientAuth.REQUIRED) {
                // RFC 8446 §4.4.2.4: "MAY abort the handshake with a "certificate_required" alert"
                throw new TlsAlertException(TlsAlert.CERTIFICATE_REQUIRED, "client sent no certificate");
            }
            transcript.add(raw);
            state = State.WAIT_FINISHED;
            return;
        }
        List<X509Certificate> chain = peerChain(cert);
        PeerCertificates.checkClient(trustManager(), chain);
        clientChain = chain;
        transcript.add(raw);
        state = State.WAIT_CLIENT_CV;
    }

    private void onClientCertificateVerify(CertificateVerify cv, byte[] raw) {
        verifyPeerSignature(cv, clientChain, false);
        transcript.add(raw);
        state = State.WAIT_FINISHED;
    }

    private void onFinished(Finished fin, byte[] raw) {
        checkFinished(schedule.finishedMac(clientHandshakeSecret, transcript.hash()), fin.verifyData());
        transcript.add(raw);
        byte[] resumptionMaster = schedule.deriveSecret(masterSecret, "res master", transcript.hash());
        emitSecret(EncryptionLevel.ONE_RTT, Direction.READ, clientAppSecret);
        readLevel = EncryptionLevel.ONE_RTT;
        state = State.CONNECTED;
        complete = true;
        TlsEvent.EarlyDataStatus early = !earlyDataOffered
                ? TlsEvent.EarlyDataStatus.NOT_OFFERED
                : earlyDataAccepted ? TlsEvent.EarlyDataStatus.ACCEPTED : TlsEvent.EarlyDataStatus.REJECTED;
        emit(new TlsEvent.HandshakeComplete(suite, group, resumed != null, early, clientChain));
        if (config.sessionTicketKeys() != null && clientWantsTickets) {
            sendTicket(resumptionMaster);
        }
    }

    private void sendTicket(byte[] resumptionMaster) {
        byte[] nonce = new byte[8];
        long n = ticketNonce++;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (56 - 8 * i));
        }
        long ageAdd = config.random().nextInt() & 0xffffffffL;
        long lifetime = config.ticketLifetime().toSeconds();
        // RFC 9001 §4.6.1: QUIC tickets that allow 0-RTT carry 0xffffffff (earlyData implies QUIC mode)
        long maxEarly = config.earlyData() ? EarlyDataTicketExtension.QUIC_MAX_EARLY_DATA_SIZE : 0;
        List<ByteBuffer> chain = new ArrayList<>();
        for (X509Certificate c : clientChain) {
            try {
                chain.add(ByteBuffer.wrap(c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a validated certificate does not encode", e);
            }
        }
        TicketState state = new TicketState(suite, schedule.resumptionPsk(resumptionMaster, nonce), now, ageAdd,
                lifetime, maxEarly, applicationProtocol, chain, ticketData);
        byte[] ticket = config.sessionTicketKeys().seal(state.encode());
        Extensions ext = maxEarly > 0 ? Extensions.of(new EarlyDataTicketExtension(maxEarly)) : Extensions.NONE;
        send(EncryptionLevel.ONE_RTT,
                new NewSessionTicket(lifetime, ageAdd, ByteBuffer.wrap(nonce), ByteBuffer.wrap(ticket), ext));
    }
}
