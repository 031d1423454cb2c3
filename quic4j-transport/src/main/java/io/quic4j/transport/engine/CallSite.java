package io.quic4j.transport.engine;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the application code that called into the API, for warnings about leaked handles (DESIGN.md §3).
 * A {@link StackWalker} stops at the first frame outside quic4j's transport, so this costs a few frames, not
 * a whole stack trace.
 */
final class CallSite {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final URL OWN_LOCATION = location(CallSite.class);

    private CallSite() {
    }

    /** @return "class.method(file:line)" of the first caller outside this module's engine and API */
    static String capture() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(s -> s.filter(CallSite::isApplication).findFirst());
        return frame.map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                + f.getLineNumber() + ") on thread " + Thread.currentThread().getName())
                .orElse("an unknown place on thread " + Thread.currentThread().getName());
    }

    private static boolean isApplication(StackWalker.StackFrame f) {
        String c = f.getClassName();
        if (c.startsWith("java.")) {
            return false;
        }
        // Only our own classes are skipped: code loaded from elsewhere in these packages (the engine's tests)
        // is the application.
        boolean ours = c.startsWith("io.quic4j.transport.engine.") || c.startsWith("io.quic4j.transport.Quic");
        return !ours || !Objects.equals(location(f.getDeclaringClass()), OWN_LOCATION);
    }

    private static URL location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
