package io.quic4j.transport.engine;

import io.quic4j.tls.KeyLogger;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends TLS secrets to a file in the {@code SSLKEYLOGFILE} format, for Wireshark and tshark. Shared by
 * every loop of an endpoint; a handshake logs six lines, so a monitor around each line costs nothing that
 * matters. An I/O error is logged once and turns logging off; it never fails a handshake.
 */
final class KeyLogFile implements KeyLogger {
    private static final System.Logger LOG = System.getLogger("io.quic4j.transport.engine");
    private final Path path;
    private BufferedWriter out;
    private boolean failed;

    KeyLogFile(Path path) {
        this.path = path;
        LOG.log(Level.WARNING, () -> "TLS secrets are logged to " + path
                + " (SSLKEYLOGFILE): anyone with the file can decrypt the traffic");
    }

    @Override
    public synchronized void log(String line) {
        if (failed) {
            return;
        }
        try {
            if (out == null) {
                out = Files.newBufferedWriter(path, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failed = true;
            LOG.log(Level.WARNING, "cannot write the TLS key log " + path + "; key logging is off", e);
        }
    }

    /** Closes the file; a later line opens it again. */
    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the TLS key log failed", e);
            }
            out = null;
        }
    }
}
