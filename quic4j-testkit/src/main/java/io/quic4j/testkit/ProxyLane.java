package io.quic4j.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of a {@link LossyUdpProxy}: the impairment decisions, the datagrams held back or delayed,
 * and the counters. Confined to the proxy thread except for the counters, which {@link #stats()} reads from
 * any thread.
 *
 * <p>Three random numbers are drawn for every datagram, whatever the outcome, so the decisions for the
 * n-th datagram of a direction depend only on the seed and n.
 */
final class ProxyLane {
    /** A datagram to send: on {@code channel} to {@code target}. */
    record Outgoing(DatagramChannel channel, InetSocketAddress target, byte[] data) {
    }

    private static final class Held {
        final Outgoing out;
        final boolean duplicate;
        final long releaseAt;
        int remaining;

        Held(Outgoing out, boolean duplicate, long releaseAt, int remaining) {
            this.out = out;
            this.duplicate = duplicate;
            this.releaseAt = releaseAt;
            this.remaining = remaining;
        }
    }

    private record Delayed(Outgoing out, long sendAt) {
    }

    private final SplittableRandom random;
    private final double loss;
    private final Impairment impairment;
    private final long reorderDelay;
    private final long delay;
    private final List<Held> held = new ArrayList<>();
    private final ArrayDeque<Delayed> delayLine = new ArrayDeque<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    ProxyLane(SplittableRandom random, double loss, Impairment impairment) {
        this.random = random;
        this.loss = loss;
        this.impairment = impairment;
        this.reorderDelay = impairment.reorderDelay().toNanos();
        this.delay = impairment.delay().toNanos();
    }

    /** Applies the impairment to a datagram that just arrived. */
    void accept(Outgoing out, long now) {
        received.incrementAndGet();
        boolean lost = random.nextDouble() < loss;
        boolean reorder = random.nextDouble() < impairment.reorderRate();
        boolean duplicate = random.nextDouble() < impairment.duplicateRate();
        if (lost) {
            dropped.incrementAndGet();
            return;
        }
        if (reorder) {
            if (waiting() >= impairment.maxHeld()) {
                dropped.incrementAndGet();
                return;
            }
            reordered.incrementAndGet();
            held.add(new Held(out, duplicate, now + reorderDelay, impairment.reorderAfter()));
            return;
        }
        emit(out, duplicate, now);
        // Datagrams held for reordering are released once enough later ones have overtaken them.
        Iterator<Held> it = held.iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (--h.remaining <= 0) {
                it.remove();
                emit(h.out, h.duplicate, now);
            }
        }
    }

    /** Releases what is due at {@code now}. */
    void onTimer(long now) {
        Iterator<Held> it = held.iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (h.releaseAt - now <= 0) {
                it.remove();
                emit(h.out, h.duplicate, now);
            }
        }
        while (!delayLine.isEmpty() && delayLine.peekFirst().sendAt() - now <= 0) {
            send(delayLine.pollFirst().out());
        }
    }

    /** The earliest time something is due, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Held h : held) {
            next = Math.min(next, h.releaseAt);
        }
        if (!delayLine.isEmpty()) {
            next = Math.min(next, delayLine.peekFirst().sendAt());
        }
        return next;
    }

    ProxyStats.Direction stats() {
        return new ProxyStats.Direction(received.get(), forwarded.get(), dropped.get(), duplicated.get(),
                reordered.get());
    }

    private int waiting() {
        return held.size() + delayLine.size();
    }

    private void emit(Outgoing out, boolean duplicate, long now) {
        int copies = duplicate ? 2 : 1;
        if (duplicate) {
            duplicated.incrementAndGet();
        }
        for (int i = 0; i < copies; i++) {
            if (delay == 0) {
                send(out);
            } else if (waiting() >= impairment.maxHeld()) {
                dropped.incrementAndGet();
            } else {
                // A fixed delay keeps the order, so the delay line stays sorted by send time.
                delayLine.addLast(new Delayed(out, now + delay));
            }
        }
    }

    private void send(Outgoing out) {
        try {
            if (!out.channel().isOpen() || out.channel().send(ByteBuffer.wrap(out.data()), out.target()) == 0) {
                dropped.incrementAndGet(); // evicted client, or no room in the socket buffer: lost, like a network
                return;
            }
            forwarded.incrementAndGet();
        } catch (IOException e) {
            dropped.incrementAndGet();
        }
    }
}
