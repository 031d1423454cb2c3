package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever a client sends, StaticFiles answers, and only with files under the root. */
class StaticFilesPropertyTest {
    private static Path temp;
    private static Path root;
    private static StaticFiles files;

    @BeforeContainer
    static void tree() throws IOException {
        temp = Files.createTempDirectory("quic4j-static-files");
        root = Files.createDirectory(temp.resolve("root"));
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.writeString(root.resolve("a"), "a");
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/index.html"), "index");
        Files.writeString(root.resolve(".secret"), "hidden");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("d/up"), root.getParent());
        files = new StaticFiles(root);
    }

    @AfterContainer
    static void removeTree() throws IOException {
        try (Stream<Path> paths = Files.walk(temp)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property
    void answersEveryTargetAndServesOnlyFilesUnderTheRoot(@ForAll("targets") String target,
            @ForAll("methods") String method, @ForAll("fields") List<Header> fields) throws IOException {
        FileResponse response = files.serve(new FileRequest(method, target, fields));
        assertThat(response.status()).isIn(200, 206, 301, 304, 400, 404, 405, 412, 416);
        if (response.body() instanceof Body.FileRegion(Path file, long offset, long length)) {
            assertThat(file.startsWith(root.toRealPath())).isTrue();
            assertThat(file.getFileName().toString()).doesNotStartWith(".");
            assertThat(offset + length).isLessThanOrEqualTo(Files.size(file));
        }
        if (response.status() == 301) {
            assertThat(response.header("location")).isPresent().get().asString().startsWith("/")
                    .doesNotStartWith("//");
        }
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("/", "a", "d", "out", "up", "secret", ".secret", ".",
                        "..", "%2e", "%2E%2e", "%2f", "%00", "%", "%zz", "?", "#", "index.html", "\\"),
                Arbitraries.strings().ofMaxLength(3));
        return pieces.list().ofMaxSize(10).map(list -> "/" + String.join("", list));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "HEAD", "POST", "get");
    }

    @Provide
    Arbitrary<List<Header>> fields() {
        Arbitrary<String> names = Arbitraries.of("range", "if-range", "if-none-match", "if-match", "if-modified-since",
                "if-unmodified-since");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("bytes=0-0", "bytes=-1", "bytes=5-", "bytes=1-0",
                "*", "\"x\"", "W/\"x\"", "Sun, 06 Nov 1994 08:49:37 GMT", "Thu, 01 Jan 2099 00:00:00 GMT"),
                Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(names, values).as(Header::new).list().ofMaxSize(4);
    }
}
