package io.quic4j.tls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.tls.ClientAuth;
import io.quic4j.tls.EarlyDataReplayGuard;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.SessionTicket;
import io.quic4j.tls.SessionTicketKeys;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.TlsEvent;
import io.quic4j.tls.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz targets for the TLS engines (RFC 8446 §4, RFC 9001 §4): the server fed a fuzzed client flight, the
 * client fed a fuzzed server flight. Without {@code JAZZER_FUZZ} they replay {@code
 * TlsEngineFuzzTestInputs/<method>}; {@code build/fuzz.sh tls-server} and {@code tls-client} fuzz them.
 *
 * <p>Both engines draw from a seeded {@link SecureRandom}, so each run of a scenario produces the same hellos, key
 * shares and signatures: a flight recorded from a real exchange (the seeds, see {@link #recordFlights}) is still
 * valid when replayed, and the fuzzer starts from a complete handshake (key exchange, certificate, CertificateVerify,
 * Finished, tickets) rather than stopping at the first random field.
 *
 * <p>Input: byte 0 picks the {@link Scenario}; then chunks of {@code [level, length (2 bytes), bytes]}, each handed
 * to {@link TlsEngine#receive} at {@code EncryptionLevel.values()[level % 4]} (so a message may be split or arrive
 * at the wrong level). After each chunk the engine's output and events are drained.
 *
 * <p>Properties: every step either makes progress (no {@link TlsEvent.Alert} reported) or throws {@link
 * TlsAlertException} with a protocol alert, never internal_error (the engine's wrapping of an unexpected exception:
 * malformed input reached code that did not expect it) and never any other exception.
 */
class TlsEngineFuzzTest {
    /** The clock both sides see. */
    static final long NOW = 1_800_000_000_000L;
    private static final byte[] CLIENT_TP = {1, 2, 3};
    private static final byte[] SERVER_TP = {4, 5, 6, 7};
    private static final TlsEngineConfig CLIENT = TlsEngineConfig.builder().applicationProtocols(List.of("h3"))
            .trustManager(TestPki.trust()).build();
    private static final TlsEngineConfig SERVER = TlsEngineConfig.builder().applicationProtocols(List.of("h3"))
            .credentials(TestPki.credentials("server-ecdsa")).trustManager(TestPki.trust()).build();

    /** What the two engines are configured for. */
    enum Scenario {
        /** A full handshake with the default groups (X25519MLKEM768 first). */
        FULL,
        /** The server wants P-256, which the client supports but did not send a share for: HelloRetryRequest. */
        HELLO_RETRY,
        /** The server requires a client certificate: CertificateRequest, the client's Certificate and Verify. */
        CLIENT_AUTH,
        /** The client resumes a ticket the server issued and sends 0-RTT: pre_shared_key, early_data. */
        RESUMPTION;

        static Scenario of(byte b) {
            return values()[(b & 0xff) % values().length];
        }

        TlsEngine client() {
            TlsEngineConfig.Builder b = CLIENT.toBuilder().random(seeded(1));
            return switch (this) {
                case FULL -> TlsEngine.client(b.build(), "localhost", CLIENT_TP, null);
                case HELLO_RETRY -> TlsEngine.client(b.groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1))
                        .build(), "localhost", CLIENT_TP, null);
                case CLIENT_AUTH -> TlsEngine.client(b.credentials(TestPki.credentials("client-ecdsa")).build(),
                        "localhost", CLIENT_TP, null);
                case RESUMPTION -> TlsEngine.client(b.earlyData(true).build(), "localhost", CLIENT_TP,
                        Tickets.TICKET);
            };
        }

        TlsEngine server() {
            TlsEngineConfig.Builder b = SERVER.toBuilder().random(seeded(2));
            TlsEngine server = switch (this) {
                case FULL -> TlsEngine.server(b.build(), SERVER_TP);
                case HELLO_RETRY -> TlsEngine.server(b.groups(List.of(NamedGroup.SECP256R1)).build(), SERVER_TP);
                case CLIENT_AUTH -> TlsEngine.server(b.clientAuth(ClientAuth.REQUIRED).build(), SERVER_TP);
                case RESUMPTION -> TlsEngine.server(resumingServer(b).build(), SERVER_TP);
            };
            server.setTicketData(new byte[]{9});
            return server;
        }
    }

    /** A server that issues tickets under fixed keys and accepts 0-RTT (a fresh replay guard per run). */
    private static TlsEngineConfig.Builder resumingServer(TlsEngineConfig.Builder b) {
        return b.sessionTicketKeys(new SessionTicketKeys(seeded(3), 1)).earlyData(true)
                .replayGuard(EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 100));
    }

    /** The ticket the RESUMPTION client holds: issued once by a deterministic full handshake. */
    private static final class Tickets {
        static final SessionTicket TICKET;
        static {
            TlsEngine client = TlsEngine.client(CLIENT.toBuilder().random(seeded(4)).earlyData(true).build(),
                    "localhost", CLIENT_TP, null);
            TlsEngine server = TlsEngine.server(resumingServer(SERVER.toBuilder().random(seeded(5))).build(),
                    SERVER_TP);
            server.setTicketData(new byte[]{9});
            exchange(client, server, NOW - 60_000, new ByteArrayOutputStream(), new ByteArrayOutputStream());
            SessionTicket ticket = null;
            for (TlsEvent e; (e = client.pollEvent()) != null;) {
                if (e instanceof TlsEvent.NewSessionTicket t) {
                    ticket = t.ticket();
                }
            }
            TICKET = ticket;
        }
    }

    /** A SecureRandom whose output depends only on {@code seed}. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed); // before any output: replaces the OS seed (SUN provider)
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void server(byte[] input) {
        if (input.length == 0) {
            return;
        }
        feed(Scenario.of(input[0]).server(), input);
    }

    @FuzzTest
    void client(byte[] input) {
        if (input.length == 0) {
            return;
        }
        TlsEngine client = Scenario.of(input[0]).client();
        client.start(NOW);
        drain(client);
        feed(client, input);
    }

    private static void feed(TlsEngine engine, byte[] input) {
        ByteBuffer script = ByteBuffer.wrap(input, 1, input.length - 1);
        while (script.remaining() >= 3) {
            EncryptionLevel level = EncryptionLevel.values()[(script.get() & 0xff) % 4];
            int length = Math.min(script.getShort() & 0xffff, script.remaining());
            ByteBuffer chunk = script.slice(script.position(), length);
            script.position(script.position() + length);
            try {
                engine.receive(level, chunk, NOW);
            } catch (TlsAlertException e) {
                assertThat(e.alert()).as("%s", e).withFailMessage(() -> stackOf(e))
                        .isNotEqualTo(TlsAlert.INTERNAL_ERROR);
                return;
            }
            assertThat(chunk.hasRemaining()).as("receive consumed the chunk").isFalse();
            drain(engine);
        }
    }

    private static String stackOf(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return "internal_error: " + w;
    }

    /** Takes everything the engine wrote and reported; a step that did not throw reported no alert. */
    private static void drain(TlsEngine engine) {
        for (EncryptionLevel level : EncryptionLevel.values()) {
            engine.pollOutput(level);
        }
        for (TlsEvent e; (e = engine.pollEvent()) != null;) {
            assertThat(e).isNotInstanceOf(TlsEvent.Alert.class);
        }
    }

    /**
     * Runs a deterministic exchange between the scenario's engines and records what each side received, in the
     * fuzz input format: the seeds.
     *
     * @param scenario the scenario
     * @return {@code [what the server received, what the client received]}
     */
    static byte[][] recordFlights(Scenario scenario) {
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        toServer.write(scenario.ordinal());
        toClient.write(scenario.ordinal());
        TlsEngine client = scenario.client();
        TlsEngine server = scenario.server();
        exchange(client, server, NOW, toServer, toClient);
        assertThat(client.isHandshakeComplete()).as("client completes %s", scenario).isTrue();
        assertThat(server.isHandshakeComplete()).as("server completes %s", scenario).isTrue();
        return new byte[][]{toServer.toByteArray(), toClient.toByteArray()};
    }

    /** Moves handshake bytes both ways until neither side writes, logging each delivery as a chunk. */
    private static void exchange(TlsEngine client, TlsEngine server, long now, ByteArrayOutputStream toServer,
            ByteArrayOutputStream toClient) {
        client.start(now);
        boolean moved = true;
        while (moved) {
            moved = move(client, server, now, toServer) | move(server, client, now, toClient);
        }
    }

    private static boolean move(TlsEngine from, TlsEngine to, long now, ByteArrayOutputStream log) {
        boolean moved = false;
        for (EncryptionLevel level : EncryptionLevel.values()) {
            ByteBuffer out = from.pollOutput(level);
            if (out == null || !out.hasRemaining()) {
                continue;
            }
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            log.write(level.ordinal());
            log.write(bytes.length >> 8);
            log.write(bytes.length);
            log.writeBytes(bytes);
            to.receive(level, ByteBuffer.wrap(bytes), now);
            moved = true;
        }
        return moved;
    }

    /** The seeds are only useful if replaying them reaches the end of the handshake: they must stay in step. */
    @Test
    void recordedFlightsReplayToACompleteHandshake() {
        for (Scenario scenario : Scenario.values()) {
            byte[][] flights = recordFlights(scenario);
            TlsEngine server = scenario.server();
            feed(server, flights[0]);
            assertThat(server.isHandshakeComplete()).as("server replay of %s", scenario).isTrue();
            TlsEngine client = scenario.client();
            client.start(NOW);
            drain(client);
            feed(client, flights[1]);
            assertThat(client.isHandshakeComplete()).as("client replay of %s", scenario).isTrue();
        }
    }
}
