package io.quic4j.tls.handshake;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.SignatureScheme;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.TlsEvent;
import io.quic4j.tls.cert.PeerCertificates;
import io.quic4j.tls.crypto.KeySchedule;
import io.quic4j.tls.crypto.Signatures;
import io.quic4j.tls.crypto.Transcript;
import io.quic4j.tls.message.CertificateEntry;
import io.quic4j.tls.message.CertificateMessage;
import io.quic4j.tls.message.CertificateVerify;
import io.quic4j.tls.message.HandshakeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;

/**
 * What client and server handshakes share: reassembly of handshake messages per encryption level
 * (CRYPTO data arrives in pieces), the transcript, output per level, the event queue, key logging,
 * and failure handling (the first alert is final).
 */
public abstract sealed class HandshakeBase permits ClientHandshake, ServerHandshake {
    /** The settings. */
    protected final TlsEngineConfig config;
    /** The running transcript hash. */
    protected final Transcript transcript = new Transcript();
    /** The key schedule, once the suite is known. */
    protected KeySchedule schedule;
    /** The negotiated suite, once known. */
    protected CipherSuite suite;
    /** The ClientHello random, which names the connection in the key log. */
    protected byte[] clientRandom;
    /** The level the next message from the peer must arrive at. */
    protected EncryptionLevel readLevel = EncryptionLevel.INITIAL;
    /** Whether the handshake completed. */
    protected boolean complete;

    private final Map<EncryptionLevel, ByteArrayOutputStream> output = new EnumMap<>(EncryptionLevel.class);
    private final Map<EncryptionLevel, byte[]> input = new EnumMap<>(EncryptionLevel.class);
    private final ArrayDeque<TlsEvent> events = new ArrayDeque<>();
    private TlsAlertException failure;
    /** The caller's clock for the message being handled. */
    protected long now;

    /** @param config the settings */
    protected HandshakeBase(TlsEngineConfig config) {
        this.config = config;
    }

