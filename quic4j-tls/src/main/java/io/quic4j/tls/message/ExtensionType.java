package io.quic4j.tls.message;

/** Extension code points (RFC 8446 §4.2, RFC 7301, RFC 9001 §8.2). */
public final class ExtensionType {
    /** server_name (RFC 6066). */
    public static final int SERVER_NAME = 0;
    /** supported_groups. */
    public static final int SUPPORTED_GROUPS = 10;
    /** signature_algorithms. */
    public static final int SIGNATURE_ALGORITHMS = 13;
    /** application_layer_protocol_negotiation (RFC 7301). */
    public static final int ALPN = 16;
    /** pre_shared_key. */
    public static final int PRE_SHARED_KEY = 41;
    /** early_data. */
    public static final int EARLY_DATA = 42;
    /** supported_versions. */
    public static final int SUPPORTED_VERSIONS = 43;
    /** cookie. */
    public static final int COOKIE = 44;
    /** psk_key_exchange_modes. */
    public static final int PSK_KEY_EXCHANGE_MODES = 45;
    /** signature_algorithms_cert. */
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;
    /** key_share. */
    public static final int KEY_SHARE = 51;
    /** quic_transport_parameters (RFC 9001 §8.2). */
    public static final int QUIC_TRANSPORT_PARAMETERS = 0x39;

    private ExtensionType() {
    }
}
