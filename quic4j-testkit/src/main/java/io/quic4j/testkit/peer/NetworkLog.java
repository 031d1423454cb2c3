package io.quic4j.testkit.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a page's {@code Network} events into {@link ChromiumLoad}s: a request is recorded when it starts, its
 * response when it arrives, and it is complete at {@code Network.loadingFinished} or {@code Network.loadingFailed}.
 * Written by the DevTools connection's thread, read by the test's.
 */
final class NetworkLog {
    private record Started(String url, JsonNode response, boolean servedFromCache) {
    }

    private final Map<String, Started> inFlight = new HashMap<>();
    private final List<ChromiumLoad> completed = new ArrayList<>();

    NetworkLog() {
    }

    /** Subscribes to the events of {@code sessionId}; the caller then sends {@code Network.enable}. */
    void subscribe(DevTools devTools, String sessionId) {
        devTools.subscribe(sessionId, "Network.requestWillBeSent", this::requestWillBeSent);
        devTools.subscribe(sessionId, "Network.requestServedFromCache", this::requestServedFromCache);
        devTools.subscribe(sessionId, "Network.responseReceived", this::responseReceived);
        devTools.subscribe(sessionId, "Network.loadingFinished", this::loadingFinished);
        devTools.subscribe(sessionId, "Network.loadingFailed", this::loadingFailed);
    }

    synchronized void requestWillBeSent(JsonNode e) {
        // A redirect reuses the request ID: the new URL replaces the old.
        inFlight.put(e.path("requestId").asText(), new Started(e.path("request").path("url").asText(), null, false));
    }

    /** The memory cache answered: the response that follows is not from the network. */
    synchronized void requestServedFromCache(JsonNode e) {
        inFlight.computeIfPresent(e.path("requestId").asText(), (id, s) -> new Started(s.url(), s.response(), true));
    }

    synchronized void responseReceived(JsonNode e) {
        String id = e.path("requestId").asText();
        Started s = inFlight.get(id);
        String url = s != null ? s.url() : e.path("response").path("url").asText();
        inFlight.put(id, new Started(url, e.path("response"), s != null && s.servedFromCache()));
    }

    void loadingFinished(JsonNode e) {
        complete(e, null);
    }

    void loadingFailed(JsonNode e) {
        complete(e, e.path("errorText").asText());
    }

    private synchronized void complete(JsonNode e, String error) {
        Started s = inFlight.remove(e.path("requestId").asText());
        if (s == null) {
            return; // started before the log was enabled
        }
        JsonNode r = s.response();
        if (r == null) {
            completed.add(new ChromiumLoad(s.url(), 0, "", -1, false, error != null ? error : "no response"));
        } else {
            boolean cached = s.servedFromCache() || r.path("fromDiskCache").asBoolean()
                    || r.path("fromPrefetchCache").asBoolean() || r.path("fromServiceWorker").asBoolean();
            completed.add(new ChromiumLoad(s.url(), r.path("status").asInt(), r.path("protocol").asText(""),
                    r.path("connectionId").asLong(-1), cached, error));
        }
        notifyAll();
    }

    /**
     * Waits until a load of each of {@code urls} has completed, then returns and forgets every completed load.
     *
     * @throws PeerException when some do not complete in time, listing those that did and those still in flight
     */
    synchronized List<ChromiumLoad> take(Collection<String> urls, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> missing = new LinkedHashSet<>(urls);
            completed.forEach(l -> missing.remove(l.url()));
            if (missing.isEmpty()) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new PeerException("no completed load of " + missing + " within " + timeout + "; completed: "
                        + completed + "; in flight: " + inFlight.values().stream().map(Started::url).toList());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new PeerException("interrupted while waiting for loads", ex);
            }
        }
        List<ChromiumLoad> taken = List.copyOf(completed);
        completed.clear();
        return taken;
    }
}
