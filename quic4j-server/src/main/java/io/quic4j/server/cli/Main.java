package io.quic4j.server.cli;

import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code quic4j}: the command line of the quic4j web server. {@code bin/quic4j} runs it.
 *
 * <pre>
 * quic4j serve [--root DIR] [--listen HOST:PORT] [--cert PEM --key PEM] [--grace SECONDS]
 * quic4j get URL [-o FILE] [--cacert PEM | --insecure] [-s] [-i] [-f] [--max-time SECONDS]
 * </pre>
 */
@Command(name = "quic4j", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "QUIC and HTTP/3 for Java.", subcommands = {
        ServeCommand.class,
        GetCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Creates the top-level command; picocli fills it. */
    public Main() {
    }

    /**
     * Runs the command line and exits with its status: 0 on success, 2 for a usage error.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line, for tests and {@link #main} */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /**
     * @param stdout where {@code get} writes bodies (tests capture it; picocli's {@code getOut} is a text writer)
     * @return the command line
     */
    static CommandLine commandLine(OutputStream stdout) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == GetCommand.class ? type.cast(new GetCommand(stdout)) : defaults.create(type);
            }
        });
    }

    @Override
    public void run() {
        // No subcommand: say what there is, as a usage error.
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command, such as 'serve'");
    }
}
