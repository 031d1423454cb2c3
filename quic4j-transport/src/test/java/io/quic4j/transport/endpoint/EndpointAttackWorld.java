package io.quic4j.transport.endpoint;

import io.quic4j.testkit.Simulator;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.connection.ConnectionEvent;
import io.quic4j.transport.token.AddressValidationTokens;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared harness of the endpoint attack tests, sans-I/O and in one thread: a {@link ServerEndpoint}, a
 * well-behaved client doing request/response exchanges on streams (the issue 8 acceptance: 1,000 of them
 * while the attack runs), optional other clients (abusers with real connections), and a virtual clock.
 * Datagrams are delivered at once; what the server sends to an address that is not a client here (answers to
 * junk and spoofed sources) is counted, not delivered.
 *
 * <p>The server's application echoes the good client (each request stream is answered with
 * {@code "response to " + request} and FIN) and reads nothing from anyone else: their streams' data stays
 * buffered, which is what the memory-ceiling test needs.
 */
final class EndpointAttackWorld {
    static final InetSocketAddress SERVER = Simulator.address("10.0.0.2", 4433);
    static final InetSocketAddress GOOD = Simulator.address("10.0.0.1", 50000);

    final ServerEndpointConfig config;
    final ServerEndpoint server;
    final Map<InetSocketAddress, Connection> clients = new LinkedHashMap<>();
    final Connection good;
    long now = 1_000_000_000L;
    /** Datagrams the server sent to addresses that are not clients here, and their bytes. */
    long answersToOthers;
    long answerBytesToOthers;
    /** The largest answer to others, in bytes. */
    int largestAnswer;

    private final ByteBuffer out = ByteBuffer.allocate(1500);
    private final ByteBuffer in = ByteBuffer.allocate(1500);
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    private final Map<Long, StringBuilder> serverRequests = new HashMap<>();
    private final Map<Long, StringBuilder> goodResponses = new HashMap<>();
    private final Map<Long, String> goodRequests = new HashMap<>();
    private int nextRequest;
    int exchangesCompleted;
    String failure;

    /**
     * @param seed seeds every random source
     * @param limits the server's protections
     * @param maxConnections the connection cap
     * @param backlog the handshake backlog
     * @param retryUnderLoad the Retry policy
     * @param serverConnection the server's connection settings
     */
    EndpointAttackWorld(long seed, EndpointLimits limits, int maxConnections, int backlog, boolean retryUnderLoad,
            ConnectionConfig serverConnection) {
        SecureRandom keys = EndpointWorld.seeded(seed * 31 + 7);
        byte[] tokenKey = new byte[AddressValidationTokens.KEY_LENGTH];
        keys.nextBytes(tokenKey);
        config = new ServerEndpointConfig(serverConnection, EndpointWorld.serverTls(), false,
                new AddressValidationTokens(tokenKey), StatelessResetTokens.generate(keys), maxConnections,
                n -> 1_700_000_000_000L + n / 1_000_000, null, backlog, retryUnderLoad, limits);
        server = new ServerEndpoint(config, EndpointWorld.seeded(seed * 31 + 1));
        good = addClient(GOOD, seed);
    }

    /** A client Connection at {@code address}, whose first flight is sent at the next {@link #pump()}. */
    Connection addClient(InetSocketAddress address, long seed) {
        Connection c = Connection.client(ConnectionConfig.DEFAULTS, EndpointWorld.clientTls(), "localhost", SERVER,
                EndpointWorld.seeded(seed), now);
        clients.put(address, c);
        return c;
    }

