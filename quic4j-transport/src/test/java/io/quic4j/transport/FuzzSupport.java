package io.quic4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;

/**
 * Checks shared by the Jazzer fuzz targets ({@code *FuzzTest} classes next to each parser): a bound on
 * how much a decode may allocate, so that no length or count field read from the wire can make a parser
 * allocate by its value rather than by the size of the input.
 */
public final class FuzzSupport {
    /**
     * Fixed allowance per input: exceptions (their stack traces are deep under JUnit and Jazzer), messages,
     * records, and the odd class loaded on first use.
     */
    private static final long FIXED_ALLOWANCE = 256 * 1024;
    /** Allowance per input byte: records and arrays proportional to what was actually read. */
    private static final long PER_INPUT_BYTE = 64;

    private static final Method ALLOCATED_BYTES;
    private static final Object THREAD_BEAN;
    private static final Method LOADED_CLASSES;
    private static final Object CLASS_LOADING_BEAN;

    static {
        Method method = null;
        Object bean = null;
        try {
            // Reflectively: the module under test does not read jdk.management.
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            method = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            method.invoke(bean);
        } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
            method = null;
        }
        ALLOCATED_BYTES = method;
        THREAD_BEAN = bean;
        Method loaded = null;
        Object classBean = null;
        try {
            classBean = Class.forName("java.lang.management.ManagementFactory").getMethod("getClassLoadingMXBean")
                    .invoke(null);
            loaded = Class.forName("java.lang.management.ClassLoadingMXBean").getMethod("getTotalLoadedClassCount");
            loaded.invoke(classBean);
        } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
            loaded = null;
        }
        LOADED_CLASSES = loaded;
        CLASS_LOADING_BEAN = classBean;
    }

    private FuzzSupport() {
    }

    /** @return bytes allocated so far by the current thread, or -1 where HotSpot does not say */
    public static long allocatedBytes() {
        if (ALLOCATED_BYTES == null) {
            return -1;
        }
        try {
            return (long) ALLOCATED_BYTES.invoke(THREAD_BEAN);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /**
     * @return how many classes the JVM has loaded so far, or -1 where it does not say; a change across a measured
     *         run means its allocation count includes class loading and, under Jazzer, instrumentation (megabytes
     *         once per class), not just the code under test
     */
    public static long loadedClasses() {
        if (LOADED_CLASSES == null) {
            return -1;
        }
        try {
            return (long) LOADED_CLASSES.invoke(CLASS_LOADING_BEAN);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /**
     * Runs a decode twice and fails if the second run allocated more than a parser of {@code inputLength}
     * bytes has any reason to. The first run is not measured: it loads classes and, under Jazzer, has them
     * instrumented, which allocates megabytes once.
     *
     * @param decode the decode, catching the parser's own exception
     * @param inputLength the number of input bytes the decode is given
     * @param what the parser, for the failure message
     */
    public static void assertAllocationBounded(Runnable decode, int inputLength, String what) {
        decode.run();
        long before = allocatedBytes();
        decode.run();
        if (before < 0) {
            return;
        }
        long allocated = allocatedBytes() - before;
        assertThat(allocated).as("%s allocated %d bytes for a %d-byte input", what, allocated, inputLength)
                .isLessThanOrEqualTo(FIXED_ALLOWANCE + PER_INPUT_BYTE * inputLength);
    }
}
