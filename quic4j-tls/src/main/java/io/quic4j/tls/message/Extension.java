package io.quic4j.tls.message;

/**
 * A TLS extension (RFC 8446 §4.2) as an immutable record. Opaque fields are read-only buffer
 * slices; records compare them by content.
 */
public sealed interface Extension permits ServerNameExtension, AlpnExtension, SupportedVersionsClientHello,
        SupportedVersionsServerHello, SupportedGroupsExtension, KeyShareClientHello, KeyShareServerHello,
        KeyShareHelloRetryRequest, SignatureAlgorithmsExtension, SignatureAlgorithmsCertExtension,
        TransportParametersExtension, PskKeyExchangeModesExtension, PreSharedKeyClientHello,
        PreSharedKeyServerHello, EarlyDataExtension, EarlyDataTicketExtension, CookieExtension, UnknownExtension {

    /** @return the extension type code point */
    int type();

    /**
     * Writes the extension_data (without type and length).
     *
     * @param w the writer
     */
    void encodeBody(TlsWriter w);
}
