package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer address change after the handshake (RFC 9000 §9.3, §8.2): NAT rebinding of the client. */
class MigrationTest {
    static final InetSocketAddress REBOUND = new InetSocketAddress("127.0.0.1", 40001);

    static int total(List<ByteBuffer> datagrams) {
        return datagrams.stream().mapToInt(ByteBuffer::remaining).sum();
    }

    /** A handshake, then a stream the server has a lot to send on. */
    static Pipe withPendingServerData(long[] streamId) {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        p.server.write(id, ByteBuffer.wrap(new byte[200_000]), true);
        streamId[0] = id;
        return p;
    }

    @Test
    void serverFollowsTheClientToItsNewAddressWithinThreeTimesUntilValidated() {
        long[] id = new long[1];
        Pipe p = withPendingServerData(id);
        p.client.write(id[0], ByteBuffer.wrap(new byte[]{2}), false);
        List<ByteBuffer> fromClient = p.drain(p.client);
        int received = 0;
        for (ByteBuffer d : fromClient) {
            received += d.remaining();
            p.server.receive(d, REBOUND, p.now);
        }
        // Everything now goes to the new address, and no more than 3x what arrived from it (RFC 9000 §9.3.1).
        ByteBuffer out = ByteBuffer.allocate(1500);
        int sent = 0;
        List<ByteBuffer> toNew = new java.util.ArrayList<>();
        for (InetSocketAddress to; (to = p.server.send(out.clear(), p.now)) != null;) {
            assertThat(to).isEqualTo(REBOUND);
            sent += out.position();
            toNew.add(Pipe.copy(List.of(out.flip())).getFirst());
        }
        assertThat(sent).isPositive().isLessThanOrEqualTo(3 * received);
        // The client answers the PATH_CHALLENGE; once the answer arrives the limit is gone.
        p.deliver(toNew, p.client);
        for (ByteBuffer d : p.drain(p.client)) {
            p.server.receive(d, REBOUND, p.now);
        }
        int after = 0;
        for (InetSocketAddress to; (to = p.server.send(out.clear(), p.now)) != null;) {
            assertThat(to).isEqualTo(REBOUND);
            after += out.position();
        }
        assertThat(after).as("validated: the window, not 3x, limits now").isGreaterThan(3 * received);
    }

    @Test
    void pathChallengeAndResponseDatagramsAreExpandedTo1200Bytes() {
        long[] id = new long[1];
        Pipe p = withPendingServerData(id);
        // Nothing else to send on the new path but the challenge: the server's window is spent on data, so
        // read what arrived first; then move the client.
        p.flight();
        p.client.write(id[0], ByteBuffer.wrap(new byte[]{3}), false);
        int received = 0;
        for (ByteBuffer d : p.drain(p.client)) {
            received += d.remaining();
            p.server.receive(d, REBOUND, p.now);
        }
        ByteBuffer out = ByteBuffer.allocate(1500);
        List<Integer> sizes = new java.util.ArrayList<>();
        List<ByteBuffer> sent = new java.util.ArrayList<>();
        for (InetSocketAddress to; (to = p.server.send(out.clear(), p.now)) != null;) {
            sizes.add(out.position());
            sent.add(Pipe.copy(List.of(out.flip())).getFirst());
        }
        // RFC 9000 §8.2.1: the challenge's datagram is 1200 bytes unless 3x of what arrived is less.
        assertThat(sizes.getFirst()).isEqualTo(Math.min(1200, 3 * received));
        // The client's answer (PATH_RESPONSE) is padded too (§8.2.2).
        p.deliver(sent, p.client);
        List<ByteBuffer> answer = p.drain(p.client);
        assertThat(answer).isNotEmpty();
        assertThat(answer.getFirst().remaining()).isGreaterThanOrEqualTo(1200);
    }

