package io.quic4j.testkit.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chromium launcher: its command line, and a real headless browser driven over the DevTools Protocol (a page
 * loaded, scripts evaluated, a failed navigation and request reported with the browser's error) that
 * {@link ChromiumBrowser#close()} ends with every process it started.
 */
class ChromiumTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SPKI = "G98Urflrr4haCPn276198JuUHEgyswY/V6TqDgPjhPc=";

    @Test
    void commandLineIsHeadlessWithAFreshProfileAndForcesQuicForTheOriginWithTheAcceptedKey() {
        Chromium chromium = new Chromium(Path.of(Chromium.BINARY), List.of("127.0.0.1:4433"), List.of(SPKI),
                List.of("--enable-logging=stderr"));

        List<String> argv = chromium.command(Path.of("/tmp/profile")).argv();

        assertThat(argv.getFirst()).isEqualTo(Chromium.BINARY);
        assertThat(argv).contains("--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=/tmp/profile",
                "--remote-debugging-port=0", "--origin-to-force-quic-on=127.0.0.1:4433",
                "--ignore-certificate-errors-spki-list=" + SPKI, "--enable-logging=stderr");
        assertThat(argv.getLast()).isEqualTo("about:blank");
    }

    @Test
    void rejectsAnOriginWithoutAPortAndAHashThatIsNotABase64Sha256() {
        Path binary = Path.of(Chromium.BINARY);
        assertThatThrownBy(() -> new Chromium(binary, List.of("localhost"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> new Chromium(binary, List.of(), List.of("c2hvcnQ="), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes in base64");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void drivesAHeadlessBrowserAndCloseEndsEveryProcessItStarted(@TempDir Path dir) throws IOException {
        Chromium chromium = RealPeers.require(Chromium::builder).build();
        List<ProcessHandle> processes = new ArrayList<>();
        // A port bound but not listening: connecting to it is refused.
        try (ChromiumBrowser browser = chromium.start(dir, WAIT); Socket bound = new Socket()) {
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String page = "data:text/html," + URLEncoder.encode(
                    "<title>t</title><script>window.answer = Promise.resolve(6 * 7)</script>", StandardCharsets.UTF_8)
                    .replace("+", "%20");
            browser.navigate(page, WAIT);
            assertThat(browser.evaluate("document.title", WAIT).asText()).as(browser::describe).isEqualTo("t");
            assertThat(browser.evaluate("window.answer", WAIT).asInt()).as("a promise is awaited").isEqualTo(42);
            assertThatThrownBy(() -> browser.evaluate("notDefined()", WAIT)).isInstanceOf(PeerException.class)
                    .hasMessageContaining("notDefined");

            // The browser's network error comes back from the navigation and from the load.
            String refused = "https://127.0.0.1:" + bound.getLocalPort() + "/";
            assertThatThrownBy(() -> browser.navigate(refused, WAIT)).isInstanceOf(PeerException.class)
                    .hasMessageContaining("ERR_CONNECTION_REFUSED");
            assertThat(browser.takeLoads(List.of(refused), WAIT)).filteredOn(l -> l.url().equals(refused))
                    .isNotEmpty().allSatisfy(l -> {
                        assertThat(l.finished()).isFalse();
                        assertThat(l.error()).contains("ERR_CONNECTION_REFUSED");
                    });

            ProcessHandle.of(browser.process().pid()).ifPresent(p -> {
                processes.add(p);
                p.descendants().forEach(processes::add);
            });
            assertThat(processes).as("the browser and its renderer, GPU and utility processes").hasSizeGreaterThan(1);
        }
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
    }
}
