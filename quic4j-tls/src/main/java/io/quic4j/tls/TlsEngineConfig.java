package io.quic4j.tls;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.X509TrustManager;

/**
 * Immutable settings of a {@link TlsEngine}, shared by every connection of a client or server
 * (DESIGN.md §6). Build with {@link #builder()}; the constructor rejects inconsistent settings with a
 * message that says what to change.
 *
 * @param cipherSuites suites in preference order (default: all three, AES-128-GCM first)
 * @param groups key-exchange groups in preference order (default X25519MLKEM768, X25519,
 *            secp256r1). A client sends a key share for the first; if that is X25519MLKEM768 and
 *            X25519 is also listed, an X25519 share as well, so servers without ML-KEM need no
 *            HelloRetryRequest
 * @param signatureSchemes CertificateVerify schemes accepted and used, in preference order
 * @param applicationProtocols ALPN protocol names, in preference order; QUIC requires at least one
 *            (RFC 9001 §8.1)
 * @param credentials certificate chain and key: required for a server, optional for a client
 *            (presented when the server asks)
 * @param trustManager validates the peer's chain; {@code null} means the JDK default trust store
 * @param clientAuth whether a server asks for client certificates
 * @param quic QUIC mode (default true): quic_transport_parameters is mandatory (RFC 9001 §8.2),
 *            ALPN is mandatory (§8.1), legacy_session_id is empty (§8.4), tickets allow 0-RTT with
 *            max_early_data_size 0xffffffff (§4.6.1), KeyUpdate is forbidden (§6). {@code false} gives
 *            plain TLS 1.3 handshake semantics, used to test against TLS-over-TCP peers
 * @param sessionTicketKeys server: the keys that seal tickets; {@code null} sends no tickets
 * @param ticketLifetime server: ticket lifetime, at most 7 days (RFC 8446 §4.6.1)
 * @param earlyData client: attempt 0-RTT when a ticket allows; server: accept 0-RTT (needs ticket keys
 *            and a replay guard). QUIC mode only
 * @param replayGuard server: anti-replay for 0-RTT (RFC 8446 §8)
 * @param earlyDataValidator server: the transport's and application's say on 0-RTT (RFC 9001 §4.6.3):
 *            called with the data the issuing connection sealed into the ticket
 *            ({@link TlsEngine#setTicketData(byte[])}) when TLS itself would accept early data; {@code false}
 *            rejects it. {@code null} accepts. Runs on the connection's thread; shared, so thread-safe
 * @param keyLogger receives SSLKEYLOGFILE lines, or {@code null}
 * @param random randomness for hellos, key shares and signatures
 * @param maxHandshakeMessageSize the largest handshake message accepted (bounds buffering)
 */
