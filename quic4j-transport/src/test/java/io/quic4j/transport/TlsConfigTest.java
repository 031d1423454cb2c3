package io.quic4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9001 §8.1 (ALPN is mandatory) and the validation messages of {@link TlsConfig}. */
class TlsConfigTest {

    @Test
    void alpnIsRequired() {
        assertThatThrownBy(() -> TlsConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 9001 §8.1").hasMessageContaining("applicationProtocols(\"h3\")");
    }

    @Test
    void emptyCipherSuitesOrGroupsAreRejected() {
        assertThatThrownBy(() -> TlsConfig.builder().applicationProtocols("h3").cipherSuites(List.of()).build())
                .hasMessageContaining("cipherSuites is empty");
        assertThatThrownBy(() -> TlsConfig.builder().applicationProtocols("h3").groups(List.of()).build())
                .hasMessageContaining("groups is empty");
    }

    @Test
    void trustCertificatesLoadsAPemFile(@TempDir Path dir) throws IOException {
        Path ca = dir.resolve("ca.pem");
        try (InputStream in = getClass().getResourceAsStream("/io/quic4j/transport/connection/ca.pem")) {
            Files.write(ca, in.readAllBytes());
        }
        TlsConfig t = TlsConfig.builder().applicationProtocols("h3").trustCertificates(ca).build();
        assertThat(t.trustManager()).isPresent();
        assertThat(t.trustManager().get().getAcceptedIssuers()).hasSize(1);
    }

    @Test
    void trustCertificatesWithoutACertificateSaysSo(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> TlsConfig.builder().trustCertificates(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.pem");
    }

    @Test
    void serverWithoutCertificateIsRejectedWithAHint() {
        TlsConfig noCert = TlsConfig.builder().applicationProtocols("h3").keyLogFile(null).build();
        assertThatThrownBy(() -> QuicServer.bind(new java.net.InetSocketAddress("127.0.0.1", 0),
                QuicConfig.defaults(), noCert))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate(");
    }
}