    /**
     * RFC 9000 §9.3: "an endpoint MUST limit the amount of data it sends to the unvalidated address to three
     * times the amount of data received from that address". A migrating client may probe first (ngtcp2 sends
     * two padded PATH_CHALLENGE-only packets from its new port, then a small non-probing one): the bytes of
     * the probes came from that address too, so they count, and the server's PATH_RESPONSE and PATH_CHALLENGE
     * go out expanded to 1200 bytes (§8.2.1, §8.2.2) instead of within three times the last small datagram.
     */
    @Test
    void probingDatagramsFromTheNewAddressCountTowardsItsAmplificationLimit() {
        Pipe p = new Pipe().handshake();
        p.flight();
        // A first PATH_CHALLENGE on the old path takes the client's pending ACK (a non-probing frame) along.
        p.client.state().control.queue(new io.quic4j.transport.wire.frame.PathChallengeFrame(1));
        p.deliver(p.drain(p.client), p.server);
        // Two probing packets (PATH_CHALLENGE, expanded to 1200 bytes) from the new address: not followed yet.
        List<ByteBuffer> probes = new java.util.ArrayList<>();
        for (long data = 2; data <= 3; data++) {
            p.client.state().control.queue(new io.quic4j.transport.wire.frame.PathChallengeFrame(data));
            probes.addAll(p.drain(p.client));
        }
        assertThat(probes).hasSize(2).allSatisfy(d -> assertThat(d.remaining()).isGreaterThanOrEqualTo(1200));
        for (ByteBuffer d : probes) {
            p.server.receive(d, REBOUND, p.now);
        }
        assertThat(p.server.state().path.migrations()).as("probing packets do not move the path").isZero();
        // Then a small non-probing packet from there: the server follows the client.
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        List<ByteBuffer> small = p.drain(p.client);
        assertThat(small).hasSize(1);
        assertThat(small.getFirst().remaining()).isLessThan(400);
        p.server.receive(small.getFirst(), REBOUND, p.now);

        ByteBuffer out = ByteBuffer.allocate(1500);
        InetSocketAddress to = p.server.send(out.clear(), p.now);
        assertThat(to).isEqualTo(REBOUND);
        assertThat(out.position()).as("the first datagram to the new address, with PATH_RESPONSE and PATH_CHALLENGE")
                .isGreaterThanOrEqualTo(1200);
    }

    /**
     * RFC 9000 §8.2.1: "When an endpoint is unable to expand the datagram size to 1200 bytes due to the
     * anti-amplification limit, the path MTU will not be validated. To ensure that the path MTU is large enough,
     * the endpoint MUST perform a second path validation by sending a PATH_CHALLENGE frame in a datagram of at
     * least 1200 bytes." A NAT rebinding shows up as one small packet (ngtcp2's --nat-rebinding: a 32-byte
     * ACK), so the server's first challenge is limited to three times that.
     */
    @Test
    void aChallengeLimitedBelow1200BytesIsFollowedByASecondValidationWith1200Bytes() {
        Pipe p = new Pipe().handshake();
        p.flight();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        List<ByteBuffer> small = p.drain(p.client);
        assertThat(small).hasSize(1);
        p.server.receive(small.getFirst(), REBOUND, p.now);
        List<ByteBuffer> limited = p.drain(p.server);
        assertThat(limited).isNotEmpty();
        assertThat(limited.getFirst().remaining()).isEqualTo(3 * small.getFirst().remaining()).isLessThan(1200);
        p.deliver(limited, p.client);
        for (ByteBuffer d : p.drain(p.client)) {
            p.server.receive(d, REBOUND, p.now);
        }
        // The address is validated, and a second validation with a full-size challenge is under way.
        assertThat(p.server.state().amplification.validated()).isTrue();
        assertThat(p.server.state().path.validating()).isTrue();
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(p.server.send(out, p.now)).isEqualTo(REBOUND);
        assertThat(out.position()).isGreaterThanOrEqualTo(1200);
        p.deliver(List.of(out.flip()), p.client);
        for (ByteBuffer d : p.drain(p.client)) {
            p.server.receive(d, REBOUND, p.now);
        }
        assertThat(p.server.state().path.validating()).isFalse();
        assertThat(p.server.state().path.abandoned()).isFalse();
        assertThat(p.server.state().path.challengesSent()).isEqualTo(1);
    }

    @Test
    void clientIgnoresPacketsFromAnUnknownServerAddress() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        p.server.write(id, ByteBuffer.wrap(new byte[]{9}), false);
        long dropped = p.client.stats().packetsDropped();
        for (ByteBuffer d : p.drain(p.server)) {
            // RFC 9000 §9: "If a client receives packets from an unknown server address, the client MUST discard
            // these packets."
            p.client.receive(d, new InetSocketAddress("127.0.0.2", 4433), p.now);
        }
        assertThat(p.client.stats().packetsDropped()).isGreaterThan(dropped);
        assertThat(p.client.read(id, ByteBuffer.allocate(10))).isZero();
    }
}
