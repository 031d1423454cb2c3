package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9000 §8.1: before the client's address is validated, a server sends at most 3x what it received. */
class AmplificationTest {

    static int total(List<ByteBuffer> datagrams) {
        return datagrams.stream().mapToInt(ByteBuffer::remaining).sum();
    }

    @Test
    void unvalidatedServerNeverSendsMoreThanThreeTimesWhatItReceivedEvenAcrossProbes() {
        Pipe p = new Pipe();
        int received = total(p.clientFlight());
        long sent = 0;
        // Everything the client sends from now on is lost: the server only has its PTO to send again.
        for (int i = 0; i < 30; i++) {
            sent += total(Pipe.drop(p.drain(p.server)));
            Pipe.drop(p.drain(p.client));
            assertThat(sent).isLessThanOrEqualTo(3L * received);
            p.advanceToNextTimer();
        }
        assertThat(sent).as("the server answered at all").isGreaterThan(received);
    }

    @Test
    void serverIsUnlimitedOnceAHandshakePacketValidatesTheClient() {
        Pipe p = new Pipe().handshake();
        // After validation the server may send well beyond 3x: a large response moves.
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), true);
        p.flight();
        byte[] big = new byte[200_000];
        byte[] got = DataTransferTest.transfer(p, p.server, p.client, id, big);
        assertThat(got).hasSize(big.length);
    }
}
