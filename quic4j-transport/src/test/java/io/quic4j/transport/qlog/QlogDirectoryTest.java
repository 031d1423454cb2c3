package io.quic4j.transport.qlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.connection.ConnectionTracer;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QLOGDIR (main schema, "Set file output destination via an environment variable"): one file per connection. */
class QlogDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void qlogDirUnsetOrBlankMeansNoTracing() {
        assertThat(QlogDirectory.fromEnvironment(Map.of())).isEmpty();
        assertThat(QlogDirectory.fromEnvironment(Map.of("QLOGDIR", " "))).isEmpty();
    }

    @Test
    void qlogDirSetWritesFilesNamedAfterOdcidAndVantagePoint() throws IOException {
        // "for QUIC, it is recommended to use the Original Destination Connection ID (ODCID), followed by the
        // vantage point type of the logging endpoint"; .sqlog for JSON-SEQ.
        Path sub = dir.resolve("nested/qlogs");
        ConnectionTracer.Factory f = QlogDirectory.fromEnvironment(Map.of("QLOGDIR", sub + "/")).orElseThrow();
        ConnectionTracer t = f.create(Role.SERVER, ConnectionId.ofHex("c0ffee0102030405"), 0);
        ((QlogTracer) t).close();
        Path file = sub.resolve("c0ffee0102030405_server.sqlog");
        assertThat(file).exists();
        List<Object> records = StrictJson.parseSequence(Files.readAllBytes(file));
        assertThat(records).hasSize(1);
        assertThat(((Map<?, ?>) records.getFirst()).containsKey("trace")).isTrue();
    }

    @Test
    void anUnwritableDirectoryMeansNoTraceNotAnException() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        ConnectionTracer.Factory f = QlogDirectory.factory(notADirectory);
        assertThat(f.create(Role.CLIENT, ConnectionId.ofHex("0102030405060708"), 0)).isSameAs(ConnectionTracer.NONE);
        assertThat(f.create(Role.CLIENT, ConnectionId.ofHex("0102030405060709"), 0)).isSameAs(ConnectionTracer.NONE);
    }
}
