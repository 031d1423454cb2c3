package io.quic4j.tls.message;

import java.util.Set;

/**
 * The message an extension block belongs to. The same extension type has different syntax in
 * different messages (key_share, supported_versions, pre_shared_key, early_data), and RFC 8446 §4.2
 * lists where each may appear: a known extension elsewhere is {@code illegal_parameter}.
 */
public enum MessageContext {
    /** ClientHello. */
    CLIENT_HELLO(Set.of(ExtensionType.SERVER_NAME, ExtensionType.SUPPORTED_GROUPS, ExtensionType.SIGNATURE_ALGORITHMS,
            ExtensionType.ALPN, ExtensionType.PRE_SHARED_KEY, ExtensionType.EARLY_DATA,
            ExtensionType.SUPPORTED_VERSIONS, ExtensionType.COOKIE, ExtensionType.PSK_KEY_EXCHANGE_MODES,
            ExtensionType.SIGNATURE_ALGORITHMS_CERT, ExtensionType.KEY_SHARE, ExtensionType.QUIC_TRANSPORT_PARAMETERS)),
    /** ServerHello. */
    SERVER_HELLO(Set.of(ExtensionType.PRE_SHARED_KEY, ExtensionType.SUPPORTED_VERSIONS, ExtensionType.KEY_SHARE)),
    /** HelloRetryRequest (a ServerHello with the special random). */
    HELLO_RETRY_REQUEST(Set.of(ExtensionType.SUPPORTED_VERSIONS, ExtensionType.KEY_SHARE, ExtensionType.COOKIE)),
    /** EncryptedExtensions. */
    ENCRYPTED_EXTENSIONS(Set.of(ExtensionType.SERVER_NAME, ExtensionType.SUPPORTED_GROUPS, ExtensionType.ALPN,
            ExtensionType.EARLY_DATA, ExtensionType.QUIC_TRANSPORT_PARAMETERS)),
    /** CertificateRequest. */
    CERTIFICATE_REQUEST(Set.of(ExtensionType.SIGNATURE_ALGORITHMS, ExtensionType.SIGNATURE_ALGORITHMS_CERT)),
    /** An entry of a Certificate message. */
    CERTIFICATE(Set.of()),
    /** NewSessionTicket. */
    NEW_SESSION_TICKET(Set.of(ExtensionType.EARLY_DATA));

    private static final Set<Integer> KNOWN = CLIENT_HELLO.allowed;

    private final Set<Integer> allowed;

    MessageContext(Set<Integer> allowed) {
        this.allowed = allowed;
    }

    /**
     * @param type an extension type
     * @return whether this codec knows the type and RFC 8446 §4.2 forbids it in this message
     */
    boolean forbids(int type) {
        return KNOWN.contains(type) && !allowed.contains(type);
    }
}
