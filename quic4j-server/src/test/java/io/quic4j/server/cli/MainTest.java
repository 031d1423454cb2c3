package io.quic4j.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/** The command line's parsing: listen addresses, option pairs, and usage errors exiting 2 with a reason. */
class MainTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listenAcceptsIpv4HostNamesAndBracketedIpv6() {
        assertThat(ListenAddress.parse("127.0.0.1:4433"))
                .isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 4433));
        assertThat(ListenAddress.parse("[::1]:0")).isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
        assertThat(ListenAddress.parse("[::]:4433").getAddress().isAnyLocalAddress()).isTrue();
        assertThat(ListenAddress.parse("localhost:80").getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void listenRefusesWhatIsNotHostColonPort() {
        for (String bad : new String[]{"4433", ":4433", "::1:4433", "127.0.0.1:x", "127.0.0.1:65536",
                "127.0.0.1:-1"}) {
            assertThatThrownBy(() -> ListenAddress.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void originNamesLocalhostForAWildcardAndBracketsIpv6() {
        assertThat(ServeCommand.origin(ListenAddress.parse("0.0.0.0:4433"))).isEqualTo("localhost:4433");
        assertThat(ServeCommand.origin(ListenAddress.parse("[::1]:4433"))).isEqualTo("[0:0:0:0:0:0:0:1]:4433");
        assertThat(ServeCommand.origin(ListenAddress.parse("127.0.0.1:8443"))).isEqualTo("127.0.0.1:8443");
    }

    @Test
    void certWithoutKeyIsAUsageError() {
        Run r = run("serve", "--cert", "cert.pem", "--listen", "127.0.0.1:0");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--cert and --key go together");
    }

    @Test
    void aRootThatIsNotADirectoryIsAUsageError() {
        Run r = run("serve", "--root", "/nonexistent/quic4j", "--listen", "127.0.0.1:0");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a directory");
    }

    @Test
    void anUnreadableCertificateIsAUsageErrorNamingTheFiles() {
        Run r = run("serve", "--cert", "/nonexistent/cert.pem", "--key", "/nonexistent/key.pem", "--listen",
                "127.0.0.1:0");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot use --cert /nonexistent/cert.pem");
    }

    @Test
    void anAddressInUseIsReportedWithExit1() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, InetAddress.ofLiteral("127.0.0.1"))) {
            Run r = run("serve", "--listen", "127.0.0.1:" + taken.getLocalPort());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("cannot listen on UDP 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void noCommandIsAUsageErrorNamingServe() {
        Run r = run();

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("serve");
    }

    @Test
    void versionNamesQuic4jAndTheJdk() {
        Run r = run("--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("quic4j ", "Java " + Runtime.version().feature());
    }

    @Test
    void serveHelpListsItsOptions() {
        Run r = run("serve", "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--root", "--listen", "--cert", "--key", "--grace", "0.0.0.0:4433");
    }
}
