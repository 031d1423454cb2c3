package io.quic4j.tls.handshake;

import io.quic4j.tls.message.CertificateMessage;
import io.quic4j.tls.message.CertificateRequest;
import io.quic4j.tls.message.ClientHello;
import io.quic4j.tls.message.EncryptedExtensions;
import io.quic4j.tls.message.Extensions;
import io.quic4j.tls.message.HandshakeMessage;
import io.quic4j.tls.message.MessageContext;
import io.quic4j.tls.message.NewSessionTicket;
import io.quic4j.tls.message.ServerHello;
import io.quic4j.tls.message.TlsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of the TLS fuzz targets ({@link TlsEngineFuzzTest}, {@code
 * io.quic4j.tls.message.HandshakeMessageFuzzTest}) from real, deterministic exchanges: every flight of every
 * {@link TlsEngineFuzzTest.Scenario}, whole and cut into small chunks, and every message and extension block in
 * them. The seeds are committed under {@code src/test/resources}; rerun this when a wire form changes, from the
 * repository root:
 *
 * <pre>{@code
 * mvn -B -q -o test -pl quic4j-tls -am -Dtest=TlsFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dquic4j.fuzzSeeds=$PWD/quic4j-tls/src/test/resources
 * }</pre>
 */
class TlsFuzzSeeds {

    @Test
    @EnabledIfSystemProperty(named = "quic4j.fuzzSeeds", matches = ".+")
    void write() throws IOException {
        Path root = Path.of(System.getProperty("quic4j.fuzzSeeds"), "io", "quic4j", "tls");
        Path server = root.resolve("handshake/TlsEngineFuzzTestInputs/server");
        Path client = root.resolve("handshake/TlsEngineFuzzTestInputs/client");
        Path messages = root.resolve("message/HandshakeMessageFuzzTestInputs/decode");
        Path extensions = root.resolve("message/HandshakeMessageFuzzTestInputs/extensions");
        Map<String, byte[]> allMessages = new LinkedHashMap<>();
        for (TlsEngineFuzzTest.Scenario scenario : TlsEngineFuzzTest.Scenario.values()) {
            String name = scenario.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            byte[][] flights = TlsEngineFuzzTest.recordFlights(scenario);
            write(server, name, flights[0]);
            write(server, name + "-chunked", chunked(flights[0], 97));
            write(client, name, flights[1]);
            write(client, name + "-chunked", chunked(flights[1], 97));
            splitMessages(name + "-from-client", flights[0], allMessages);
            splitMessages(name + "-from-server", flights[1], allMessages);
        }
        // The two messages QUIC never sends (RFC 9001 §6, §8.3), so no exchange produced them.
        allMessages.put("key-update", new byte[]{24, 1});
        allMessages.put("end-of-early-data", new byte[]{5});
        for (Map.Entry<String, byte[]> m : allMessages.entrySet()) {
            write(messages, m.getKey(), m.getValue());
            byte[] value = m.getValue();
            HandshakeMessage message = HandshakeMessage.decode(value[0] & 0xff,
                    ByteBuffer.wrap(value, 1, value.length - 1));
            Extensions block = null;
            MessageContext ctx = null;
            switch (message) {
                case ClientHello ch -> {
                    block = ch.extensions();
                    ctx = MessageContext.CLIENT_HELLO;
                }
                case ServerHello sh -> {
                    block = sh.extensions();
                    ctx = sh.isHelloRetryRequest() ? MessageContext.HELLO_RETRY_REQUEST : MessageContext.SERVER_HELLO;
                }
                case EncryptedExtensions ee -> {
                    block = ee.extensions();
                    ctx = MessageContext.ENCRYPTED_EXTENSIONS;
                }
                case CertificateRequest cr -> {
                    block = cr.extensions();
                    ctx = MessageContext.CERTIFICATE_REQUEST;
                }
                case CertificateMessage c when !c.entries().isEmpty() -> {
                    block = c.entries().getFirst().extensions();
                    ctx = MessageContext.CERTIFICATE;
                }
                case NewSessionTicket t -> {
                    block = t.extensions();
                    ctx = MessageContext.NEW_SESSION_TICKET;
                }
                default -> {
                    // No extension block.
                }
            }
            if (block != null) {
                TlsWriter w = new TlsWriter();
                w.u8(ctx.ordinal());
                block.encode(w);
                write(extensions, m.getKey(), w.toByteArray());
            }
        }
    }

    /** Splits a recorded flight into its handshake messages, as {@code [msg_type, body]}. */
    private static void splitMessages(String prefix, byte[] flight, Map<String, byte[]> out) {
        ByteBuffer script = ByteBuffer.wrap(flight, 1, flight.length - 1);
        int n = 0;
        while (script.hasRemaining()) {
            script.get();
            int length = script.getShort() & 0xffff;
            ByteBuffer chunk = script.slice(script.position(), length);
            script.position(script.position() + length);
            while (chunk.hasRemaining()) {
                int type = chunk.get() & 0xff;
                int bodyLength = (chunk.get() & 0xff) << 16 | (chunk.get() & 0xff) << 8 | chunk.get() & 0xff;
                byte[] m = new byte[1 + bodyLength];
                m[0] = (byte) type;
                chunk.get(m, 1, bodyLength);
                out.put(prefix + "-" + n++ + "-type" + type, m);
            }
        }
    }

    /** The same flight with every chunk cut into pieces of at most {@code size} bytes. */
    private static byte[] chunked(byte[] flight, int size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(flight[0]);
        ByteBuffer script = ByteBuffer.wrap(flight, 1, flight.length - 1);
        while (script.hasRemaining()) {
            int level = script.get();
            int length = script.getShort() & 0xffff;
            for (int at = 0; at < length; at += size) {
                int piece = Math.min(size, length - at);
                out.write(level);
                out.write(piece >> 8);
                out.write(piece);
                out.write(flight, script.position() + at, piece);
            }
            script.position(script.position() + length);
        }
        return out.toByteArray();
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), Arrays.copyOf(bytes, bytes.length));
    }
}
