package io.quic4j.transport.qlog;

import io.quic4j.transport.connection.ConnectionTracer;
import io.quic4j.transport.wire.Role;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One qlog file per connection in a directory, as QLOGDIR asks (draft-ietf-quic-qlog-main-schema, "Set file
 * output destination via an environment variable"): {@code <dir>/<original destination connection ID in
 * hex>_<client|server>.sqlog}, in JSON Text Sequences ({@code .sqlog}, "qlog to JSON Text Sequences mapping").
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder()
 *         .tracers(QlogDirectory.fromEnvironment().orElse(ConnectionTracer.Factory.NONE))
 *         .build();
 * }</pre>
 *
 * <p>Opening a file is the only I/O, and it happens in the factory, when a connection is created. A file that
 * cannot be opened means that connection is not traced; that is logged through {@link System.Logger} (once
 * per directory, so a full disk does not flood the log) and never thrown into the connection.
 */
public final class QlogDirectory {
    /** The environment variable naming the directory. */
    public static final String QLOGDIR = "QLOGDIR";

    private static final Logger LOG = System.getLogger("io.quic4j.transport.qlog");

    private QlogDirectory() {
    }

    /**
     * @param dir the directory; created if missing (with its parents) when the first connection starts
     * @return a factory writing one {@code .sqlog} file per connection into {@code dir}
     */
    public static ConnectionTracer.Factory factory(Path dir) {
        return factory(dir, Clock.systemUTC());
    }

    /**
     * @param dir the directory
     * @param wallClock stamps each trace's reference_time.wall_clock_time when its connection starts
     * @return a factory writing one {@code .sqlog} file per connection into {@code dir}
     */
    public static ConnectionTracer.Factory factory(Path dir, Clock wallClock) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(wallClock, "wallClock");
        AtomicBoolean warned = new AtomicBoolean();
        return (role, odcid, now) -> {
            Path file = dir.resolve(odcid + "_" + (role == Role.CLIENT ? "client" : "server") + ".sqlog");
            QlogWriter writer;
            try {
                Files.createDirectories(dir);
                writer = new QlogWriter(new BufferedWriter(
                        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16));
            } catch (IOException | RuntimeException e) {
                if (warned.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "qlog: cannot write " + file + "; connections are not traced", e);
                }
                return ConnectionTracer.NONE;
            }
            return new QlogTracer(writer, role, odcid, now, Optional.of(wallClock.instant()), file.toString());
        };
    }

    /**
     * @return a factory for the directory in the {@value #QLOGDIR} environment variable, if it is set and not
     *         blank
     */
    public static Optional<ConnectionTracer.Factory> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * @param environment the variables to read (the process environment in {@link #fromEnvironment()})
     * @return a factory for the directory in {@value #QLOGDIR}, if it is set and not blank
     */
    public static Optional<ConnectionTracer.Factory> fromEnvironment(Map<String, String> environment) {
        String dir = environment.get(QLOGDIR);
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(factory(Path.of(dir)));
    }
}
