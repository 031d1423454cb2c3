package io.quic4j.transport.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;

/**
 * A non-blocking UDP socket owned by one {@link EventLoop}. Reads come in batches (up to
 * {@link #READ_BATCH} datagrams per turn, so one busy socket cannot starve the loop's other work); a send
 * the kernel has no room for is kept (one datagram) and retried when the socket is writable, and whoever
 * wanted to send more waits for that. A send that fails is one lost packet, never a broken connection
 * (DESIGN.md §5): QUIC's loss recovery repairs it.
 */
final class UdpSocket {
    private static final System.Logger LOG = System.getLogger("io.quic4j.transport.engine");
    /** Datagrams read per turn at most. */
    static final int READ_BATCH = 64;
    /** The largest UDP payload. */
    static final int MAX_UDP_PAYLOAD = 65527;

    /** Gets the datagrams a socket reads, on the loop thread. */
    interface Receiver {
        /**
         * @param datagram the payload, valid only during the call (the buffer is reused); may be changed
         * @param from the sender
         * @param now the time it was read
         */
        void onDatagram(ByteBuffer datagram, InetSocketAddress from, long now);
    }

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final SelectionKey key;
    private final Receiver receiver;
    private final InetSocketAddress localAddress;
    // A heap buffer: packet protection is fastest on heap arrays (crypto.PacketOpener).
    private final ByteBuffer readBuffer = ByteBuffer.allocate(MAX_UDP_PAYLOAD);
    private final ArrayDeque<EventLoop.Flushable> writeWaiters = new ArrayDeque<>();
    private ByteBuffer blocked;
    private InetSocketAddress blockedTo;
    private long datagramsReceived;
    private long datagramsSent;
    private long sendErrors;

    private UdpSocket(EventLoop loop, DatagramChannel channel, Receiver receiver) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.receiver = receiver;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    /**
     * Opens and binds a socket and registers it with {@code loop}; call on the loop's thread.
     *
     * @param loop the owner
     * @param bind the local address (port 0 for an ephemeral port)
     * @param reusePort whether to set SO_REUSEPORT, so several loops can bind the same address and the kernel
     *            spreads datagrams over them (DESIGN.md §2)
     * @param bufferSize SO_SNDBUF and SO_RCVBUF
     * @param receiver gets the datagrams
     * @return the socket
     * @throws IOException if binding fails (the address is in use, for example)
     */
    static UdpSocket open(EventLoop loop, InetSocketAddress bind, boolean reusePort, int bufferSize,
            Receiver receiver) throws IOException {
        DatagramChannel ch = DatagramChannel.open(bind.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        try {
            if (reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.setOption(StandardSocketOptions.SO_RCVBUF, bufferSize);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, bufferSize);
            ch.bind(bind);
            ch.configureBlocking(false);
            return new UdpSocket(loop, ch, receiver);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** @return the bound address */
    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** @return whether a datagram waits for room in the kernel: senders must {@link #awaitWritable} */
    boolean isBlocked() {
        return blocked != null;
    }

    /**
     * Sends one datagram. If the kernel has no room it is kept and sent when the socket becomes writable;
     * check {@link #isBlocked()} before sending the next one.
     *
     * @param datagram the payload from position to limit
     * @param to the destination
     */
    void send(ByteBuffer datagram, InetSocketAddress to) {
        if (blocked != null) {
            throw new IllegalStateException("socket is blocked: wait for awaitWritable");
        }
        try {
            if (channel.send(datagram, to) == 0) {
                blocked = ByteBuffer.allocate(datagram.remaining()).put(datagram).flip();
                blockedTo = to;
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            datagramsSent++;
        } catch (ClosedChannelException e) {
            sendErrors++;
        } catch (IOException e) {
            sendErrors++;
            LOG.log(Level.DEBUG, () -> "send to " + to + " failed: " + e);
        }
    }

    /**
     * Asks for a flush of {@code f} once the blocked datagram is out.
     *
     * @param f what wants to send more
     */
    void awaitWritable(EventLoop.Flushable f) {
        writeWaiters.add(f);
    }

    /** Called by the loop when the selector reports the socket ready. */
    void onReady(SelectionKey k, long now) {
        if (k.isWritable()) {
            retryBlocked();
        }
        if (k.isValid() && k.isReadable()) {
            readBatch(now);
        }
    }

    private void retryBlocked() {
        try {
            if (channel.send(blocked, blockedTo) == 0) {
                return;
            }
            datagramsSent++;
        } catch (IOException e) {
            sendErrors++;
        }
        blocked = null;
        blockedTo = null;
        key.interestOps(SelectionKey.OP_READ);
        for (EventLoop.Flushable f; (f = writeWaiters.poll()) != null;) {
            loop.wantsFlush(f);
        }
    }

    private void readBatch(long now) {
        for (int i = 0; i < READ_BATCH; i++) {
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(readBuffer.clear());
            } catch (ClosedChannelException e) {
                return; // closed by what the previous datagram did (its connection ended)
            } catch (IOException e) {
                // ICMP errors surface here on some platforms: nothing to do but go on reading.
                LOG.log(Level.DEBUG, () -> "receive failed: " + e);
                continue;
            }
            if (from == null) {
                return;
            }
            datagramsReceived++;
            receiver.onDatagram(readBuffer.flip(), from, now);
        }
    }

    /** @return datagrams received, sent, and sends that failed */
    long[] counters() {
        return new long[]{datagramsReceived, datagramsSent, sendErrors};
    }

    /** @return whether the socket is still open */
    boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the socket (loop thread); idempotent. Flushables waiting for it are dropped. */
    void close() {
        key.cancel();
        writeWaiters.clear();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a UDP socket failed", e);
        }
    }
}
