package io.quic4j.testkit.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, watching and ending one external process, by its own PID only. */
class PeerProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void capturesStdoutAndStderrAndEnvironmentToFiles(@TempDir Path dir) {
        PeerCommand cmd = PeerCommand.of("sh", "/bin/sh", "-c", "echo out $GREETING; echo err >&2")
                .withEnvironment("GREETING", "hi");
        try (PeerProcess p = PeerProcess.run(cmd, dir, WAIT)) {
            assertThat(p.waitFor(Duration.ZERO)).hasValue(0);
            assertThat(p.stdout()).isEqualTo("out hi\n");
            assertThat(p.stderr()).isEqualTo("err\n");
            assertThat(p.stdoutFile()).startsWith(dir).hasContent("out hi");
            assertThat(p.describe()).contains("exited with 0", "GREETING=hi", "out hi", "err");
        }
    }

    @Test
    void closeEndsTheProcessAndItsDescendantsAndIsIdempotent(@TempDir Path dir) {
        PeerCommand cmd = PeerCommand.of("tree", "/bin/sh", "-c", "sleep 60 & echo started; wait");
        PeerProcess p = PeerProcess.start(cmd, dir);
        assertThat(p.awaitOutput("started", WAIT)).isTrue();
        List<ProcessHandle> children = ProcessHandle.of(p.pid()).orElseThrow().descendants().toList();
        assertThat(children).isNotEmpty();
        p.close();
        p.close();
        assertThat(p.isAlive()).isFalse();
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(child.isAlive()).isFalse();
        }
    }

    @Test
    void awaitOutputReturnsFalseWhenTheProcessEndsWithoutTheText(@TempDir Path dir) {
        try (PeerProcess p = PeerProcess.start(PeerCommand.of("true", "/bin/true"), dir)) {
            assertThat(p.awaitOutput("never printed", WAIT)).isFalse();
        }
    }

    @Test
    void runKillsAProcessThatOverstaysItsTimeout(@TempDir Path dir) {
        assertThatThrownBy(() -> PeerProcess.run(PeerCommand.of("sleeper", "/bin/sleep", "60"), dir,
                Duration.ofMillis(100))).isInstanceOf(PeerException.class).hasMessageContaining("did not end within");
    }

    @Test
    void startOfAMissingExecutableSaysWhichCommand(@TempDir Path dir) {
        assertThatThrownBy(() -> PeerProcess.start(PeerCommand.of("missing", "/nonexistent/peer", "-x"), dir))
                .isInstanceOf(PeerException.class)
                .hasMessageContaining("/nonexistent/peer -x");
    }

    @Test
    void commandLineQuotesWhatAShellWouldSplit() {
        PeerCommand cmd = PeerCommand.of("dumpcap", "/usr/bin/dumpcap", "-f", "udp port 4433", "it's")
                .withEnvironment("SSLKEYLOGFILE", "/tmp/k.txt");
        assertThat(cmd.commandLine())
                .isEqualTo("SSLKEYLOGFILE=/tmp/k.txt /usr/bin/dumpcap -f 'udp port 4433' 'it'\\''s'");
    }

    @Test
    void rejectsANameThatCannotNameLogFiles() {
        assertThatThrownBy(() -> PeerCommand.of("../x", "/bin/true")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name must be 1 to 64 letters");
        assertThatThrownBy(() -> PeerCommand.of("empty")).hasMessageContaining("argv must hold at least");
    }
}
