/**
 * The cryptography of the TLS 1.3 handshake, all from the JDK: the key schedule (RFC 8446 §7.1,
 * HKDF through {@code javax.crypto.KDF}), the transcript hash (§4.4.1), key exchange for X25519,
 * secp256r1 and X25519MLKEM768 (§4.2.8, §7.4, draft-ietf-tls-ecdhe-mlkem, with {@code KeyAgreement}
 * and {@code KEM}), and CertificateVerify signatures (§4.4.3).
 *
 * <p>Start with {@link io.quic4j.tls.crypto.KeySchedule}; the state machines in
 * {@code io.quic4j.tls.handshake} call it at each step. Peer input that fails a check here raises
 * {@link io.quic4j.tls.TlsAlertException} (illegal_parameter for a bad share, decrypt_error for a
 * signature that does not verify).
 */
package io.quic4j.tls.crypto;
