package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing, draining and idle timeout (RFC 9000 §10). */
class CloseTest {

    @Test
    void applicationCloseReachesThePeerWithCodeAndReason() {
        Pipe p = new Pipe().handshake();
        p.client.close(0x42, "bye", p.now);
        p.flight();
        CloseReason r = Pipe.find(p.serverEvents, ConnectionEvent.Closing.class).orElseThrow().reason();
        assertThat(r.kind()).isEqualTo(CloseReason.Kind.PEER);
        assertThat(r.application()).isTrue();
        assertThat(r.errorCode()).isEqualTo(0x42);
        assertThat(r.reason()).isEqualTo("bye");
    }

    @Test
    void transportCloseReachesThePeerWithItsCode() {
        Pipe p = new Pipe().handshake();
        p.server.closeTransport(TransportError.CONNECTION_REFUSED, "go away", p.now);
        p.flight();
        CloseReason r = Pipe.find(p.clientEvents, ConnectionEvent.Closing.class).orElseThrow().reason();
        assertThat(r.application()).isFalse();
        assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
    }

    @Test
    void bothSidesReachClosedAfterTheClosingAndDrainingPeriods() {
        Pipe p = new Pipe().handshake();
        p.client.close(0, "", p.now);
        p.runUntil(p.now + 10_000 * Pipe.MS);
        assertThat(p.client.isClosed()).isTrue();
        assertThat(p.server.isClosed()).isTrue();
        assertThat(p.clientEvents.getLast()).isInstanceOf(ConnectionEvent.Closed.class);
        assertThat(p.serverEvents.getLast()).isInstanceOf(ConnectionEvent.Closed.class);
    }

    @Test
    void goodbyeIsSaidOnceOurCloseWentOutOrThePeersArrivedLongBeforeTheClosingPeriodEnds() {
        Pipe p = new Pipe().handshake();
        assertThat(p.client.isGoodbyeSaid()).as("open").isFalse();
        p.client.close(0, "", p.now);
        assertThat(p.client.isGoodbyeSaid()).as("closing, CONNECTION_CLOSE not sent yet").isFalse();
        assertThat(p.server.isGoodbyeSaid()).as("the peer knows nothing yet").isFalse();
        p.flight();
        assertThat(p.client.isGoodbyeSaid()).as("closing, CONNECTION_CLOSE sent").isTrue();
        assertThat(p.client.isClosed()).as("RFC 9000 §10.2: the closing period still runs").isFalse();
        assertThat(p.server.isGoodbyeSaid()).as("draining: it sends nothing more").isTrue();
        assertThat(p.server.isClosed()).isFalse();
    }

    @Test
    void drainingEndpointSendsNothing() {
        Pipe p = new Pipe().handshake();
        p.client.close(0, "", p.now);
        p.flight();
        assertThat(p.server.isOpen()).isFalse();
        assertThat(p.drain(p.server)).isEmpty();
    }

    @Test
    void closingEndpointAnswersPacketsWithConnectionCloseAgain() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        p.client.close(7, "", p.now);
        List<ByteBuffer> first = p.drain(p.client);
        assertThat(first).hasSize(1);
        Pipe.drop(first);
        assertThat(p.drain(p.client)).as("nothing more until a packet arrives").isEmpty();
        // The server did not hear the close and sends data; RFC 9000 §10.2.1: the closing client answers
        // with CONNECTION_CLOSE again.
        p.server.write(id, ByteBuffer.wrap(new byte[]{2}), false);
        p.deliver(p.drain(p.server), p.client);
        List<ByteBuffer> again = p.drain(p.client);
        assertThat(again).hasSize(1);
        p.deliver(again, p.server);
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.Closing.class)).get()
                .extracting(e -> e.reason().errorCode()).isEqualTo(7L);
    }

    @Test
    void applicationCloseBeforeConfirmationIsSentAsTransportApplicationErrorInInitialPackets() {
        Pipe p = new Pipe();
        p.clientFlight(); // ClientHello to the server
        p.server.close(0x99, "secret reason", p.now);
        p.serverFlight();
        CloseReason r = Pipe.find(p.clientEvents, ConnectionEvent.Closing.class).orElseThrow().reason();
        // RFC 9000 §10.2.3: 0x1d becomes 0x1c APPLICATION_ERROR with an empty reason in Initial packets.
        assertThat(r.application()).isFalse();
        assertThat(r.errorCode()).isEqualTo(TransportError.APPLICATION_ERROR.code());
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void statelessResetFromThePeerDrainsTheConnection() {
        Pipe p = new Pipe().handshake();
        ByteBuffer reset = ByteBuffer.allocate(100);
        io.quic4j.transport.cid.StatelessReset.write(reset, 100,
                p.resetTokens.tokenFor(p.server.localConnectionId()), new java.util.Random(1));
        p.client.receive(reset.flip(), Pipe.SERVER_ADDRESS, p.now);
        CloseReason r = p.client.closeReason().orElseThrow();
        assertThat(r.kind()).isEqualTo(CloseReason.Kind.STATELESS_RESET);
        // RFC 9000 §10.3.1: the endpoint drains and sends nothing more.
        assertThat(p.drain(p.client)).isEmpty();
        p.runUntil(p.now + 5_000 * Pipe.MS);
        assertThat(p.client.isClosed()).isTrue();
    }

    @Test
    void aDatagramEndingInSomeOtherTokenIsNotAReset() {
        Pipe p = new Pipe().handshake();
        ByteBuffer junk = ByteBuffer.allocate(100);
        io.quic4j.transport.cid.StatelessReset.write(junk, 100,
                io.quic4j.transport.wire.StatelessResetToken.ofHex("00112233445566778899aabbccddeeff"),
                new java.util.Random(1));
        p.client.receive(junk.flip(), Pipe.SERVER_ADDRESS, p.now);
        assertThat(p.client.isOpen()).isTrue();
    }

    @Test
    void idleTimeoutClosesBothSidesAtTheSmallerOfTheTwoTimeouts() {
        ConnectionConfig c = ConnectionConfig.builder().maxIdleTimeout(java.time.Duration.ofSeconds(30)).build();
        ConnectionConfig s = ConnectionConfig.builder().maxIdleTimeout(java.time.Duration.ofSeconds(5))
                .handshakeTimeout(java.time.Duration.ofSeconds(5)).build();
        Pipe p = new Pipe(c, s).handshake();
        long start = p.now;
        p.runUntil(start + 60_000 * Pipe.MS);
        assertThat(p.client.isClosed()).isTrue();
        assertThat(p.server.isClosed()).isTrue();
        assertThat(p.client.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.IDLE_TIMEOUT);
        assertThat(p.server.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.IDLE_TIMEOUT);
    }

    @Test
    void keepAliveKeepsAnIdleConnectionOpen() {
        ConnectionConfig c = ConnectionConfig.builder().maxIdleTimeout(java.time.Duration.ofSeconds(5))
                .handshakeTimeout(java.time.Duration.ofSeconds(5))
                .keepAlivePeriod(java.time.Duration.ofSeconds(2)).build();
        Pipe p = new Pipe(c, ConnectionConfig.DEFAULTS).handshake();
        p.runUntil(p.now + 600_000 * Pipe.MS);
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.server.isOpen()).isTrue();
    }
}
