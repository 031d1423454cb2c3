package io.quic4j.tls.openssl;

import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEvent;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal TLS 1.3 record layer (RFC 8446 §5) around a {@link TlsEngine}, over a socket: test code
 * only, to handshake with {@code openssl s_server}/{@code s_client} and exchange application data.
 * Handshake bytes at {@link EncryptionLevel#INITIAL} go in plaintext records; other levels use the
 * traffic secrets the engine reports. ChangeCipherSpec records (middlebox compatibility) are ignored.
 */
final class TlsOverTcp implements AutoCloseable {
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;
    private static final int ALERT = 21;
    private static final int CHANGE_CIPHER_SPEC = 20;

    /** The peer sent an alert. */
    static final class PeerAlert extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        final int description;

        PeerAlert(int description) {
            super("peer sent alert " + description + " (" + TlsAlert.fromCode(description) + ")");
            this.description = description;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final TlsEngine engine;
    final List<TlsEvent> events = new ArrayList<>();
    private final Map<EncryptionLevel, RecordProtection> writeKeys = new EnumMap<>(EncryptionLevel.class);
    private RecordProtection readKey;
    private EncryptionLevel readLevel = EncryptionLevel.INITIAL;
    private EncryptionLevel writeLevel = EncryptionLevel.INITIAL;
    private long now = System.currentTimeMillis();

    TlsOverTcp(Socket socket, TlsEngine engine) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.engine = engine;
    }

    /** Runs the handshake to completion, or throws the engine's or the peer's alert. */
    void handshake() throws IOException {
        try {
            if (engine.isClient()) {
                engine.start(now);
                flush();
            }
            while (!engine.isHandshakeComplete()) {
                readRecord(true);
            }
            flush();
        } catch (TlsAlertException e) {
            sendAlert(e.alert());
            throw e;
        }
    }

    /**
     * Reads records until application data arrives (feeding post-handshake messages to the engine).
     *
     * @return the data, or {@code null} at close_notify / end of stream
     */
    byte[] readApplicationData() throws IOException {
        while (true) {
            byte[] data = readRecord(false);
            if (data != null) {
                return data.length == 0 ? null : data;
            }
        }
    }

    void writeApplicationData(byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += 16384) {
            writeRecord(EncryptionLevel.ONE_RTT, APPLICATION_DATA, data, off, Math.min(16384, data.length - off));
        }
        out.flush();
    }

    private void sendAlert(TlsAlert alert) {
        try {
            byte[] body = {2, (byte) alert.code()};
            writeRecord(writeLevel, ALERT, body, 0, 2);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // best effort: the peer may already be gone
        }
    }

    /** @return application data, an empty array at EOF/close_notify, or {@code null} for other records */
    private byte[] readRecord(boolean handshaking) throws IOException {
        byte[] header = new byte[5];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            if (handshaking) {
                throw new EOFException("peer closed during the handshake");
            }
            return new byte[0];
        }
        int type = header[0] & 0xff;
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        if (length > 16384 + 256) {
            throw new IOException("record of " + length + " bytes");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        switch (type) {
            case CHANGE_CIPHER_SPEC -> {
                return null;
            }
            case ALERT -> throw new PeerAlert(body[1] & 0xff);
            case HANDSHAKE -> {
                feed(EncryptionLevel.INITIAL, body);
                return null;
            }
            case APPLICATION_DATA -> {
                if (readKey == null) {
                    throw new IOException("encrypted record before keys");
                }
                byte[] inner;
                try {
                    inner = readKey.open(header, body);
                } catch (GeneralSecurityException e) {
                    throw new IOException("record does not decrypt (bad_record_mac)", e);
                }
                int innerType = inner[inner.length - 1] & 0xff;
                byte[] content = java.util.Arrays.copyOf(inner, inner.length - 1);
                return switch (innerType) {
                    case HANDSHAKE -> {
                        feed(readLevel, content);
                        yield null;
                    }
                    case ALERT -> {
                        if (content[1] == 0) {
                            yield new byte[0]; // close_notify
                        }
                        throw new PeerAlert(content[1] & 0xff);
                    }
                    case APPLICATION_DATA -> content;
                    default -> throw new IOException("inner content type " + innerType);
                };
            }
            default -> throw new IOException("record type " + type);
        }
    }

    private void feed(EncryptionLevel level, byte[] content) throws IOException {
        try {
            engine.receive(level, ByteBuffer.wrap(content), now);
        } catch (TlsAlertException e) {
            drainEvents();
            sendAlert(e.alert());
            throw e;
        }
        flush();
    }

    private void drainEvents() {
        for (TlsEvent e; (e = engine.pollEvent()) != null;) {
            events.add(e);
            if (e instanceof TlsEvent.TrafficSecret t) {
                RecordProtection p = new RecordProtection(t.cipherSuite(), t.secret());
                if (t.direction() == TlsEvent.Direction.READ) {
                    readKey = p;
                    readLevel = t.level();
                } else {
                    writeKeys.put(t.level(), p);
                }
            }
        }
    }

    private void flush() throws IOException {
        drainEvents();
        for (EncryptionLevel level : EncryptionLevel.values()) {
            ByteBuffer bytes = engine.pollOutput(level);
            if (bytes != null) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                for (int off = 0; off < b.length; off += 16384) {
                    writeRecord(level, HANDSHAKE, b, off, Math.min(16384, b.length - off));
                }
            }
        }
        out.flush();
    }

    private void writeRecord(EncryptionLevel level, int type, byte[] content, int off, int len) throws IOException {
        writeLevel = level;
        if (level == EncryptionLevel.INITIAL) {
            out.write(new byte[]{(byte) type, 3, 3, (byte) (len >>> 8), (byte) len});
            out.write(content, off, len);
            return;
        }
        RecordProtection p = writeKeys.get(level);
        if (p == null) {
            throw new IOException("no write key at " + level);
        }
        try {
            out.write(p.seal(type, content, off, len));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Sends close_notify (best effort) and closes the socket. */
    @Override
    public void close() throws IOException {
        if (writeKeys.containsKey(EncryptionLevel.ONE_RTT)) {
            try {
                writeRecord(EncryptionLevel.ONE_RTT, ALERT, new byte[]{1, 0}, 0, 2);
                out.flush();
            } catch (IOException e) {
                // the peer may have closed first
            }
        }
        socket.close();
    }
}
