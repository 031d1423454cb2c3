package io.quic4j.transport.connection;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.function.Supplier;

/**
 * The connection's log lines (DESIGN.md §7): {@link System.Logger}, each line prefixed with the role and our
 * connection ID so one connection can be followed through a busy log. Messages are built only when the level
 * is enabled.
 */
final class ConnectionLog {
    private static final Logger LOG = System.getLogger("io.quic4j.transport.connection");

    private ConnectionLog() {
    }

    static void debug(ConnectionState s, Supplier<String> message) {
        log(Level.DEBUG, s, message);
    }

    static void warning(ConnectionState s, Supplier<String> message) {
        log(Level.WARNING, s, message);
    }

    private static void log(Level level, ConnectionState s, Supplier<String> message) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, s.role.name().toLowerCase(java.util.Locale.ROOT) + " " + s.localCid + ": " + message.get());
        }
    }
}
