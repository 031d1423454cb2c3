package io.quic4j.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a {@link TlsEngine} reports, in order, through {@link TlsEngine#pollEvent()}.
 */
public sealed interface TlsEvent {

    /** Whether a secret protects what this endpoint reads or what it writes. */
    enum Direction {
        /** Packets from the peer. */
        READ,
        /** Packets to the peer. */
        WRITE
    }

    /**
     * A traffic secret became available (RFC 9001 §4.1.4). The transport derives the packet keys
     * ({@code quic key}, {@code quic iv}, {@code quic hp}, RFC 9001 §5.1) from it with the suite's hash.
     *
     * @param level the encryption level it protects
     * @param direction read or write, from this endpoint's view
     * @param cipherSuite the negotiated suite (AEAD and hash)
     * @param secret the secret; the array is a copy the receiver owns
     */
    record TrafficSecret(EncryptionLevel level, Direction direction, CipherSuite cipherSuite, byte[] secret)
            implements
                TlsEvent {
        /** Copies the secret. */
        public TrafficSecret {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "TrafficSecret[" + level + " " + direction + " " + cipherSuite + "]";
        }
    }

    /**
     * The peer's quic_transport_parameters (RFC 9001 §8.2), still encoded.
     *
     * @param parameters the encoded parameters (a copy the receiver owns)
     */
    record PeerTransportParameters(byte[] parameters) implements TlsEvent {
        /** Copies the parameters. */
        public PeerTransportParameters {
            parameters = parameters.clone();
        }

        @Override
        public byte[] parameters() {
            return parameters.clone();
        }
    }

    /**
     * ALPN agreed on a protocol (RFC 7301).
     *
     * @param protocol the protocol name
     */
    record ApplicationProtocol(String protocol) implements TlsEvent {
    }

    /**
     * The handshake completed (RFC 9001 §4.1.1: this endpoint sent and received Finished). The
     * transport still has to confirm it (HANDSHAKE_DONE).
     *
     * @param cipherSuite the suite
     * @param group the key-exchange group
     * @param resumed whether a PSK from a ticket was used
     * @param earlyData what became of 0-RTT
     * @param peerCertificates the peer's validated chain, end-entity first; empty when resumed or
     *            when a client sent none
     */
    record HandshakeComplete(CipherSuite cipherSuite, NamedGroup group, boolean resumed, EarlyDataStatus earlyData,
            List<X509Certificate> peerCertificates) implements TlsEvent {
        /** Copies the list. */
        public HandshakeComplete {
            peerCertificates = List.copyOf(peerCertificates);
        }
    }

    /** What became of 0-RTT. */
    enum EarlyDataStatus {
        /** The client did not attempt it. */
        NOT_OFFERED,
        /** The server accepted it. */
        ACCEPTED,
        /** The server rejected it: the client must resend what it sent in 0-RTT. */
        REJECTED
    }

    /**
     * A client received a ticket it can resume with later (RFC 8446 §4.6.1).
     *
     * @param ticket the resumption state
     */
    record NewSessionTicket(SessionTicket ticket) implements TlsEvent {
    }

    /**
     * The handshake failed: this alert is what the transport sends (CRYPTO_ERROR
     * {@code 0x100 + alert}, RFC 9001 §4.8). The same failure was thrown as {@link TlsAlertException}.
     *
     * @param alert the alert
     * @param reason why, for logs
     */
    record Alert(TlsAlert alert, String reason) implements TlsEvent {
    }
}
