package io.quic4j.tls.crypto;

import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.KeyAgreement;

/**
 * Key exchange for the supported groups (RFC 8446 §4.2.8, §7.4; draft-ietf-tls-ecdhe-mlkem for
 * X25519MLKEM768), with the JDK's {@code KeyAgreement} (XDH, ECDH) and {@code KEM} (ML-KEM).
 *
 * <p>The client holds a {@link ClientShare} until the ServerHello; the server answers a client's
 * share in one step with {@link #respond(NamedGroup, ByteBuffer, SecureRandom)}. Every malformed or
 * invalid peer share raises illegal_parameter.
 */
public final class KeyExchange {
    private KeyExchange() {
    }

    /**
     * The client's half of a key exchange.
     *
     * @param group the group
     * @param share the key_exchange bytes to send
     * @param keys the private state (one pair; two for the hybrid)
     */
    public record ClientShare(NamedGroup group, byte[] share, KeyPair[] keys) {
        /**
         * Completes the exchange with the server's share.
         *
         * @param serverShare the server's key_exchange
         * @return the shared secret
         */
        public byte[] complete(ByteBuffer serverShare) {
            if (serverShare.remaining() != group.serverShareLength()) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                        group + " server share of " + serverShare.remaining() + " bytes");
            }
            return switch (group) {
                case X25519 -> agree("XDH", keys[0].getPrivate(), X25519Codec.decode(serverShare));
                case SECP256R1 -> agree("ECDH", keys[0].getPrivate(), P256Codec.decode(serverShare));
                case X25519MLKEM768 -> {
                    ByteBuffer ct = serverShare.slice(serverShare.position(), MlKem768Codec.CIPHERTEXT_LENGTH);
                    ByteBuffer x = serverShare.slice(serverShare.position() + MlKem768Codec.CIPHERTEXT_LENGTH,
                            X25519Codec.LENGTH);
                    byte[] kemSecret = decapsulate(keys[0].getPrivate(), ct);
                    byte[] ecdhSecret = agree("XDH", keys[1].getPrivate(), X25519Codec.decode(x));
                    yield concat(kemSecret, ecdhSecret);
                }
            };
        }
    }

    /**
     * The server's answer to a client share.
     *
     * @param share the key_exchange bytes to send back
     * @param sharedSecret the shared secret
     */
    public record ServerShare(byte[] share, byte[] sharedSecret) {
    }

    /**
     * Starts a key exchange as client.
     *
     * @param group the group
     * @param random randomness
     * @return the client share
     */
    public static ClientShare offer(NamedGroup group, SecureRandom random) {
        return switch (group) {
            case X25519 -> {
                KeyPair kp = generate("X25519", null, random);
                yield new ClientShare(group, X25519Codec.encode(kp.getPublic()), new KeyPair[]{kp});
            }
            case SECP256R1 -> {
                KeyPair kp = generate("EC", "secp256r1", random);
                yield new ClientShare(group, P256Codec.encode(kp.getPublic()), new KeyPair[]{kp});
            }
            case X25519MLKEM768 -> {
                KeyPair kem = generate("ML-KEM-768", null, random);
                KeyPair x = generate("X25519", null, random);
                yield new ClientShare(group,
                        concat(MlKem768Codec.encode(kem.getPublic()), X25519Codec.encode(x.getPublic())),
                        new KeyPair[]{kem, x});
            }
        };
    }

    /**
     * Answers a client share as server.
     *
     * @param group the group the share is for
     * @param clientShare the client's key_exchange
     * @param random randomness
     * @return the server share and the shared secret
     */
    public static ServerShare respond(NamedGroup group, ByteBuffer clientShare, SecureRandom random) {
        if (clientShare.remaining() != group.clientShareLength()) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                    group + " client share of " + clientShare.remaining() + " bytes");
        }
        return switch (group) {
            case X25519 -> {
                PublicKey peer = X25519Codec.decode(clientShare);
                KeyPair kp = generate("X25519", null, random);
                yield new ServerShare(X25519Codec.encode(kp.getPublic()), agree("XDH", kp.getPrivate(), peer));
            }
            case SECP256R1 -> {
                PublicKey peer = P256Codec.decode(clientShare);
                KeyPair kp = generate("EC", "secp256r1", random);
                yield new ServerShare(P256Codec.encode(kp.getPublic()), agree("ECDH", kp.getPrivate(), peer));
            }
            case X25519MLKEM768 -> {
                PublicKey ek = MlKem768Codec
                        .decode(clientShare.slice(clientShare.position(), MlKem768Codec.KEY_LENGTH));
                PublicKey peerX = X25519Codec.decode(
                        clientShare.slice(clientShare.position() + MlKem768Codec.KEY_LENGTH, X25519Codec.LENGTH));
                KEM.Encapsulated enc;
                try {
                    enc = Providers.mlKem().newEncapsulator(ek, random).encapsulate();
                } catch (GeneralSecurityException e) {
                    throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "ML-KEM encapsulation failed", e);
                }
                KeyPair x = generate("X25519", null, random);
                byte[] ecdh = agree("XDH", x.getPrivate(), peerX);
                yield new ServerShare(concat(enc.encapsulation(), X25519Codec.encode(x.getPublic())),
                        concat(enc.key().getEncoded(), ecdh));
            }
        };
    }

    private static KeyPair generate(String algorithm, String curve, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve), random);
            } else {
                g.initialize(switch (algorithm) {
                    case "X25519" -> java.security.spec.NamedParameterSpec.X25519;
                    default -> java.security.spec.NamedParameterSpec.ML_KEM_768;
                }, random);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(TlsAlert.INTERNAL_ERROR, "cannot generate " + algorithm + " key", e);
        }
    }

    private static byte[] agree(String algorithm, PrivateKey own, PublicKey peer) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance(algorithm);
            ka.init(own);
            ka.doPhase(peer, true);
            byte[] secret = ka.generateSecret();
            // RFC 8446 §7.4.2: X25519 "MUST check whether the computed Diffie-Hellman shared secret is
            // the all-zero value and abort if so"; the JDK rejects small-order points itself, this is a backstop
            int acc = 0;
            for (byte b : secret) {
                acc |= b;
            }
            if (acc == 0) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "all-zero shared secret");
            }
            return secret;
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, algorithm + " key agreement failed", e);
        }
    }

    private static byte[] decapsulate(PrivateKey own, ByteBuffer ciphertext) {
        byte[] ct = new byte[ciphertext.remaining()];
        ciphertext.get(ciphertext.position(), ct);
        try {
            return Providers.mlKem().newDecapsulator(own).decapsulate(ct).getEncoded();
        } catch (DecapsulateException e) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "bad ML-KEM ciphertext", e);
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(TlsAlert.INTERNAL_ERROR, "ML-KEM decapsulation failed", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
