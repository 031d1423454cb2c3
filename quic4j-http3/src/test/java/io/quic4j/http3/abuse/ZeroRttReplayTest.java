package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Handler;
import io.quic4j.transport.QuicConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 0-RTT replay of non-idempotent requests (RFC 9114 §10.9, RFC 8470, RFC 9001 §9.2). The server never accepts early
 * data: the transport builds its TLS engine without session-ticket keys, so it sends no NewSessionTicket, a client
 * has no PSK to resume with, and no 0-RTT key can exist on the server; 0-RTT packets are dropped undecrypted. So a
 * request is only ever executed from 1-RTT data, once per stream: 425 Too Early is never needed. This test shows it
 * from the server's own qlog: no CRYPTO frame in any 1-RTT packet it sent (no ticket), no 0-RTT packet it processed,
 * while an attacker sprays forged 0-RTT datagrams carrying a POST and a good client keeps being served.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ZeroRttReplayTest {
    @TempDir
    Path dir;

    private final AtomicInteger transfers = new AtomicInteger();

    private final Http3Handler handler = (request, response) -> {
        if (request.method().equals("POST") && request.path().equals("/transfer")) {
            request.body().readAllBytes();
            transfers.incrementAndGet();
        }
        response.send(200, "text/plain", "done".getBytes(StandardCharsets.UTF_8));
    };

    /** A long-header 0-RTT packet for QUIC v1 (RFC 9000 §17.2.3) whose payload is junk (no key can open it). */
    private static byte[] forgedZeroRtt(SplittableRandom random) {
        ByteBuffer b = ByteBuffer.allocate(1200);
        b.put((byte) 0xd3).putInt(1); // long header, fixed bit, type 0-RTT (v1), 4-byte packet number
        byte[] cid = new byte[8];
        random.nextBytes(cid);
        b.put((byte) 8).put(cid);
        random.nextBytes(cid);
        b.put((byte) 8).put(cid);
        int length = b.remaining() - 2;
        b.putShort((short) (0x4000 | length));
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        byte[] request = "POST /transfer".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(request, 0, payload, 4, request.length);
        b.put(payload);
        return b.array();
    }

    @Test
    void earlyDataIsNeverAcceptedSoARequestRunsOnlyFromOneRttData() throws Exception {
        Path qlog = Files.createDirectories(dir.resolve("qlog"));
        QuicConfig quic = AttackHarness.quicConfig().toBuilder().qlogDirectory(qlog).build();
        try (AttackHarness h = AttackHarness.start(dir, AttackHarness.config().quicConfig(quic).build(), handler)) {
            long before = h.warmUpAndMeasure();
            h.underGoodTraffic(() -> {
                // One legitimate POST over 1-RTT...
                try (Abuser a = h.abuser()) {
                    a.control();
                    var s = a.bidi();
                    s.write(Abuser.headers(s.id(), Abuser.request("POST", "/transfer")));
                    s.write(Abuser.data("amount=100".getBytes(StandardCharsets.US_ASCII)));
                    s.finish();
                    assertThat(Abuser.readResponse(s).status()).isEqualTo(200);
                }
                // ...then an attacker replays "early data": 0-RTT packets the server has no key for.
                SplittableRandom random = new SplittableRandom(9114);
                try (DatagramSocket udp = new DatagramSocket()) {
                    for (int i = 0; i < 500; i++) {
                        byte[] p = forgedZeroRtt(random);
                        udp.send(new DatagramPacket(p, p.length, h.server.localAddress()));
                    }
                }
            });
            assertThat(transfers.get()).as("POSTs executed").isEqualTo(1);
            assertNoTicketAndNoZeroRtt(qlog); // in a method: the qlog lines are not retained heap
            h.assertHeapReturned(before);
        }
    }

    private static void assertNoTicketAndNoZeroRtt(Path qlog) throws Exception {
        List<String> server = serverQlogLines(qlog);
        // The filters below can match: the log has 1-RTT packets, and CRYPTO frames in the handshake's packets.
        assertThat(server).anyMatch(l -> l.contains("quic:packet_sent") && l.contains("\"1RTT\""));
        assertThat(server).anyMatch(l -> l.contains("quic:packet_sent") && l.contains("\"crypto\""));
        // RFC 8446 §4.6.1: no NewSessionTicket (a CRYPTO frame after the handshake), so nothing to resume with.
        assertThat(server).filteredOn(l -> l.contains("quic:packet_sent") && l.contains("\"1RTT\"")
                && l.contains("\"crypto\"")).as("CRYPTO frames in 1-RTT packets the server sent").isEmpty();
        // RFC 9001 §4.6: no 0-RTT keys, so no 0-RTT packet was ever processed.
        assertThat(server).filteredOn(l -> l.contains("quic:packet_received") && l.contains("\"0RTT\""))
                .as("0-RTT packets the server processed").isEmpty();
    }

    private static List<String> serverQlogLines(Path qlog) throws Exception {
        try (Stream<Path> files = Files.list(qlog)) {
            return files.filter(f -> f.getFileName().toString().endsWith("_server.sqlog")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
