package io.quic4j.testkit.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A running headless Chromium with one page, driven through the Chrome DevTools Protocol: navigate and reload
 * (each waiting for the page's {@code load} event), evaluate JavaScript in the page, and read back the page's
 * requests as the browser's network stack saw them ({@link #takeLoads}). {@link #close()} ends the browser and every
 * process it started, by their PIDs.
 *
 * <pre>{@code
 * try (ChromiumBrowser browser = chromium.start(dir, Duration.ofSeconds(30))) {
 *     browser.navigate(url, Duration.ofSeconds(30));
 *     for (int i = 0; i < 20; i++) {
 *         browser.reload(true, Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 */
public final class ChromiumBrowser implements AutoCloseable {
    private final PeerProcess process;
    private final DevTools devTools;
    private final String sessionId;
    private final NetworkLog network;

    private ChromiumBrowser(PeerProcess process, DevTools devTools, String sessionId, NetworkLog network) {
        this.process = process;
        this.devTools = devTools;
        this.sessionId = sessionId;
        this.network = network;
    }

    static ChromiumBrowser start(Chromium chromium, Path directory, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path profile;
        try {
            profile = Files.createDirectories(directory.resolve("chromium-profile"));
        } catch (IOException e) {
            throw new PeerException("cannot create the browser profile in " + directory, e);
        }
        PeerProcess process = PeerProcess.start(chromium.command(profile), directory.resolve("logs"));
        DevTools devTools = null;
        try {
            URI endpoint = awaitEndpoint(process, profile, deadline);
            devTools = DevTools.connect(endpoint, left(deadline));
            // One page target, attached with flatten so that its commands and events share this connection.
            String target = devTools.send(null, "Target.createTarget", Map.of("url", "about:blank"), left(deadline))
                    .path("targetId").asText();
            String session = devTools
                    .send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true), left(deadline))
                    .path("sessionId").asText();
            devTools.send(session, "Page.enable", Map.of(), left(deadline));
            NetworkLog network = new NetworkLog();
            network.subscribe(devTools, session);
            devTools.send(session, "Network.enable", Map.of(), left(deadline));
            return new ChromiumBrowser(process, devTools, session, network);
        } catch (RuntimeException e) {
            if (devTools != null) {
                devTools.close();
            }
            process.close();
            throw new PeerException("Chromium did not start: " + e.getMessage() + "\n" + process.describe(), e);
        }
    }

    /** Waits for the browser to write its DevTools port and path into {@code DevToolsActivePort}. */
    private static URI awaitEndpoint(PeerProcess process, Path profile, long deadline) {
        Path file = profile.resolve("DevToolsActivePort");
        while (true) {
            try {
                // The port, then the browser endpoint's path; the file may be seen half written.
                List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return URI
                            .create("ws://127.0.0.1:" + Integer.parseInt(lines.get(0).strip()) + lines.get(1).strip());
                }
            } catch (IOException | NumberFormatException e) {
                // not complete yet
            }
            if (!process.isAlive()) {
                throw new PeerException("Chromium exited before opening its DevTools port");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new PeerException("Chromium wrote no " + file + " in time");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerException("interrupted while waiting for Chromium", e);
            }
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    /**
     * Loads {@code url} in the page and waits for its {@code load} event.
     *
     * @param url the page
     * @param timeout the longest the load may take
     * @throws PeerException when the navigation fails (its {@code errorText}, such as
     *         {@code net::ERR_QUIC_PROTOCOL_ERROR}) or does not finish in time
     */
    public void navigate(String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<JsonNode> loaded = devTools.nextEvent(sessionId, "Page.loadEventFired");
        JsonNode result = devTools.send(sessionId, "Page.navigate", Map.of("url", url), timeout);
        if (result.hasNonNull("errorText")) {
            loaded.cancel(false);
            throw new PeerException("loading " + url + " failed: " + result.get("errorText").asText());
        }
        await(loaded, "the load event of " + url, deadline);
    }

    /**
     * Reloads the page and waits for its {@code load} event.
     *
     * @param ignoreCache {@code true} for a hard reload that fetches every resource again from the network
     * @param timeout the longest the reload may take
     * @throws PeerException when it does not finish in time
     */
    public void reload(boolean ignoreCache, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<JsonNode> loaded = devTools.nextEvent(sessionId, "Page.loadEventFired");
        devTools.send(sessionId, "Page.reload", Map.of("ignoreCache", ignoreCache), timeout);
        await(loaded, "the load event after a reload", deadline);
    }

    /**
     * Evaluates a JavaScript expression in the page; a promise is awaited.
     *
     * @param expression the expression
     * @param timeout the longest it may take
     * @return its value, as JSON
     * @throws PeerException when it throws (with the exception's text) or does not finish in time
     */
    public JsonNode evaluate(String expression, Duration timeout) {
        JsonNode result = devTools.send(sessionId, "Runtime.evaluate", Map.of("expression", expression,
                "awaitPromise", true, "returnByValue", true, "timeout", timeout.toMillis()), timeout);
        if (result.has("exceptionDetails")) {
            throw new PeerException("evaluating '" + expression + "' threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Waits until a request for each of {@code urls} has completed (finished or failed, as the browser's network
     * stack saw it), then returns every request of the page completed since the previous call, in the order they
     * completed: those of {@code urls} and any others, such as the icon, which the browser fetches after the page.
     *
     * @param urls the URLs to wait for, such as a page and its subresources
     * @param timeout the longest to wait
     * @return the completed requests
     * @throws PeerException when some do not complete in time, listing those that did and those still in flight
     */
    public List<ChromiumLoad> takeLoads(Collection<String> urls, Duration timeout) {
        return network.take(urls, timeout);
    }

    /**
     * The browser's process (its output and PID).
     *
     * @return the process
     */
    public PeerProcess process() {
        return process;
    }

    /**
     * A description for failure messages: the command line, state and the last lines of its standard error (the
     * browser prints nothing useful on its standard output).
     *
     * @return the description
     */
    public String describe() {
        // Without a D-Bus in a container the browser logs dozens of complaints about it; they hide the lines that
        // matter.
        String stderr = process.stderr().lines().filter(l -> !l.contains(":ERROR:dbus/"))
                .collect(Collectors.joining("\n"));
        OptionalInt exit = process.waitFor(Duration.ZERO);
        return "chromium (pid " + process.pid() + (exit.isPresent() ? ", exited with " + exit.getAsInt() : ", running")
                + "): " + process.command().commandLine() + "\n  stderr " + process.stderrFile()
                + " (D-Bus errors left out):\n" + PeerProcess.lastLines(stderr);
    }

    /** Ends the browser and its helper processes (renderer, GPU, network service, zygotes). Idempotent. */
    @Override
    public void close() {
        devTools.close();
        process.close();
    }

    private void await(CompletableFuture<JsonNode> event, String what, long deadline) {
        try {
            event.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            event.cancel(false);
            throw new PeerException("timed out waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new PeerException("waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while waiting for " + what, e);
        }
    }
}
