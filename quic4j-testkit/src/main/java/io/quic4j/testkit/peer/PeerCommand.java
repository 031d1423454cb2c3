package io.quic4j.testkit.peer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A command line to run as a {@link PeerProcess}: a short name for its log files, the arguments (the first is
 * the executable), extra environment variables, and the working directory.
 *
 * <pre>{@code
 * PeerCommand cmd = PeerCommand.of("echo", "/bin/echo", "hello").withEnvironment("LC_ALL", "C");
 * }</pre>
 *
 * @param name a short name, used in log file names and messages
 * @param argv the executable and its arguments; not empty
 * @param environment variables added to the inherited environment
 * @param directory the working directory, or {@code null} for the current one
 */
public record PeerCommand(String name, List<String> argv, Map<String, String> environment, Path directory) {

    /** Validates and copies. */
    public PeerCommand {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "name must be 1 to 64 letters, digits, '.', '_' or '-' (it names log files), got '" + name + "'");
        }
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least the executable");
        }
        environment = Map.copyOf(environment);
    }

    /**
     * A command with no extra environment, run in the current directory.
     *
     * @param name a short name for log files
     * @param argv the executable and its arguments
     * @return the command
     */
    public static PeerCommand of(String name, String... argv) {
        return new PeerCommand(name, List.of(argv), Map.of(), null);
    }

    /**
     * This command with one more environment variable.
     *
     * @param key the variable
     * @param value its value
     * @return a new command
     */
    public PeerCommand withEnvironment(String key, String value) {
        var env = new HashMap<>(environment);
        env.put(key, value);
        return new PeerCommand(name, argv, env, directory);
    }

    /**
     * This command run in another directory.
     *
     * @param dir the working directory
     * @return a new command
     */
    public PeerCommand withDirectory(Path dir) {
        return new PeerCommand(name, argv, environment, dir);
    }

    /**
     * The command as a shell would show it, for messages: environment first, arguments quoted when needed.
     *
     * @return a printable command line
     */
    public String commandLine() {
        String env = environment.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" "));
        String args = argv.stream().map(PeerCommand::quote).collect(Collectors.joining(" "));
        return env.isEmpty() ? args : env + " " + args;
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9._/:=,@+%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
