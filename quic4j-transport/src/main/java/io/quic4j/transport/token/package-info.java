/**
 * Address validation tokens (RFC 9000 §8.1): the stateless, authenticated tokens a server puts in Retry
 * packets (§8.1.2, §17.2.5) and NEW_TOKEN frames (§8.1.3, §19.7), and the classification of a token a
 * client returns in its Initial packet (§8.1.3, §8.1.4).
 *
 * <p>Start with {@link io.quic4j.transport.token.AddressValidationTokens}: one server-wide, immutable
 * object holding the AES-256-GCM key (and the previous key, across a rotation), safe to share between
 * event loops. Validation returns a {@link io.quic4j.transport.token.TokenValidation}; its
 * {@link io.quic4j.transport.token.TokenAction} tells the connection what to do. Time is epoch
 * milliseconds passed in by the caller, since tokens outlive the process.
 */
package io.quic4j.transport.token;
