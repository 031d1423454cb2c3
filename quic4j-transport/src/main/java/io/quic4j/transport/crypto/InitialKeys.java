package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.TlsKeyDerivation;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import java.util.Objects;

/**
 * The keys of Initial packets in both directions, derived from the Destination Connection ID of the
 * client's first Initial packet (or the one chosen by a Retry): RFC 9001 §5.2, with the v2 salt of
 * RFC 9369 §3.3.1. Initial packets always use AEAD_AES_128_GCM and SHA-256.
 *
 * @param client the keys protecting packets the client sends
 * @param server the keys protecting packets the server sends
 */
public record InitialKeys(PacketKeys client, PacketKeys server) {

    /** The suite of every Initial packet. */
    public static final CipherSuite SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;

    /**
     * @param client the client's keys
     * @param server the server's keys
     */
    public InitialKeys {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
    }

    /**
     * Derives both directions' Initial keys.
     *
     * @param version the QUIC version (chooses the salt and labels)
     * @param clientDestinationId the Destination Connection ID of the client's Initial packet
     * @return the keys
     */
    public static InitialKeys derive(QuicVersion version, ConnectionId clientDestinationId) {
        byte[] initialSecret = initialSecret(version, clientDestinationId);
        int len = SUITE.hashLength();
        byte[] clientSecret = TlsKeyDerivation.expandLabel(SUITE, initialSecret, "client in", len);
        byte[] serverSecret = TlsKeyDerivation.expandLabel(SUITE, initialSecret, "server in", len);
        return new InitialKeys(PacketKeys.fromSecret(version, SUITE, clientSecret),
                PacketKeys.fromSecret(version, SUITE, serverSecret));
    }

    /**
     * {@code initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id)}.
     *
     * @param version the QUIC version (chooses the salt)
     * @param clientDestinationId the Destination Connection ID of the client's Initial packet
     * @return the 32-byte initial secret
     */
    public static byte[] initialSecret(QuicVersion version, ConnectionId clientDestinationId) {
        return TlsKeyDerivation.extract(SUITE, VersionLabels.initialSalt(version), clientDestinationId.toBytes());
    }

    /**
     * @param isClient whether the keys are for sending as the client
     * @return the keys a sender in that role protects with
     */
    public PacketKeys sending(boolean isClient) {
        return isClient ? client : server;
    }

    /**
     * @param isClient whether the keys are for receiving as the client
     * @return the keys a receiver in that role removes protection with
     */
    public PacketKeys receiving(boolean isClient) {
        return isClient ? server : client;
    }
}
