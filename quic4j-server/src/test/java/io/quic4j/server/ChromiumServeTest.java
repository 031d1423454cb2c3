package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quic4j.testkit.peer.Chromium;
import io.quic4j.testkit.peer.ChromiumBrowser;
import io.quic4j.testkit.peer.ChromiumLoad;
import io.quic4j.testkit.peer.PeerCommand;
import io.quic4j.testkit.peer.PeerException;
import io.quic4j.testkit.peer.PeerProcess;
import io.quic4j.testkit.peer.RealPeers;
import io.quic4j.testkit.peer.UdpPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's headless Chromium, with its own QUIC stack, loads the demo site's {@value DemoSite#GALLERY} from
 * {@code bin/quic4j serve} (a process, with the self-signed certificate accepted by the SPKI hash it prints): the
 * page and its {@value DemoSite#GALLERY_SUBRESOURCES} subresources all come over {@code h3} with status 200, then
 * again on each of 20 hard reloads in the same browser, which reuses its QUIC connection. Then SIGTERM, with the
 * browser still connected, makes the server exit 0 within the grace. This is the sequence of the Caddy report in
 * {@code seeds/000} (refreshing a page a few times crashed quic-go's HTTP/3 server; shutting down timed out).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChromiumServeTest {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final int RELOADS = 20;
    private static final Pattern SPKI = Pattern.compile("SPKI sha256 \\(base64\\): ([A-Za-z0-9+/]{43}=)");

    @BeforeAll
    static void installPeer() {
        RealPeers.require(Chromium::install);
    }

    @Test
    void chromiumLoadsFiftySubresourcesOverH3OnEveryOfTwentyReloadsAndServeExitsZeroOnSigterm(@TempDir Path dir)
            throws Exception {
        int port = UdpPorts.freePort();
        String origin = "127.0.0.1:" + port;
        Path script = Path.of("").toAbsolutePath().getParent().resolve("bin").resolve("quic4j");
        PeerCommand command = PeerCommand.of("quic4j-serve", script.toString(), "serve", "--listen", origin,
                "--grace", Long.toString(GRACE.toSeconds()))
                .withEnvironment("QUIC4J_MODULE_PATH", ServeProcessTest.modulePath());

        try (PeerProcess serve = PeerProcess.start(command, dir.resolve("logs"))) {
            assertThat(serve.awaitOutput("Serving at https://" + origin + "/", Duration.ofSeconds(60)))
                    .as(serve::describe).isTrue();
            Matcher spki = SPKI.matcher(serve.stdout());
            assertThat(spki.find()).as(serve::describe).isTrue();

            Chromium chromium = Chromium.builder().forceQuicOn(origin).acceptSpki(spki.group(1)).build();
            try (ChromiumBrowser browser = chromium.start(dir, Duration.ofSeconds(60))) {
                Supplier<String> both = () -> browser.describe() + "\n" + serve.describe();
                String url = "https://" + origin + "/" + DemoSite.GALLERY;

                Set<Long> connections = new TreeSet<>();
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i <= RELOADS; i++) {
                    long start = System.nanoTime();
                    String when = i == 0 ? "first load" : "reload " + i;
                    JsonNode report;
                    List<String> urls;
                    List<ChromiumLoad> loads;
                    try {
                        if (i == 0) {
                            browser.navigate(url, LOAD);
                        } else {
                            browser.reload(true, LOAD);
                        }
                        report = browser.evaluate("window.galleryReport", LOAD);
                        urls = assertEveryLoadOverH3(report, url, when, both);
                        loads = browser.takeLoads(urls, LOAD);
                    } catch (PeerException e) {
                        // A load that fails or never ends: say why with both sides' logs.
                        throw new AssertionError(when + ": " + e.getMessage() + "\n" + both.get(), e);
                    }
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    assertNetworkSawEveryLoadOverH3(loads, urls, when, both);
                    loads.stream().filter(l -> !l.fromCache()).forEach(l -> connections.add(l.connectionId()));
                }
                // Chromium keeps its QUIC connection across reloads: the Caddy report's crash needed exactly this.
                System.out.println("ChromiumServeTest: " + (RELOADS + 1) + " loads of " + url
                        + " over QUIC connections " + connections + "; each took (ms, with the checks) " + millis);
                assertThat(connections).as(() -> "the reloads reused the connection\n" + both.get()).hasSize(1);

                // SIGTERM while the browser still holds its connection: GOAWAY, then a clean exit within the grace.
                long sigterm = System.nanoTime();
                ProcessHandle.of(serve.pid()).ifPresent(ProcessHandle::destroy);
                OptionalInt exit = serve.waitFor(GRACE.plusSeconds(3));
                System.out.println("ChromiumServeTest: serve exited " + exit + " "
                        + (System.nanoTime() - sigterm) / 1_000_000 + " ms after SIGTERM");
                assertThat(exit).as(both).hasValue(0);
                assertThat(serve.stdout()).as(both).contains("quic4j serve: stopped");
            }
        }
    }

    /**
     * The page's own report: the document and each of its subresources, once, over h3, 200, not failed.
     *
     * @return the URLs of the page and its subresources
     */
    private static List<String> assertEveryLoadOverH3(JsonNode report, String url, String when, Supplier<String> logs) {
        assertThat(report.isObject()).as(() -> when + ": no report from the page, got " + report + "\n" + logs.get())
                .isTrue();
        JsonNode document = report.path("document");
        assertThat(document.path("url").asText()).as(when).isEqualTo(url);
        assertThat(loadProblem(document)).as(() -> when + ": the page itself\n" + logs.get()).isNull();

        JsonNode resources = report.path("resources");
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode r : resources) {
            names.add(r.path("url").asText());
            String problem = loadProblem(r);
            if (problem != null) {
                problems.add(r.path("url").asText() + ": " + problem);
            }
        }
        assertThat(names).as(when).hasSize(DemoSite.GALLERY_SUBRESOURCES).doesNotHaveDuplicates()
                .allMatch(n -> n.startsWith("https://" + url.split("/")[2] + "/"));
        assertThat(problems).as(() -> when + ": subresources not loaded over h3\n" + logs.get()).isEmpty();
        assertThat(report.path("failed").asInt(-1)).as(when).isZero();
        assertThat(report.path("h3").asInt()).as(when).isEqualTo(DemoSite.GALLERY_SUBRESOURCES);
        assertThat(report.path("pass").asBoolean()).as(when).isTrue();
        names.add(url);
        return names;
    }

    /**
     * The browser's own view: every request it made finished (no network error), and each of the page's URLs came
     * from the network over h3 with 200. Requests beyond the page's, such as the icon, which the browser fetches after
     * the page (it may fall into the next round) and may take from its cache despite a hard reload, need only finish.
     */
    private static void assertNetworkSawEveryLoadOverH3(List<ChromiumLoad> loads, List<String> urls, String when,
            Supplier<String> logs) {
        assertThat(loads).as(() -> when + ": loads the browser saw fail\n" + logs.get())
                .allMatch(ChromiumLoad::finished);
        Set<String> overH3 = new TreeSet<>();
        for (ChromiumLoad l : loads) {
            if (!l.fromCache() && l.status() == 200 && "h3".equals(l.protocol())) {
                overH3.add(l.url());
            }
        }
        assertThat(overH3).as(() -> when + ": the page's URLs the browser fetched over h3, of " + loads + "\n"
                + logs.get()).containsAll(urls);
    }

    /** What is wrong with one load, or {@code null}: a hard reload fetches everything, so 200 with a body. */
    private static String loadProblem(JsonNode load) {
        if (load.path("failed").asBoolean(true)) {
            return "failed to load " + load;
        }
        if (!"h3".equals(load.path("protocol").asText())) {
            return "came over '" + load.path("protocol").asText() + "', not h3: " + load;
        }
        if (load.path("status").asInt() != 200 || load.path("transferSize").asLong() <= 0) {
            return "not a 200 response from the network: " + load;
        }
        return null;
    }
}
