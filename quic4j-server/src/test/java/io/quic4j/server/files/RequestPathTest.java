package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request-target path decoding and normalization (RFC 3986 §2.1, §5.2.4, §6.2.2). */
class RequestPathTest {

    private static RequestPath parse(String target) {
        return RequestPath.parse(target).orElseThrow(() -> new AssertionError("rejected " + target));
    }

    @Test
    void splitsSegmentsAndQuery() {
        RequestPath path = parse("/a/b.html?x=1&y=/..");
        assertThat(path.segments()).containsExactly("a", "b.html");
        assertThat(path.directory()).isFalse();
        assertThat(path.query()).isEqualTo("x=1&y=/..");
    }

    @Test
    void rootIsAnEmptyDirectory() {
        RequestPath path = parse("/");
        assertThat(path.segments()).isEmpty();
        assertThat(path.directory()).isTrue();
        assertThat(path.query()).isNull();
    }

    @Test
    void trailingSlashMarksADirectory() {
        assertThat(parse("/docs/").directory()).isTrue();
        assertThat(parse("/docs").directory()).isFalse();
    }

    // RFC 3986 §5.2.4 examples, applied to absolute paths.
    @Test
    void removesDotSegments() {
        assertThat(parse("/a/b/c/./../../g").segments()).containsExactly("a", "g");
        assertThat(parse("/mid/content=5/../6").segments()).containsExactly("mid", "6");
        assertThat(parse("/a/./b").segments()).containsExactly("a", "b");
    }

    @Test
    void dotSegmentAtTheEndNamesADirectory() {
        assertThat(parse("/a/b/..").segments()).containsExactly("a");
        assertThat(parse("/a/b/..").directory()).isTrue();
        assertThat(parse("/a/.").directory()).isTrue();
    }

    @Test
    void dotDotNeverClimbsAboveTheRoot() {
        assertThat(parse("/../../etc/passwd").segments()).containsExactly("etc", "passwd");
        assertThat(parse("/a/../../../b").segments()).containsExactly("b");
    }

    // RFC 3986 §6.2.2.2: encoded unreserved characters are decoded before dot-segment removal.
    @Test
    void percentEncodedDotsAreDotSegments() {
        assertThat(parse("/%2e%2e/%2E%2e/etc/passwd").segments()).containsExactly("etc", "passwd");
        assertThat(parse("/a/%2e/b").segments()).containsExactly("a", "b");
    }

    @Test
    void emptySegmentsAreDropped() {
        assertThat(parse("//a///b").segments()).containsExactly("a", "b");
    }

    @Test
    void decodesUtf8PercentEscapes() {
        assertThat(parse("/caf%C3%A9/%20x%2By").segments()).containsExactly("café", " x+y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%", "/a%2", "/a%zz", "/a%2g", "/%"})
    void rejectsMalformedPercentEscapes(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%00b", "/a%00"})
    void rejectsEncodedNul(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2Fb", "/a%2fb", "/..%2F..%2Fetc", "/a%5cb", "/a%5C..%5Cb"})
    void rejectsEncodedSlashAndBackslash(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\\b", "/..\\..\\x", "/a b", "/a\tb", "/a\u0000b", "/a#frag", "/é", "/a\u007f"})
    void rejectsCharactersOutsideAPath(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @Test
    void rejectsMalformedUtf8() {
        assertThat(RequestPath.parse("/%C3")).isEmpty();
        assertThat(RequestPath.parse("/%FF%FE")).isEmpty();
        assertThat(RequestPath.parse("/%C0%AE%C0%AE")).isEmpty(); // overlong ".." of old IIS exploits
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "a/b", "http://example.com/a"})
    void rejectsTargetsNotInOriginForm(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @Test
    void directoryTargetIsRebuiltFromSegmentsNotFromTheRawText() {
        assertThat(parse("//evil.example").asDirectoryTarget()).isEqualTo("/evil.example/");
        assertThat(parse("/a/b?q=1").asDirectoryTarget()).isEqualTo("/a/b/?q=1");
        assertThat(parse("/caf%c3%a9/a%20b").asDirectoryTarget()).isEqualTo("/caf%C3%A9/a%20b/");
    }

    @Property
    void normalizedSegmentsAreAlwaysPlainNames(@ForAll("targets") String target) {
        RequestPath.parse(target).ifPresent(path -> assertThat(path.segments()).allSatisfy(segment -> {
            assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
            assertThat(segment).doesNotContain("/", "\\", "\u0000");
        }));
    }

    @Property
    void directoryTargetParsesBackToTheSameSegments(@ForAll("segmentLists") List<String> segments) {
        RequestPath path = new RequestPath(segments, true, null);
        RequestPath again = parse(path.asDirectoryTarget());
        assertThat(again.segments()).isEqualTo(segments);
        assertThat(again.directory()).isTrue();
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.of("/", ".", "..", "%2e", "%2E", "%2f", "%00", "%",
                "%c3%a9", "%ff", "\\", "?", "#", "a", "b.txt", ".git"), Arbitraries.strings().ofMaxLength(3));
        return pieces.list().ofMaxSize(12).map(list -> "/" + String.join("", list));
    }

    @Provide
    Arbitrary<List<String>> segmentLists() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0
                        && s.indexOf('\u0000') < 0
                        && s.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                .list().ofMaxSize(5);
    }
}
