package io.quic4j.testkit.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a capture of QUIC traffic with {@code tshark} (Debian's {@code tshark} package), decrypting it
 * with a TLS key log (NSS format, as written through {@code SSLKEYLOGFILE}), and summarizes what a test
 * checks: how many QUIC packets, whether 1-RTT packets were decrypted, and which datagrams are malformed or
 * carry an expert error.
 *
 * <pre>{@code
 * QuicDecode d = Tshark.decode(pcap, keylog, port);
 * assertThat(d.oneRttDecrypted()).isTrue();
 * assertThat(d.problems()).isEmpty();
 * }</pre>
 */
public final class Tshark {
    /** Where Debian puts {@code tshark}. */
    public static final String BINARY = "/usr/bin/tshark";

    /** The Debian package providing {@link #BINARY}. */
    public static final String PACKAGE = "tshark";

    /** The display filter selecting malformed datagrams and expert errors. */
    public static final String PROBLEM_FILTER = "_ws.malformed || _ws.expert.severity == error";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Tshark() {
    }

    /**
     * Decodes {@code pcap}, dissecting UDP on {@code udpPort} as QUIC.
     *
     * @param pcap the capture; tshark's output files are written next to it
     * @param keylog the TLS key log, or {@code null} to decode without secrets (only Initial packets are then
     *        readable)
     * @param udpPort the server's UDP port
     * @return the summary
     * @throws PeerUnavailableException when tshark is missing and cannot be installed
     * @throws PeerException when tshark fails, with its output
     */
    public static QuicDecode decode(Path pcap, Path keylog, int udpPort) {
        Path tshark = DebianPackages.ensure(BINARY, PACKAGE);
        Path logs = pcap.toAbsolutePath().getParent(); // tshark's output files sit next to the capture
        List<String> base = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString()));
        if (keylog != null) {
            base.addAll(List.of("-o", "tls.keylog_file:" + keylog));
        }
        base.addAll(List.of("-d", "udp.port==" + udpPort + ",quic"));

        String text = run(base, List.of(), logs);
        String fields = run(base, List.of("-Y", "quic", "-T", "fields", "-E", "separator=|", "-e", "frame.number",
                "-e", "quic.header_form", "-e", "quic.frame_type"), logs);
        String problems = run(base, List.of("-Y", PROBLEM_FILTER), logs);

        int datagrams = 0;
        int packets = 0;
        int shortHeader = 0;
        boolean oneRttDecrypted = false;
        Set<Long> frameTypes = new HashSet<>();
        for (String line : fields.lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 3 || f[1].isBlank()) {
                continue;
            }
            datagrams++;
            String[] forms = f[1].split(",");
            int shortInDatagram = 0;
            for (String form : forms) {
                packets++;
                if (form.trim().equals("0")) {
                    shortInDatagram++;
                }
            }
            shortHeader += shortInDatagram;
            List<Long> types = parseTypes(f[2]);
            frameTypes.addAll(types);
            // RFC 9001 §5: 1-RTT packets need the application secrets; frames read from a datagram holding
            // only short-header packets prove they were decrypted.
            if (shortInDatagram == forms.length && !types.isEmpty()) {
                oneRttDecrypted = true;
            }
        }
        List<String> problemLines = problems.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
        return new QuicDecode(text, datagrams, packets, shortHeader, oneRttDecrypted, frameTypes, problemLines);
    }

    private static List<Long> parseTypes(String field) {
        List<Long> types = new ArrayList<>();
        for (String t : field.split(",")) {
            String s = t.trim();
            if (!s.isEmpty()) {
                try {
                    types.add(Long.decode(s));
                } catch (NumberFormatException e) {
                    // a name instead of a number in another tshark version: not a frame type we can count
                }
            }
        }
        return types;
    }

    private static String run(List<String> base, List<String> more, Path logs) {
        List<String> argv = new ArrayList<>(base);
        argv.addAll(more);
        try (PeerProcess p = PeerProcess.run(new PeerCommand("tshark", argv, Map.of(), null), logs, TIMEOUT)) {
            if (p.waitFor(Duration.ZERO).orElse(-1) != 0) {
                throw new PeerException("tshark failed: " + p.describe());
            }
            return p.stdout();
        }
    }
}