    /**
     * Feeds handshake bytes received at a level and handles every complete message.
     *
     * @param level the level the bytes arrived at
     * @param data the bytes (consumed)
     * @param nowMillis the caller's clock
     */
    public final void receive(EncryptionLevel level, ByteBuffer data, long nowMillis) {
        checkUsable();
        now = nowMillis;
        try {
            if (level == EncryptionLevel.ZERO_RTT) {
                // RFC 9001 §4.1.3: no handshake messages are carried in 0-RTT packets
                throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE, "handshake data in 0-RTT");
            }
            byte[] buffered = input.getOrDefault(level, new byte[0]);
            int incoming = data.remaining();
            if ((long) buffered.length + incoming > config.maxHandshakeMessageSize() + 4L) {
                throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE,
                        "more than " + config.maxHandshakeMessageSize() + " bytes of unprocessed handshake data");
            }
            byte[] joined = new byte[buffered.length + incoming];
            System.arraycopy(buffered, 0, joined, 0, buffered.length);
            data.get(joined, buffered.length, incoming);
            int offset = 0;
            while (joined.length - offset >= 4) {
                int type = joined[offset] & 0xff;
                int length = ((joined[offset + 1] & 0xff) << 16) | ((joined[offset + 2] & 0xff) << 8)
                        | (joined[offset + 3] & 0xff);
                if (length > config.maxHandshakeMessageSize()) {
                    throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE,
                            "handshake message of " + length + " bytes exceeds maxHandshakeMessageSize");
                }
                if (joined.length - offset - 4 < length) {
                    break;
                }
                if (level != readLevel) {
                    // RFC 8446 §5.1 / RFC 9001 §4.1.3: messages must arrive at the level the handshake is at
                    throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE,
                            "handshake message type " + type + " at " + level + ", expected " + readLevel);
                }
                byte[] raw = new byte[4 + length];
                System.arraycopy(joined, offset, raw, 0, raw.length);
                offset += raw.length;
                HandshakeMessage message = HandshakeMessage.decode(type, ByteBuffer.wrap(raw, 4, length));
                handle(level, message, raw);
            }
            byte[] rest = new byte[joined.length - offset];
            System.arraycopy(joined, offset, rest, 0, rest.length);
            if (rest.length > 0 && level != readLevel) {
                throw new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE,
                        "partial handshake message left at " + level + " after a key change");
            }
            input.put(level, rest);
        } catch (TlsAlertException e) {
            fail(e);
            throw e;
        } catch (RuntimeException e) {
            TlsAlertException wrapped = new TlsAlertException(TlsAlert.INTERNAL_ERROR, "internal error: " + e, e);
            fail(wrapped);
            throw wrapped;
        }
    }

    /**
     * Runs an action that may fail with an alert, recording the failure.
     *
     * @param action the action
     */
    protected final void guarded(Runnable action) {
        checkUsable();
        try {
            action.run();
        } catch (TlsAlertException e) {
            fail(e);
            throw e;
        }
    }

    private void checkUsable() {
        if (failure != null) {
            throw new IllegalStateException("the handshake already failed with " + failure.alert(), failure);
        }
    }

    private void fail(TlsAlertException e) {
        failure = e;
        // nothing more goes to the peer but the alert (which the transport sends as CONNECTION_CLOSE)
        output.clear();
        events.add(new TlsEvent.Alert(e.alert(), e.getMessage()));
    }

    /**
     * Handles one decoded message.
     *
     * @param level the level it arrived at
     * @param message the message
     * @param raw its bytes with header, for the transcript
     */
    protected abstract void handle(EncryptionLevel level, HandshakeMessage message, byte[] raw);

    /**
     * Queues a message for sending and adds it to the transcript.
     *
     * @param level the level to send at
     * @param message the message
     * @return its encoding
     */
    protected final byte[] send(EncryptionLevel level, HandshakeMessage message) {
        byte[] bytes = message.encode();
        sendRaw(level, bytes);
        return bytes;
    }

    /**
     * Queues already-encoded message bytes and adds them to the transcript.
     *
     * @param level the level to send at
     * @param bytes the encoded message
     */
    protected final void sendRaw(EncryptionLevel level, byte[] bytes) {
        transcript.add(bytes);
        output.computeIfAbsent(level, l -> new ByteArrayOutputStream()).writeBytes(bytes);
    }

    /**
     * @param level the level
     * @return pending bytes to send at that level, or {@code null}
     */
    public final ByteBuffer pollOutput(EncryptionLevel level) {
        ByteArrayOutputStream out = output.remove(level);
        return out == null ? null : ByteBuffer.wrap(out.toByteArray());
    }

    /** @return the next event, or {@code null} */
    public final TlsEvent pollEvent() {
        return events.poll();
    }

    /** @param event an event to report */
    protected final void emit(TlsEvent event) {
        events.add(event);
    }

    /**
     * Reports a secret and writes its key log line.
     *
     * @param level the level
     * @param direction read or write
     * @param secret the secret
     */
    protected final void emitSecret(EncryptionLevel level, TlsEvent.Direction direction, byte[] secret) {
        events.add(new TlsEvent.TrafficSecret(level, direction, suite, secret));
    }

    /**
     * Writes an SSLKEYLOGFILE line if a logger is configured.
     *
     * @param label the NSS label
     * @param secret the secret
     */
    protected final void keyLog(String label, byte[] secret) {
        if (config.keyLogger() != null) {
            HexFormat hex = HexFormat.of();
            config.keyLogger().log(label + " " + hex.formatHex(clientRandom) + " " + hex.formatHex(secret));
        }
    }

    /**
     * @param message what arrived
     * @param state the state it arrived in
     * @return the exception for a message the state machine does not expect
     */
    protected static TlsAlertException unexpected(HandshakeMessage message, Object state) {
        return new TlsAlertException(TlsAlert.UNEXPECTED_MESSAGE,
                message.getClass().getSimpleName() + " is not expected in state " + state);
    }

    /**
     * Checks a Finished MAC in constant time (RFC 8446 §4.4.4).
     *
     * @param expected the MAC we computed
     * @param verifyData what the peer sent
     */
    protected static void checkFinished(byte[] expected, ByteBuffer verifyData) {
        if (verifyData.remaining() != expected.length) {
            throw new TlsAlertException(TlsAlert.DECODE_ERROR,
                    "Finished of " + verifyData.remaining() + " bytes, expected " + expected.length);
        }
        byte[] got = new byte[verifyData.remaining()];
        verifyData.get(verifyData.position(), got);
        if (!java.security.MessageDigest.isEqual(expected, got)) {
            throw new TlsAlertException(TlsAlert.DECRYPT_ERROR, "Finished does not verify");
        }
    }

    /** @return whether the handshake completed */
    public final boolean isComplete() {
        return complete;
    }

    /** @return the negotiated suite, or {@code null} before the hello exchange */
    public final CipherSuite cipherSuite() {
        return suite;
    }

    /**
     * The peer's certificate chain from a non-empty Certificate message (RFC 8446 §4.4.2), with the
     * trust manager to validate it with.
     *
     * @throws TlsAlertException unsupported_extension for a CertificateEntry extension we never asked for,
     *         bad_certificate for an unparsable certificate
     */
    protected final List<X509Certificate> peerChain(CertificateMessage cert) {
        for (CertificateEntry e : cert.entries()) {
            if (!e.extensions().list().isEmpty()) {
                throw new TlsAlertException(TlsAlert.UNSUPPORTED_EXTENSION, "unsolicited CertificateEntry extension");
            }
        }
        return PeerCertificates.parse(cert.entries().stream().map(CertificateEntry::certData).toList());
    }

    /** @return the configured trust manager, or the JDK's default */
    protected final X509TrustManager trustManager() {
        return config.trustManager() != null ? config.trustManager() : PeerCertificates.defaultTrustManager();
    }

    /**
     * Checks the peer's CertificateVerify against the transcript so far (RFC 8446 §4.4.3).
     *
     * @param cv the message
     * @param chain the peer's validated chain; its first certificate holds the key
     * @param fromServer whether the server signed (selects the context string)
     * @throws TlsAlertException illegal_parameter for a scheme we did not offer, decrypt_error for a bad
     *         signature
     */
    protected final void verifyPeerSignature(CertificateVerify cv, List<X509Certificate> chain, boolean fromServer) {
        SignatureScheme scheme = SignatureScheme.fromCode(cv.scheme());
        if (scheme == null || !config.signatureSchemes().contains(scheme)) {
            // RFC 8446 §4.4.3: a scheme not offered in signature_algorithms is illegal_parameter
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "CertificateVerify scheme " + cv.scheme()
                    + " was not offered");
        }
        Signatures.verify(scheme, chain.getFirst().getPublicKey(), Signatures.content(fromServer, transcript.hash()),
                toArray(cv.signature()));
    }

    /**
     * @param buf a buffer
     * @return its remaining bytes, copied
     */
    protected static byte[] toArray(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.get(buf.position(), out);
        return out;
    }
}
