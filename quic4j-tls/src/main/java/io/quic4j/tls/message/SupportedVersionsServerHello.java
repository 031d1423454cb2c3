package io.quic4j.tls.message;

/**
 * supported_versions in a ServerHello or HelloRetryRequest (RFC 8446 §4.2.1): the selected version.
 *
 * @param selectedVersion the version, 0x0304 for TLS 1.3
 */
public record SupportedVersionsServerHello(int selectedVersion) implements Extension {
    @Override
    public int type() {
        return ExtensionType.SUPPORTED_VERSIONS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(selectedVersion);
    }

    static SupportedVersionsServerHello decode(TlsReader r) {
        return new SupportedVersionsServerHello(r.u16("selected_version"));
    }
}
