package io.quic4j.tls;

/**
 * Receives secrets in the NSS key log format that {@code SSLKEYLOGFILE} uses, one line per secret:
 * {@code <label> <client_random hex> <secret hex>}, with the labels CLIENT_EARLY_TRAFFIC_SECRET,
 * CLIENT_HANDSHAKE_TRAFFIC_SECRET, SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0,
 * SERVER_TRAFFIC_SECRET_0 and EXPORTER_SECRET. Wireshark and tshark read the file to decrypt QUIC.
 *
 * <p>The engine calls this on its own thread while handshaking; an implementation that writes a
 * file should hand the line off rather than block. Anyone holding these lines can decrypt the
 * connection: enable it for debugging only.
 */
@FunctionalInterface
public interface KeyLogger {
    /**
     * @param line one key log line, without a line terminator
     */
    void log(String line);
}
