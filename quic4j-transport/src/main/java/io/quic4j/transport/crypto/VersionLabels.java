package io.quic4j.transport.crypto;

import io.quic4j.transport.wire.QuicVersion;
import java.util.HexFormat;

/**
 * The per-version constants of packet protection: Initial salt, HKDF labels, Retry integrity key and
 * nonce. RFC 9001 §5.1, §5.2, §5.8, §6.1 for v1; RFC 9369 §3.3 for v2.
 */
final class VersionLabels {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 9001 §5.2
    private static final byte[] V1_SALT = HEX.parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    // RFC 9369 §3.3.1
    private static final byte[] V2_SALT = HEX.parseHex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
    // RFC 9001 §5.8
    private static final byte[] V1_RETRY_KEY = HEX.parseHex("be0c690b9f66575a1d766b54e368c84e");
    private static final byte[] V1_RETRY_NONCE = HEX.parseHex("461599d35d632bf2239825bb");
    // RFC 9369 §3.3.3
    private static final byte[] V2_RETRY_KEY = HEX.parseHex("8fb4b01b56ac48e260fbcbcead7ccc92");
    private static final byte[] V2_RETRY_NONCE = HEX.parseHex("d86969bc2d7c6d9990efb04a");

    private VersionLabels() {
    }

    static byte[] initialSalt(QuicVersion version) {
        return switch (version) {
            case V1 -> V1_SALT.clone();
            case V2 -> V2_SALT.clone();
        };
    }

    private static String prefix(QuicVersion version) {
        // RFC 9369 §3.3.2: "quic key" becomes "quicv2 key", and so on for iv, hp and ku.
        return switch (version) {
            case V1 -> "quic ";
            case V2 -> "quicv2 ";
        };
    }

    static String key(QuicVersion version) {
        return prefix(version) + "key";
    }

    static String iv(QuicVersion version) {
        return prefix(version) + "iv";
    }

    static String hp(QuicVersion version) {
        return prefix(version) + "hp";
    }

    static String keyUpdate(QuicVersion version) {
        return prefix(version) + "ku";
    }

    static byte[] retryKey(QuicVersion version) {
        return switch (version) {
            case V1 -> V1_RETRY_KEY.clone();
            case V2 -> V2_RETRY_KEY.clone();
        };
    }

    static byte[] retryNonce(QuicVersion version) {
        return switch (version) {
            case V1 -> V1_RETRY_NONCE.clone();
            case V2 -> V2_RETRY_NONCE.clone();
        };
    }
}
