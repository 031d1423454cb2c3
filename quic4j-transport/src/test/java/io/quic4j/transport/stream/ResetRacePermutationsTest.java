package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 003 (a local cancel racing an incoming RESET_STREAM crashed quic-go): every ordering of the
 * events that can touch one stream at once must be legal and converge. RFC 9000 §3.1, §3.2, §3.5, §4.5.
 *
 * <p>All 8! = 40,320 orders of {local cancelWrite, local cancelRead, local close, peer RESET_STREAM,
 * peer STOP_SENDING, peer STREAM+FIN, send what is owed, acknowledge what was sent} are run, for a peer
 * stream and for one of ours. Afterwards the peer does what RFC 9000 requires of it (it answers
 * STOP_SENDING with RESET_STREAM) and frames flow until nothing is owed. Then: no exception, both halves
 * terminal, every final size we sent equal, the peer's final size respected, and the stream retired
 * exactly once with its credit back.
 */
class ResetRacePermutationsTest {
    private static final StreamConfig CONFIG = new StreamConfig(4, 4, 1000, 1000, 10_000, 10_000, 1000);
    private static final int PEER_DATA = 10;
    private static final int OUR_DATA = 5;

    enum Event {
        CANCEL_WRITE, CANCEL_READ, CLOSE, PEER_RESET, PEER_STOP_SENDING, PEER_FIN, SEND, ACK
    }

    /** One run: we are the client; the peer (the server) is scripted. */
    private static final class Run {
        final StreamMap map = new StreamMap(true, CONFIG, PeerLimits.of(CONFIG));
        final List<Frame> inFlight = new ArrayList<>();
        final List<Frame> sent = new ArrayList<>();
        final Stream stream;
        boolean peerFinished;

        Run(boolean peerStream) {
            if (peerStream) {
                map.onFrame(new StreamFrame(1, 0, ByteBuffer.wrap(new byte[PEER_DATA]), false, true), 0);
                stream = map.accept(true);
            } else {
                stream = map.open(true);
                map.onFrame(new StreamFrame(0, 0, ByteBuffer.wrap(new byte[PEER_DATA]), false, true), 0);
            }
            stream.write(ByteBuffer.wrap(new byte[OUR_DATA]));
        }

        void apply(Event e) {
            switch (e) {
                case CANCEL_WRITE -> stream.cancelWrite(11);
                case CANCEL_READ -> stream.cancelRead(12, 0);
                case CLOSE -> stream.close();
                case PEER_RESET -> peerReset();
                case PEER_STOP_SENDING -> map.onFrame(new StopSendingFrame(stream.id(), 22), 0);
                case PEER_FIN -> {
                    map.onFrame(new StreamFrame(stream.id(), PEER_DATA, ByteBuffer.allocate(0), true, true), 0);
                    peerFinished = true;
                }
                case SEND -> send();
                case ACK -> {
                    inFlight.forEach(map::onAcked);
                    inFlight.clear();
                }
            }
        }

        void peerReset() {
            map.onFrame(new ResetStreamFrame(stream.id(), 21, PEER_DATA), 0);
            peerFinished = true;
        }

        void send() {
            for (Frame f; (f = map.pollFrame(1200)) != null;) {
                inFlight.add(f);
                sent.add(f);
            }
        }

        /** The peer answers what it received (RFC 9000 §3.5), and frames flow until nothing is owed. */
        void settle() {
            for (int round = 0; round < 10; round++) {
                send();
                List<Frame> flight = new ArrayList<>(inFlight);
                apply(Event.ACK);
                for (Frame f : flight) {
                    if (f instanceof StopSendingFrame && !peerFinished) {
                        peerReset();
                    }
                }
            }
            assertThat(map.hasFrameToSend()).isFalse();
        }
    }

    @Test
    void everyOrderOfCancelResetStopSendingFinAndAcksConvergesOnAPeerStream() {
        assertAllOrdersConverge(true);
    }

    @Test
    void everyOrderOfCancelResetStopSendingFinAndAcksConvergesOnOurStream() {
        assertAllOrdersConverge(false);
    }

    private static void assertAllOrdersConverge(boolean peerStream) {
        Event[] events = Event.values();
        int[] count = {0};
        permute(events, 0, order -> {
            Run run = new Run(peerStream);
            for (Event e : order) {
                run.apply(e);
            }
            run.settle();
            check(run, peerStream, order);
            count[0]++;
        });
        assertThat(count[0]).isEqualTo(40_320);
    }

    private static void check(Run run, boolean peerStream, Event[] order) {
        String where = java.util.Arrays.toString(order);
        SendStream send = run.stream.send();
        ReceiveStream receive = run.stream.receive();
        assertThat(send.state().isTerminal()).as(where).isTrue();
        assertThat(receive.state().isTerminal()).as(where).isTrue();
        assertThat(receive.finalSize()).as(where).isEqualTo(PEER_DATA);
        // Every final size we announced (FIN or RESET_STREAM) is the same one.
        long ours = send.finalSize();
        for (Frame f : run.sent) {
            if (f instanceof StreamFrame s && s.fin()) {
                assertThat(s.endOffset()).as(where).isEqualTo(ours);
            } else if (f instanceof ResetStreamFrame r) {
                assertThat(r.finalSize()).as(where).isEqualTo(ours);
            }
        }
        assertThat(ours).as(where).isBetween(0L, (long) OUR_DATA);
        assertThat(run.stream.isRetired()).as(where).isTrue();
        assertThat(run.map.counts().open()).as(where).isZero();
        if (peerStream) {
            assertThat(run.map.incoming(true).retired()).as(where).isEqualTo(1);
            assertThat(run.map.incoming(true).isWhole()).as(where).isTrue();
        } else {
            assertThat(run.map.counts().retiredLocalBidi()).as(where).isEqualTo(1);
        }
        assertThat(run.map.receiveConnection().consumed()).as(where).isEqualTo(PEER_DATA);
    }

    private static void permute(Event[] a, int k, java.util.function.Consumer<Event[]> action) {
        if (k == a.length) {
            action.accept(a);
            return;
        }
        for (int i = k; i < a.length; i++) {
            swap(a, k, i);
            permute(a, k + 1, action);
            swap(a, k, i);
        }
    }

    private static void swap(Event[] a, int i, int j) {
        Event t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
