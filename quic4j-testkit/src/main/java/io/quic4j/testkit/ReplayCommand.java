package io.quic4j.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the one command line that replays a seeded test for one seed, e.g.
 * {@code mvn -B -pl quic4j-transport -am test -Dtest=HandshakeSimTest#completesUnderLoss -Dquic4j.seed=1234
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>The module comes from the test's working directory (surefire's {@code basedir} property, else
 * {@code user.dir}) relative to the outermost directory above it that still holds a {@code pom.xml}; at the
 * root itself {@code -pl} is left out.
 */
public final class ReplayCommand {
    private ReplayCommand() {
    }

    /**
     * The replay command for a test method and seed, for the module the tests run in.
     *
     * @param testClass the test class
     * @param methodName the test method's name
     * @param seed the seed to replay
     * @return the command line
     */
    public static String of(Class<?> testClass, String methodName, long seed) {
        return of(moduleDirectory(), testClass, methodName, seed);
    }

    /**
     * The replay command for a test method and seed, for the module at {@code modulePath} (relative to the
     * project root; empty for the root).
     *
     * @param modulePath the module's path relative to the root, with {@code /} separators
     * @param testClass the test class
     * @param methodName the test method's name
     * @param seed the seed to replay
     * @return the command line
     */
    public static String of(String modulePath, Class<?> testClass, String methodName, long seed) {
        StringBuilder b = new StringBuilder("mvn -B");
        if (!modulePath.isEmpty()) {
            b.append(" -pl ").append(modulePath).append(" -am");
        }
        // Surefire's -Dtest takes the class's simple name; a nested class is Outer$Inner.
        String className = testClass.getName().substring(testClass.getPackageName().length()
                + (testClass.getPackageName().isEmpty() ? 0 : 1));
        b.append(" test -Dtest=").append(quoteIfNeeded(className + "#" + methodName)).append(" -D")
                .append(Seeds.SEED_PROPERTY).append('=').append(seed)
                .append(" -Dsurefire.failIfNoSpecifiedTests=false");
        return b.toString();
    }

    /**
     * The module the tests run in, relative to the project root.
     *
     * @return a path with {@code /} separators, empty at the root
     */
    public static String moduleDirectory() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        Path module = Path.of(base).toAbsolutePath().normalize();
        Path root = module;
        while (root.getParent() != null && Files.isRegularFile(root.getParent().resolve("pom.xml"))) {
            root = root.getParent();
        }
        return root.relativize(module).toString().replace('\\', '/');
    }

    private static String quoteIfNeeded(String s) {
        return s.contains("$") ? "'" + s + "'" : s;
    }
}
