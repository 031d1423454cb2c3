package io.quic4j.transport.engine;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.wire.Role;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The application's {@link QuicConnection}: each method posts a command to the loop that owns the
 * connection and answers with a future (DESIGN.md §2). The few values readable without a round trip to the
 * loop (ALPN, peer certificates, addresses, whether it is open) are published by the loop through volatile
 * fields.
 */
final class ConnectionHandle implements QuicConnection {
    private final ConnectionDriver driver;
    private final boolean client;
    private final CompletableFuture<QuicCloseReason> closeFuture = new CompletableFuture<>();
    private final String name;
    private volatile boolean open = true;
    private volatile String applicationProtocol = "";
    private volatile List<X509Certificate> peerCertificates = List.of();
    private volatile InetSocketAddress remoteAddress;
    private volatile InetSocketAddress localAddress;

    ConnectionHandle(ConnectionDriver driver) {
        this.driver = driver;
        this.client = driver.conn.role() == Role.CLIENT;
        this.remoteAddress = driver.conn.peerAddress();
        this.name = (client ? "client " : "server ") + driver.conn.localConnectionId();
    }

    // ---- published by the loop ----

    void onHandshake(String alpn, List<X509Certificate> certificates) {
        applicationProtocol = alpn;
        peerCertificates = List.copyOf(certificates);
        driver.established.complete(this);
    }

    void onClosing() {
        open = false;
    }

    void addresses(InetSocketAddress local, InetSocketAddress remote) {
        if (local != localAddress) {
            localAddress = local;
        }
        if (remote != remoteAddress) {
            remoteAddress = remote;
        }
    }

    boolean isClient() {
        return client;
    }

    boolean onLoopThread() {
        return driver.loop.inLoop();
    }

    /**
     * Runs {@code task} on the loop; if the loop has ended, fails {@code f} instead.
     *
     * @param task the command
     * @param f the command's future, or {@code null}
     */
    void post(Runnable task, CompletableFuture<?> f) {
        try {
            driver.loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (f != null) {
                QuicCloseReason reason = closeFuture.getNow(
                        new QuicCloseReason(QuicCloseReason.Initiator.LOCAL, false, 0, "endpoint closed"));
                f.completeExceptionally(new QuicConnectionClosedException(reason));
            }
        }
    }

    private <T> CompletableFuture<T> command(Consumer<CompletableFuture<T>> command) {
        CompletableFuture<T> f = new CompletableFuture<>();
        post(() -> {
            try {
                command.accept(f);
            } catch (RuntimeException e) {
                // A bug or a misuse the driver did not foresee: the caller hears of it rather than waiting forever.
                f.completeExceptionally(e);
                throw e;
            }
        }, f);
        return f;
    }

    // ---- the API ----

    @Override
    public CompletableFuture<QuicStream> openBidirectionalStream() {
        String site = CallSite.capture();
        return command(f -> driver.openStream(true, true, f, site));
    }

    @Override
    public CompletableFuture<QuicStream> openUnidirectionalStream() {
        String site = CallSite.capture();
        return command(f -> driver.openStream(false, true, f, site));
    }

    @Override
    public CompletableFuture<QuicStream> tryOpenStream(boolean bidirectional) {
        String site = CallSite.capture();
        return command(f -> driver.openStream(bidirectional, false, f, site));
    }

    @Override
    public CompletableFuture<QuicStream> acceptStream() {
        String site = CallSite.capture();
        return command(f -> driver.acceptStream(f, site));
    }

    @Override
    public CompletableFuture<Void> sendDatagram(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        return command(f -> driver.sendDatagram(copy, f));
    }

    @Override
    public CompletableFuture<ByteBuffer> receiveDatagram() {
        return command(driver::receiveDatagram);
    }

    @Override
    public CompletableFuture<Integer> maxDatagramPayload() {
        return command(f -> f.complete(driver.maxDatagramPayload()));
    }

    @Override
    public CompletableFuture<Void> limitIncomingBidirectionalStreams(long live) {
        if (live < 0) {
            throw new IllegalArgumentException("live must be 0 or more, was " + live);
        }
        return command(f -> {
            driver.limitIncomingBidirectionalStreams(live);
            f.complete(null);
        });
    }

    @Override
    public CompletableFuture<QuicConnectionStats> stats() {
        return command(f -> f.complete(driver.stats()));
    }

    @Override
    public CompletableFuture<QuicCloseReason> close(long errorCode, String reason) {
        if (errorCode < 0 || errorCode > (1L << 62) - 1) {
            throw new IllegalArgumentException("errorCode must be 0 to 2^62-1 (a QUIC varint), was " + errorCode);
        }
        try {
            driver.loop.execute(() -> driver.close(errorCode, reason));
        } catch (RejectedExecutionException e) {
            // The loop has ended, and with it the connection.
            closeFuture.complete(new QuicCloseReason(QuicCloseReason.Initiator.LOCAL, false, 0, "endpoint closed"));
        }
        return closeFuture;
    }

    @Override
    public void close() {
        close(0, "");
    }

    @Override
    public CompletableFuture<QuicCloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public java.util.concurrent.Executor executor() {
        return driver.loop;
    }

    @Override
    public String applicationProtocol() {
        return applicationProtocol;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return "QuicConnection[" + name + " " + remoteAddress + "]";
    }
}
