package io.quic4j.testkit.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client of the Chrome DevTools Protocol over the browser's WebSocket endpoint: commands with their
 * {@code id}-matched results, and one-shot waits for events. Sessions attached with {@code flatten: true} share the
 * connection; their commands and events carry a {@code sessionId}. Every wait is bounded.
 *
 * <pre>{@code
 * try (DevTools cdp = DevTools.connect(uri, Duration.ofSeconds(10))) {
 *     JsonNode version = cdp.send(null, "Browser.getVersion", Map.of(), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class DevTools implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWait> waits = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final HttpClient http;
    private volatile WebSocket socket;

    private record EventWait(String sessionId, String method, CompletableFuture<JsonNode> params) {
    }

    private record Subscription(String sessionId, String method, Consumer<JsonNode> listener) {
    }

    private DevTools(HttpClient http) {
        this.http = http;
    }

    /**
     * Connects to a DevTools WebSocket endpoint, such as {@code ws://127.0.0.1:PORT/devtools/browser/ID}.
     *
     * @param endpoint the WebSocket URI
     * @param timeout the longest the connection may take
     * @return the connected client
     * @throws PeerException when it cannot connect in time
     */
    public static DevTools connect(URI endpoint, Duration timeout) {
        DevTools devTools = new DevTools(HttpClient.newBuilder().connectTimeout(timeout).build());
        try {
            devTools.socket = devTools.http.newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(endpoint, devTools.new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return devTools;
        } catch (ExecutionException | TimeoutException e) {
            devTools.close();
            throw new PeerException("cannot open the DevTools WebSocket " + endpoint, e);
        } catch (InterruptedException e) {
            devTools.close();
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while opening the DevTools WebSocket " + endpoint, e);
        }
    }

    /**
     * Sends a command and waits for its result.
     *
     * @param sessionId the target session, or {@code null} for the browser itself
     * @param method the command, such as {@code Page.navigate}
     * @param params its parameters (converted with Jackson)
     * @param timeout the longest to wait for the result
     * @return the command's {@code result} object
     * @throws PeerException when the browser answers with an error, the connection closes, or the time runs out
     */
    public JsonNode send(String sessionId, String method, Map<String, ?> params, Duration timeout) {
        Objects.requireNonNull(method, "method");
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        try {
            String text = JSON.writeValueAsString(message);
            synchronized (this) {
                // One sendText at a time: the WebSocket rejects a send while another is incomplete.
                socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (JsonProcessingException e) {
            throw new PeerException("cannot encode the DevTools command " + method, e);
        } catch (ExecutionException e) {
            throw new PeerException(method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PeerException(method + " got no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while waiting for " + method, e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Starts waiting for the next event {@code method} of a session. Call it before the command that causes the
     * event, then wait on the future with a bound.
     *
     * @param sessionId the session the event belongs to, or {@code null} for browser events
     * @param method the event, such as {@code Page.loadEventFired}
     * @return completes with the event's {@code params}; fails when the connection closes
     */
    public CompletableFuture<JsonNode> nextEvent(String sessionId, String method) {
        EventWait wait = new EventWait(sessionId, method, new CompletableFuture<>());
        waits.add(wait);
        if (closed.isDone()) {
            wait.params().completeExceptionally(new PeerException("the DevTools connection is closed"));
        }
        wait.params().whenComplete((r, e) -> waits.remove(wait));
        return wait.params();
    }

    /**
     * Calls {@code listener} with the {@code params} of every later event {@code method} of a session, on the
     * WebSocket's thread, in the order the browser sent them.
     *
     * @param sessionId the session the events belong to, or {@code null} for browser events
     * @param method the event, such as {@code Network.responseReceived}
     * @param listener what to call; it must not block
     */
    public void subscribe(String sessionId, String method, Consumer<JsonNode> listener) {
        subscriptions.add(new Subscription(sessionId, method, Objects.requireNonNull(listener, "listener")));
    }

    /**
     * Whether the connection has closed (the browser exited or closed it).
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes the WebSocket without waiting for the browser's answer, fails every wait, and stops the client. */
    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        failAll(new PeerException("the DevTools connection was closed"));
        http.shutdownNow();
    }

    private void failAll(Throwable cause) {
        closed.complete(null);
        pending.values().forEach(f -> f.completeExceptionally(cause));
        waits.forEach(w -> w.params().completeExceptionally(cause));
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            failAll(new PeerException("the browser sent a message that is not JSON: " + text, e));
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> result = pending.get(message.get("id").asLong());
            if (result == null) {
                return; // answer to a command whose sender gave up
            }
            if (message.has("error")) {
                result.completeExceptionally(new PeerException(message.get("error").toString()));
            } else {
                result.complete(message.path("result"));
            }
            return;
        }
        String method = message.path("method").asText();
        String session = message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null;
        for (Subscription s : subscriptions) {
            if (s.method().equals(method) && Objects.equals(s.sessionId(), session)) {
                s.listener().accept(message.path("params"));
            }
        }
        for (EventWait w : waits) {
            if (w.method().equals(method) && Objects.equals(w.sessionId(), session)) {
                w.params().complete(message.path("params"));
            }
        }
    }

    /** Reassembles fragmented text messages and dispatches them; one message at a time. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new PeerException("the browser closed the DevTools connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(new PeerException("the DevTools connection failed", error));
        }
    }
}
