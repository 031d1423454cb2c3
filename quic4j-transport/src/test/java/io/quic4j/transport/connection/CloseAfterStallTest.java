package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The closing period of RFC 9000 §10.2.1 when the caller runs timers before it asks for datagrams and the
 * period (three PTOs from the close) is already over by then: the CONNECTION_CLOSE still goes out once, and
 * only then does the period end. Draining (§10.2.2) and the idle timeout (§10.1) send nothing in the same
 * sequence.
 */
class CloseAfterStallTest {
    /** Far more than three PTOs of a handshaken pair on the simulator's 10 ms delay. */
    private static final long LONG_STALL = 60_000 * Pipe.MS;

    @Test
    void closeIsSentOnceEvenWhenTheClosingPeriodIsOverBeforeTheNextSend() {
        Pipe p = new Pipe().handshake();
        p.client.close(0x42, "after a stall", p.now);
        p.now += LONG_STALL;
        // The loop runs timers first, then sends: the closing period's end is already due.
        p.client.onTimeout(p.now);
        p.collectEvents();
        List<ByteBuffer> sent = p.drain(p.client);
        assertThat(sent).as("the CONNECTION_CLOSE, once").hasSize(1);
        p.deliver(sent, p.server);
        CloseReason r = Pipe.find(p.serverEvents, ConnectionEvent.Closing.class).orElseThrow().reason();
        assertThat(r.kind()).isEqualTo(CloseReason.Kind.PEER);
        assertThat(r.application()).isTrue();
        assertThat(r.errorCode()).isEqualTo(0x42);
        // Having sent it, the client still ends: nothing more is sent and it reaches closed.
        p.now += LONG_STALL;
        p.client.onTimeout(p.now);
        p.collectEvents();
        assertThat(p.drain(p.client)).isEmpty();
        assertThat(p.client.isClosed()).isTrue();
        assertThat(p.client.nextTimeout()).isEqualTo(Long.MAX_VALUE);
        assertThat(p.clientEvents.getLast()).isInstanceOf(ConnectionEvent.Closed.class);
    }

    @Test
    void closeIsSentOnceWhenThePtoIsSoSmallThatThePeriodEndsBeforeTheSend() {
        Pipe p = new Pipe().handshake();
        p.client.close(0x43, "", p.now);
        // The smallest possible step past the deadline the connection reports.
        long end = p.client.nextTimeout();
        assertThat(end).isGreaterThan(p.now);
        p.now = end;
        p.client.onTimeout(p.now);
        p.collectEvents();
        List<ByteBuffer> sent = p.drain(p.client);
        assertThat(sent).hasSize(1);
        p.deliver(sent, p.server);
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.Closing.class)).get()
                .extracting(e -> e.reason().errorCode()).isEqualTo(0x43L);
    }

    @Test
    void theDeadlineAfterAnUnsentCloseIsInTheFutureSoTheLoopDoesNotSpin() {
        Pipe p = new Pipe().handshake();
        p.client.close(0, "", p.now);
        p.now += LONG_STALL;
        p.client.onTimeout(p.now);
        assertThat(p.client.isClosed()).isFalse();
        assertThat(p.client.nextTimeout()).as("not due again before the close is sent").isGreaterThan(p.now);
    }

    @Test
    void aCloseThatCannotBeSentStillEndsAfterASecondPeriod() {
        Pipe p = new Pipe().handshake();
        p.client.close(0, "", p.now);
        // The caller never asks for datagrams (say, its buffers are always too small).
        for (int i = 0; i < 2 && !p.client.isClosed(); i++) {
            p.now += LONG_STALL;
            p.client.onTimeout(p.now);
        }
        assertThat(p.client.isClosed()).isTrue();
    }

    @Test
    void drainingSendsNothingWhenItsPeriodIsOverBeforeTheNextSend() {
        Pipe p = new Pipe().handshake();
        p.client.close(0, "", p.now);
        p.deliver(p.drain(p.client), p.server);
        assertThat(p.server.isOpen()).isFalse();
        p.now += LONG_STALL;
        p.server.onTimeout(p.now);
        p.collectEvents();
        assertThat(p.drain(p.server)).as("RFC 9000 §10.2.2: draining sends nothing").isEmpty();
        assertThat(p.server.isClosed()).isTrue();
        assertThat(p.serverEvents.getLast()).isInstanceOf(ConnectionEvent.Closed.class);
    }

    @Test
    void idleTimeoutSendsNothingWhenTimersRunBeforeTheSend() {
        ConnectionConfig c = ConnectionConfig.builder().maxIdleTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(5)).build();
        Pipe p = new Pipe(c, ConnectionConfig.DEFAULTS).handshake();
        p.now += LONG_STALL;
        p.client.onTimeout(p.now);
        p.collectEvents();
        // RFC 9000 §10.1: "the connection is silently closed".
        assertThat(p.client.isClosed()).isTrue();
        assertThat(p.client.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.IDLE_TIMEOUT);
        assertThat(p.drain(p.client)).isEmpty();
    }
}
