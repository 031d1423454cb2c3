/**
 * QUIC packet protection (RFC 9001 §5 and §6, QUIC v2 changes in RFC 9369 §3.3), on the JDK's
 * {@code javax.crypto} alone.
 *
 * <p>Start with {@link io.quic4j.transport.crypto.PacketKeys}: the key, IV and header protection key
 * derived from a TLS traffic secret (§5.1) or, through
 * {@link io.quic4j.transport.crypto.InitialKeys}, from the client's Destination Connection ID (§5.2).
 * {@link io.quic4j.transport.crypto.PacketSealer} and {@link io.quic4j.transport.crypto.PacketOpener}
 * are the hot path: one per direction, encryption level and key generation, each holding its
 * {@code Cipher}s, protecting or unprotecting a packet in place in a {@link java.nio.ByteBuffer}
 * given the offsets the header codec found (AEAD §5.3, header protection §5.4). Key update (§6.1) is
 * {@code nextGeneration()} on each; the usage limits of §6.6 are on
 * {@link io.quic4j.transport.crypto.CipherSuite}. {@link io.quic4j.transport.crypto.RetryIntegrity}
 * computes and checks the Retry Integrity Tag (§5.8). A packet that fails to unprotect raises
 * {@link io.quic4j.transport.crypto.PacketDecryptionException}, which means "drop it" (§5.5), not a
 * connection error.
 */
package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;
