package io.quic4j.transport.engine;

import java.util.Optional;

/**
 * Names the application code that called into the API, for warnings about leaked handles (DESIGN.md §3).
 * A {@link StackWalker} stops at the first frame outside quic4j's transport, so this costs a few frames, not
 * a whole stack trace.
 */
final class CallSite {
    private static final StackWalker WALKER = StackWalker.getInstance();

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
        return !c.startsWith("io.quic4j.transport.engine.") && !c.startsWith("io.quic4j.transport.Quic")
                && !c.startsWith("java.");
    }
}