public record TlsEngineConfig(List<CipherSuite> cipherSuites, List<NamedGroup> groups,
        List<SignatureScheme> signatureSchemes, List<String> applicationProtocols, CertificateCredentials credentials,
        X509TrustManager trustManager, ClientAuth clientAuth, boolean quic, SessionTicketKeys sessionTicketKeys,
        Duration ticketLifetime, boolean earlyData, EarlyDataReplayGuard replayGuard,
        Predicate<byte[]> earlyDataValidator, KeyLogger keyLogger,
        SecureRandom random, int maxHandshakeMessageSize) {

    /** The longest ticket lifetime allowed (RFC 8446 §4.6.1). */
    public static final Duration MAX_TICKET_LIFETIME = Duration.ofDays(7);

    /** Validates and copies. */
    public TlsEngineConfig {
        cipherSuites = nonEmptyDistinct(cipherSuites, "cipherSuites",
                "give at least one of " + List.of(CipherSuite.values()));
        groups = nonEmptyDistinct(groups, "groups", "give at least one of " + List.of(NamedGroup.values()));
        signatureSchemes = nonEmptyDistinct(signatureSchemes, "signatureSchemes", "give at least one");
        for (SignatureScheme s : signatureSchemes) {
            if (!s.handshake()) {
                throw new IllegalArgumentException("signatureSchemes: " + s
                        + " is not allowed in TLS 1.3 CertificateVerify (RFC 8446 §4.2.3); rsa_pkcs1 schemes are"
                        + " accepted in certificate chains without being listed here");
            }
        }
        applicationProtocols = List.copyOf(applicationProtocols);
        if (new HashSet<>(applicationProtocols).size() != applicationProtocols.size()) {
            throw new IllegalArgumentException("applicationProtocols has duplicates: " + applicationProtocols);
        }
        for (String p : applicationProtocols) {
            int length = p.getBytes(StandardCharsets.ISO_8859_1).length;
            if (length < 1 || length > 255 || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(p)) {
                throw new IllegalArgumentException(
                        "applicationProtocols: \"" + p + "\" must be 1-255 single-byte characters (RFC 7301 §3.1)");
            }
        }
        if (quic && applicationProtocols.isEmpty()) {
            throw new IllegalArgumentException(
                    "QUIC requires ALPN (RFC 9001 §8.1): set applicationProtocols, for example List.of(\"h3\")");
        }
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(ticketLifetime, "ticketLifetime");
        if (ticketLifetime.isNegative() || ticketLifetime.isZero()
                || ticketLifetime.compareTo(MAX_TICKET_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "ticketLifetime must be more than 0 and at most 7 days (RFC 8446 §4.6.1), was " + ticketLifetime);
        }
        Objects.requireNonNull(random, "random");
        if (maxHandshakeMessageSize < 4096 || maxHandshakeMessageSize > 0xffffff) {
            throw new IllegalArgumentException(
                    "maxHandshakeMessageSize must be 4096..16777215 bytes, was " + maxHandshakeMessageSize);
        }
        if (earlyData && !quic) {
            throw new IllegalArgumentException("earlyData needs QUIC mode: TLS over TCP would need EndOfEarlyData"
                    + " (RFC 8446 §4.5), which this engine does not implement; set earlyData(false)");
        }
        if (earlyData && sessionTicketKeys != null && replayGuard == null) {
            throw new IllegalArgumentException("a server accepting 0-RTT needs anti-replay (RFC 8446 §8): set "
                    + "replayGuard(EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 100_000)) or earlyData(false)");
        }
    }

    private static <T> List<T> nonEmptyDistinct(List<T> list, String name, String fix) {
        List<T> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty: " + fix);
        }
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(name + " has duplicates: " + copy);
        }
        return copy;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cipherSuites = cipherSuites;
        b.groups = groups;
        b.signatureSchemes = signatureSchemes;
        b.applicationProtocols = applicationProtocols;
        b.credentials = credentials;
        b.trustManager = trustManager;
        b.clientAuth = clientAuth;
        b.quic = quic;
        b.sessionTicketKeys = sessionTicketKeys;
        b.ticketLifetime = ticketLifetime;
        b.earlyData = earlyData;
        b.replayGuard = replayGuard;
        b.earlyDataValidator = earlyDataValidator;
        b.keyLogger = keyLogger;
        b.random = random;
        b.maxHandshakeMessageSize = maxHandshakeMessageSize;
        return b;
    }

    /** Builds a {@link TlsEngineConfig}; each setter documents its default on the record component. */
    public static final class Builder {
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        private List<NamedGroup> groups = List.of(NamedGroup.X25519MLKEM768, NamedGroup.X25519, NamedGroup.SECP256R1);
        private List<SignatureScheme> signatureSchemes = List.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.ED25519, SignatureScheme.ECDSA_SECP384R1_SHA384,
                SignatureScheme.RSA_PSS_RSAE_SHA384, SignatureScheme.RSA_PSS_RSAE_SHA512);
        private List<String> applicationProtocols = List.of();
        private CertificateCredentials credentials;
        private X509TrustManager trustManager;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean quic = true;
        private SessionTicketKeys sessionTicketKeys;
        private Duration ticketLifetime = Duration.ofDays(1);
        private boolean earlyData;
        private EarlyDataReplayGuard replayGuard;
        private Predicate<byte[]> earlyDataValidator;
        private KeyLogger keyLogger;
        private SecureRandom random = new SecureRandom();
        private int maxHandshakeMessageSize = 1 << 17;

        /** Use {@link TlsEngineConfig#builder()}. */
        public Builder() {
        }

        /**
         * @param v suites in preference order
         * @return this
         */
        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v;
            return this;
        }

        /**
         * @param v groups in preference order
         * @return this
         */
        public Builder groups(List<NamedGroup> v) {
            groups = v;
            return this;
        }

        /**
         * @param v CertificateVerify schemes in preference order
         * @return this
         */
        public Builder signatureSchemes(List<SignatureScheme> v) {
            signatureSchemes = v;
            return this;
        }

        /**
         * @param v ALPN names in preference order
         * @return this
         */
        public Builder applicationProtocols(List<String> v) {
            applicationProtocols = v;
            return this;
        }

        /**
         * @param v chain and key
         * @return this
         */
        public Builder credentials(CertificateCredentials v) {
            credentials = v;
            return this;
        }

        /**
         * @param v trust manager, {@code null} for the JDK default
         * @return this
         */
        public Builder trustManager(X509TrustManager v) {
            trustManager = v;
            return this;
        }

        /**
         * @param v client certificate policy (server)
         * @return this
         */
        public Builder clientAuth(ClientAuth v) {
            clientAuth = v;
            return this;
        }

        /**
         * @param v QUIC mode
         * @return this
         */
        public Builder quic(boolean v) {
            quic = v;
            return this;
        }

        /**
         * @param v ticket keys (server), {@code null} for no tickets
         * @return this
         */
        public Builder sessionTicketKeys(SessionTicketKeys v) {
            sessionTicketKeys = v;
            return this;
        }

        /**
         * @param v ticket lifetime
         * @return this
         */
        public Builder ticketLifetime(Duration v) {
            ticketLifetime = v;
            return this;
        }

        /**
         * @param v 0-RTT on or off
         * @return this
         */
        public Builder earlyData(boolean v) {
            earlyData = v;
            return this;
        }

        /**
         * @param v anti-replay for 0-RTT (server)
         * @return this
         */
        public Builder replayGuard(EarlyDataReplayGuard v) {
            replayGuard = v;
            return this;
        }

        /**
         * @param v decides whether a ticket's data still allows 0-RTT (server), or {@code null}
         * @return this
         */
        public Builder earlyDataValidator(Predicate<byte[]> v) {
            earlyDataValidator = v;
            return this;
        }

        /**
         * @param v key log receiver, or {@code null}
         * @return this
         */
        public Builder keyLogger(KeyLogger v) {
            keyLogger = v;
            return this;
        }

        /**
         * @param v randomness
         * @return this
         */
        public Builder random(SecureRandom v) {
            random = v;
            return this;
        }

        /**
         * @param v largest accepted handshake message in bytes
         * @return this
         */
        public Builder maxHandshakeMessageSize(int v) {
            maxHandshakeMessageSize = v;
            return this;
        }

        /** @return the validated config */
        public TlsEngineConfig build() {
            return new TlsEngineConfig(cipherSuites, groups, signatureSchemes, applicationProtocols, credentials,
                    trustManager, clientAuth, quic, sessionTicketKeys, ticketLifetime, earlyData, replayGuard,
                    earlyDataValidator,
                    keyLogger, random, maxHandshakeMessageSize);
        }
    }
}
