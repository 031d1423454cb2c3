package io.quic4j.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The public HKDF helpers against RFC 9001 Appendix A.1. */
class TlsKeyDerivationTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void derivesRfc9001AppendixA1ServerInitialKeys() {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        byte[] initial = TlsKeyDerivation.extract(suite, HEX.parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"),
                HEX.parseHex("8394c8f03e515708"));
        byte[] server = TlsKeyDerivation.expandLabel(suite, initial, "server in", 32);
        assertThat(HEX.formatHex(TlsKeyDerivation.expandLabel(suite, server, "quic key", 16)))
                .isEqualTo("cf3a5331653c364c88f0f379b6067e37");
        assertThat(HEX.formatHex(TlsKeyDerivation.expandLabel(suite, server, "quic iv", 12)))
                .isEqualTo("0ac1493ca1905853b0bba03e");
    }
}
