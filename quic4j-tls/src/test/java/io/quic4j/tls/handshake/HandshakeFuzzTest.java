package io.quic4j.tls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Engines fed mutated peer flights: every outcome is a completed step or a {@link TlsAlertException}
 * naming a protocol alert, never internal_error (which would mean malformed input reached code that
 * did not expect it) and never another exception.
 */
class HandshakeFuzzTest {
    private static final TlsEngineConfig CLIENT = HandshakeTest.clientConfig()
            .groups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1)).build();
    private static final TlsEngineConfig SERVER = HandshakeTest.serverConfig("server-ecdsa").build();
    private static final byte[] CLIENT_HELLO;
    static {
        TlsEngine client = TlsEngine.client(CLIENT, "localhost", new byte[]{1}, null);
        client.start(0);
        CLIENT_HELLO = bytes(client.pollOutput(EncryptionLevel.INITIAL));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static void expectAlertOrSuccess(Runnable step, Runnable onSuccess) {
        try {
            step.run();
        } catch (TlsAlertException e) {
            assertThat(e.alert()).as(e.getMessage()).isNotEqualTo(TlsAlert.INTERNAL_ERROR);
            return;
        }
        onSuccess.run();
    }

    /**
     * A step that did not throw either answered or is waiting for the rest of a message whose length
     * the mutation enlarged: no alert was recorded either way.
     */
    private static void assertLive(TlsEngine engine) {
        for (io.quic4j.tls.TlsEvent e; (e = engine.pollEvent()) != null;) {
            assertThat(e).isNotInstanceOf(io.quic4j.tls.TlsEvent.Alert.class);
        }
    }

    @Property(tries = 300)
    void serverSurvivesMutatedClientHello(@ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll byte value) {
        byte[] ch = CLIENT_HELLO.clone();
        ch[position % ch.length] ^= value == 0 ? 1 : value;
        TlsEngine server = TlsEngine.server(SERVER, new byte[]{2});
        expectAlertOrSuccess(() -> server.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(ch), 0),
                () -> assertLive(server));
    }

    @Property(tries = 200)
    void clientSurvivesMutatedServerFlight(@ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll byte value, @ForAll boolean inServerHello) {
        TlsEngine client = TlsEngine.client(CLIENT, "localhost", new byte[]{1}, null);
        client.start(0);
        TlsEngine server = TlsEngine.server(SERVER, new byte[]{2});
        server.receive(EncryptionLevel.INITIAL, client.pollOutput(EncryptionLevel.INITIAL), 0);
        byte[] sh = bytes(server.pollOutput(EncryptionLevel.INITIAL));
        byte[] flight = bytes(server.pollOutput(EncryptionLevel.HANDSHAKE));
        byte[] target = inServerHello ? sh : flight;
        target[position % target.length] ^= value == 0 ? 1 : value;
        expectAlertOrSuccess(() -> {
            client.receive(EncryptionLevel.INITIAL, ByteBuffer.wrap(sh), 0);
            client.receive(EncryptionLevel.HANDSHAKE, ByteBuffer.wrap(flight), 0);
        }, () -> assertLive(client));
    }
}
