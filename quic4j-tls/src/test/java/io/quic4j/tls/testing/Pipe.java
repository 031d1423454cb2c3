package io.quic4j.tls.testing;

import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Connects a client and a server engine in memory, moving handshake bytes level by level until
 * neither has anything to send (in the spirit of quiche's Pipe). Events are collected per side.
 */
public final class Pipe {
    /** The client. */
    public final TlsEngine client;
    /** The server. */
    public final TlsEngine server;
    /** Events the client reported. */
    public final List<TlsEvent> clientEvents = new ArrayList<>();
    /** Events the server reported. */
    public final List<TlsEvent> serverEvents = new ArrayList<>();
    /** The clock both sides see. */
    public long now = 1_700_000_000_000L;
    private UnaryOperator<byte[]> toServer = b -> b;
    private UnaryOperator<byte[]> toClient = b -> b;

    /**
     * @param client client engine, not started
     * @param server server engine
     */
    public Pipe(TlsEngine client, TlsEngine server) {
        this.client = client;
        this.server = server;
    }

    /**
     * @param f rewrites each flight the client sends (to inject faults)
     * @return this
     */
    public Pipe mutateToServer(UnaryOperator<byte[]> f) {
        toServer = f;
        return this;
    }

    /**
     * @param f rewrites each flight the server sends
     * @return this
     */
    public Pipe mutateToClient(UnaryOperator<byte[]> f) {
        toClient = f;
        return this;
    }

    /** Starts the client and runs the exchange to quiescence. */
    public void run() {
        client.start(now);
        drain();
    }

    /** Moves bytes both ways until neither side sends. */
    public void drain() {
        boolean moved = true;
        while (moved) {
            moved = move(client, server, clientEvents, toServer) | move(server, client, serverEvents, toClient);
        }
        collect(client, clientEvents);
        collect(server, serverEvents);
    }

    private boolean move(TlsEngine from, TlsEngine to, List<TlsEvent> fromEvents, UnaryOperator<byte[]> f) {
        collect(from, fromEvents);
        boolean moved = false;
        for (EncryptionLevel level : EncryptionLevel.values()) {
            ByteBuffer out = from.pollOutput(level);
            if (out != null) {
                byte[] bytes = new byte[out.remaining()];
                out.get(bytes);
                to.receive(level, ByteBuffer.wrap(f.apply(bytes)), now);
                moved = true;
            }
        }
        return moved;
    }

    private static void collect(TlsEngine engine, List<TlsEvent> into) {
        for (TlsEvent e; (e = engine.pollEvent()) != null;) {
            into.add(e);
        }
    }

    /**
     * @param <T> event type
     * @param events a side's events
     * @param type the event class
     * @return the events of that class
     */
    public static <T extends TlsEvent> List<T> events(List<TlsEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