    /** Moves datagrams both ways, and runs both applications, until nothing moves. */
    void pump() {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = false;
            for (Map.Entry<InetSocketAddress, Connection> e : clients.entrySet()) {
                for (int i = 0; i < 64 && e.getValue().send(out.clear(), now) != null; i++) {
                    server.receive(out.flip(), e.getKey(), now);
                    moved = true;
                }
            }
            for (InetSocketAddress to; (to = server.send(out.clear(), now)) != null;) {
                moved = true;
                Connection c = clients.get(to);
                if (c != null) {
                    c.receive(in.clear().put(out.flip()).flip(), SERVER, now);
                } else {
                    answersToOthers++;
                    answerBytesToOthers += out.position();
                    largestAnswer = Math.max(largestAnswer, out.position());
                }
            }
            moved |= serverApplication();
            moved |= goodApplication();
            for (Connection c : clients.values()) {
                while (c.pollEvent() != null) {
                    // Abusers' events: nobody listens.
                }
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the exchange did not settle");
    }

    /** Advances the clock, fires timers, then pumps. */
    void advance(long nanos) {
        now += nanos;
        for (Connection c : clients.values()) {
            if (c.nextTimeout() <= now) {
                c.onTimeout(now);
            }
        }
        if (server.nextTimeout() <= now) {
            server.onTimeout(now);
        }
        pump();
    }

    /** Keeps {@code inFlight} exchanges going until {@code total} have completed, or the client fails. */
    boolean exchange(int inFlight, int total) {
        while (goodRequests.size() < inFlight && nextRequest < total && good.isHandshakeComplete() && good.isOpen()) {
            long id = good.openBidirectionalStream();
            if (id < 0) {
                break;
            }
            String request = "request " + nextRequest++ + " " + "x".repeat(100);
            goodRequests.put(id, request);
            goodResponses.put(id, new StringBuilder());
            good.write(id, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)), true);
        }
        return exchangesCompleted >= total;
    }

    private boolean goodApplication() {
        boolean moved = false;
        for (ConnectionEvent e; (e = good.pollEvent()) != null;) {
            moved = true;
            if (e instanceof ConnectionEvent.StreamReadable r && goodRequests.containsKey(r.streamId())) {
                readResponse(r.streamId());
            } else if (e instanceof ConnectionEvent.Closing c && failure == null) {
                failure = "the good client's connection closed: " + c.reason();
            } else if (e instanceof ConnectionEvent.StreamReset r && failure == null) {
                failure = "stream " + r.streamId() + " reset";
            }
        }
        return moved;
    }

    private void readResponse(long id) {
        StringBuilder sb = goodResponses.get(id);
        for (int n; (n = good.read(id, scratch.clear())) != 0;) {
            if (n < 0) {
                String expected = "response to " + goodRequests.remove(id);
                goodResponses.remove(id);
                if (!expected.contentEquals(sb) && failure == null) {
                    failure = "stream " + id + " answered " + sb;
                }
                exchangesCompleted++;
                return;
            }
            sb.append(StandardCharsets.US_ASCII.decode(scratch.flip()));
        }
    }

    private boolean serverApplication() {
        boolean moved = false;
        while (server.pollAccepted() != null) {
            moved = true;
        }
        for (Connection c : server.connections()) {
            boolean echo = c.peerAddress().equals(GOOD);
            for (ConnectionEvent e; (e = c.pollEvent()) != null;) {
                moved = true;
                long id = switch (e) {
                    case ConnectionEvent.StreamOpened o -> o.streamId();
                    case ConnectionEvent.StreamReadable r -> r.streamId();
                    default -> -1;
                };
                if (echo && id >= 0) {
                    serveRequest(c, id);
                }
            }
        }
        return moved;
    }

    private void serveRequest(Connection c, long id) {
        StringBuilder sb = serverRequests.computeIfAbsent(id, k -> new StringBuilder());
        for (int n; (n = c.read(id, scratch.clear())) != 0;) {
            if (n < 0) {
                serverRequests.remove(id);
                byte[] response = ("response to " + sb).getBytes(StandardCharsets.US_ASCII);
                c.write(id, ByteBuffer.wrap(response), true);
                return;
            }
            sb.append(StandardCharsets.US_ASCII.decode(scratch.flip()));
        }
    }

    /** Runs until the good client's handshake is confirmed. */
    void connectGood() {
        for (int i = 0; i < 1000 && !good.isHandshakeConfirmed(); i++) {
            advance(1_000_000);
        }
        if (!good.isHandshakeConfirmed()) {
            throw new AssertionError("the good client did not connect: " + good.closeReason());
        }
    }

    /** @return the close reasons of the clients that were closed, by address */
    Map<InetSocketAddress, CloseReason> closedClients() {
        Map<InetSocketAddress, CloseReason> m = new LinkedHashMap<>();
        clients.forEach((a, c) -> c.closeReason().ifPresent(r -> m.put(a, r)));
        return m;
    }

    /** @return the server's live connections other than the good client's */
    List<Connection> otherServerConnections() {
        List<Connection> l = new ArrayList<>();
        for (Connection c : server.connections()) {
            if (!c.peerAddress().equals(GOOD)) {
                l.add(c);
            }
        }
        return l;
    }

    /** @return the server's connection with the good client */
    Connection serverConnectionOfGood() {
        for (Connection c : server.connections()) {
            if (c.peerAddress().equals(GOOD)) {
                return c;
            }
        }
        throw new AssertionError("no server connection for the good client");
    }
}
