package io.quic4j.tls.message;

import java.nio.ByteBuffer;
import java.util.List;

/** Valid messages and helpers for codec tests. */
final class Samples {
    private Samples() {
    }

    static ByteBuffer bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    static ClientHello clientHello() {
        return new ClientHello(0x0303, bytes(32, 7), bytes(0, 0), List.of(0x1301, 0x1302), bytes(1, 0),
                Extensions.of(new ServerNameExtension("example.com"), new SupportedVersionsClientHello(List.of(0x0304)),
                        new SupportedGroupsExtension(List.of(0x1d, 0x17)),
                        new SignatureAlgorithmsExtension(List.of(0x0403, 0x0804)),
                        new KeyShareClientHello(List.of(new KeyShareEntry(0x1d, bytes(32, 9)))),
                        new AlpnExtension(List.of("h3")), new TransportParametersExtension(bytes(3, 1)),
                        new PskKeyExchangeModesExtension(List.of(1)), new EarlyDataExtension(),
                        new PreSharedKeyClientHello(List.of(new PskIdentity(bytes(40, 3), 12345)),
                                List.of(bytes(32, 4)))));
    }

    static ServerHello serverHello() {
        return new ServerHello(0x0303, bytes(32, 5), bytes(0, 0), 0x1301, 0,
                Extensions.of(new SupportedVersionsServerHello(0x0304),
                        new KeyShareServerHello(new KeyShareEntry(0x1d, bytes(32, 6))),
                        new PreSharedKeyServerHello(0)));
    }

    static ServerHello helloRetryRequest() {
        return new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, bytes(0, 0), 0x1301, 0,
                Extensions.of(new SupportedVersionsServerHello(0x0304), new KeyShareHelloRetryRequest(0x17),
                        new CookieExtension(bytes(5, 1))));
    }

    static List<HandshakeMessage> all() {
        return List.of(clientHello(), serverHello(), helloRetryRequest(),
                new EncryptedExtensions(Extensions.of(new AlpnExtension(List.of("h3")),
                        new TransportParametersExtension(bytes(4, 2)), new ServerNameExtension(null),
                        new EarlyDataExtension())),
                new CertificateRequest(bytes(0, 0), Extensions.of(new SignatureAlgorithmsExtension(List.of(0x0403)))),
                new CertificateMessage(bytes(0, 0), List.of(new CertificateEntry(bytes(100, 1), Extensions.NONE))),
                new CertificateVerify(0x0403, bytes(70, 2)), new Finished(bytes(32, 3)),
                new NewSessionTicket(3600, 77, bytes(8, 1), bytes(60, 2),
                        Extensions.of(new EarlyDataTicketExtension(0xffffffffL))),
                new EndOfEarlyData(), new KeyUpdate(1));
    }

    /** Decodes a full encoding (header + body). */
    static HandshakeMessage decode(byte[] encoded) {
        return HandshakeMessage.decode(encoded[0] & 0xff, ByteBuffer.wrap(encoded, 4, encoded.length - 4));
    }

    /** Builds a message body by hand. */
    static ByteBuffer body(java.util.function.Consumer<TlsWriter> writer) {
        TlsWriter w = new TlsWriter();
        writer.accept(w);
        return w.toBuffer();
    }
}
