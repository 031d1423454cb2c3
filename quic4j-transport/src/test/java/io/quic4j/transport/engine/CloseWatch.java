package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Watches what must not happen while the close and stress tests run: an exception reaching a thread's
 * default uncaught exception handler, or an ERROR (JUL SEVERE) from the engine's logger. System.Logger
 * maps to java.util.logging by default, so a JUL handler on {@code io.quic4j.transport.engine} sees the
 * engine's records; WARNINGs (leaked streams) are kept for the tests that expect them.
 */
final class CloseWatch implements AutoCloseable {
    static final String ENGINE_LOGGER = "io.quic4j.transport.engine";

    private final Thread.UncaughtExceptionHandler previousHandler;
    // JUL keeps loggers weakly: hold it while the handler is installed.
    private final Logger logger = Logger.getLogger(ENGINE_LOGGER);
    private final List<Throwable> uncaught = new ArrayList<>();
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (records) {
                    records.add(r);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CloseWatch() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (uncaught) {
                uncaught.add(e);
            }
            System.err.println("UNCAUGHT on " + t.getName() + ": " + e);
            e.printStackTrace();
        });
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** @return exceptions that reached the default uncaught exception handler */
    List<Throwable> uncaught() {
        synchronized (uncaught) {
            return List.copyOf(uncaught);
        }
    }

    /** @return the engine's SEVERE (System.Logger ERROR) records, as text */
    List<String> errors() {
        return atLeast(Level.SEVERE);
    }

    /** @return the engine's WARNING records, as text */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                if (r.getLevel().intValue() == Level.WARNING.intValue()) {
                    out.add(text(r));
                }
            }
        }
        return out;
    }

    private List<String> atLeast(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                if (r.getLevel().intValue() >= level.intValue()) {
                    out.add(text(r));
                }
            }
        }
        return out;
    }

    private static String text(LogRecord r) {
        String msg = r.getMessage();
        return r.getLevel() + " " + msg + (r.getThrown() == null ? "" : " " + r.getThrown());
    }

    /** @return whether the handler really sees System.Logger output of the engine's logger name */
    boolean seesSystemLogger() {
        int before;
        synchronized (records) {
            before = records.size();
        }
        System.getLogger(ENGINE_LOGGER).log(System.Logger.Level.WARNING, "CloseWatch probe");
        synchronized (records) {
            boolean seen = records.size() > before;
            records.removeIf(r -> "CloseWatch probe".equals(r.getMessage()));
            return seen;
        }
    }

    /** @return the cause behind CompletionException/ExecutionException wrappers */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** @return whether {@code t} is one of the API's explicit stream or connection errors */
    static boolean isExplicit(Throwable t) {
        Throwable c = unwrap(t);
        return c instanceof QuicStreamException || c instanceof QuicConnectionClosedException;
    }

    /** @return a short label for counting: the kind of a stream error, or the exception's class */
    static String label(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof QuicStreamException s) {
            return "QuicStreamException." + s.kind()
                    + (s.errorCode() == 0 ? "" : " 0x" + Long.toHexString(s.errorCode()));
        }
        if (c instanceof QuicConnectionClosedException e) {
            return "QuicConnectionClosedException(" + e.reason().initiator() + ")";
        }
        return c.getClass().getSimpleName();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }
}
