package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mapping requests to files under a root, and the answers (RFC 9110 §13, §14, §15). */
class StaticFilesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MODIFIED = Instant.parse("2025-06-01T12:00:00.123Z");
    private static final String MODIFIED_DATE = "Sun, 01 Jun 2025 12:00:00 GMT";
    private static final String HELLO = "hello world\n";

    @TempDir
    Path temp;
    Path root;
    Path outside;
    StaticFiles files;
    String helloEtag;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectory(temp.resolve("root"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        write("hello.txt", HELLO);
        write("index.html", "<h1>home</h1>");
        write("docs/index.html", "<h1>docs</h1>");
        Files.createDirectory(root.resolve("empty"));
        write(".env", "TOKEN=1");
        write(".git/config", "[core]");
        write("a/.hidden/x.txt", "x");
        write("with space.txt", "s");
        write("café.txt", "c");
        write("empty.bin", "");
        Files.createSymbolicLink(root.resolve("link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-dir-out"), outside);
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
        Files.createDirectory(root.resolve("indexed-out"));
        Files.createSymbolicLink(root.resolve("indexed-out/index.html"), outside.resolve("secret.txt"));
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MODIFIED));
        long nanos = Files.getLastModifiedTime(root.resolve("hello.txt")).to(TimeUnit.NANOSECONDS);
        helloEtag = "\"" + Long.toHexString(HELLO.length()) + "-" + Long.toHexString(nanos) + "\"";
        files = new StaticFiles(root, HiddenFiles.DENY, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private FileResponse get(String target, String... fields) {
        return request("GET", target, fields);
    }

    private FileResponse request(String method, String target, String... fields) {
        Header[] headers = new Header[fields.length / 2];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = new Header(fields[2 * i], fields[2 * i + 1]);
        }
        return files.serve(new FileRequest(method, target, List.of(headers)));
    }

    private Body.FileRegion region(FileResponse response) {
        assertThat(response.body()).isInstanceOf(Body.FileRegion.class);
        return (Body.FileRegion) response.body();
    }

    private Path real(String name) throws IOException {
        return root.resolve(name).toRealPath();
    }

    @Test
    void servesAFileWithTypeLengthAndValidators() throws IOException {
        FileResponse response = get("/hello.txt");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsExactly(new Header("content-type", "text/plain; charset=utf-8"),
                new Header("content-length", "12"), new Header("etag", helloEtag),
                new Header("last-modified", MODIFIED_DATE), new Header("accept-ranges", "bytes"));
        assertThat(response.body()).isEqualTo(new Body.FileRegion(real("hello.txt"), 0, 12));
    }

    @Test
    void headerNamesAreLowercase() {
        assertThat(get("/hello.txt").headers()).allSatisfy(h -> assertThat(h.name()).isLowerCase());
        assertThat(new Header("Content-Type", "x").name()).isEqualTo("content-type");
    }

    // RFC 9110 §9.3.2: HEAD is GET without content; the same fields, Content-Length included.
    @Test
    void headSendsTheSameFieldsWithoutContent() {
        FileResponse head = request("HEAD", "/hello.txt");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).isEqualTo(get("/hello.txt").headers());
        assertThat(head.body()).isInstanceOf(Body.None.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "CONNECT", "get", "head"})
    void otherMethodsGet405WithAllow(String method) {
        FileResponse response = request(method, "/hello.txt");
        assertThat(response.status()).isEqualTo(405);
        // RFC 9110 §15.5.6: the origin server MUST generate an Allow header field in a 405.
        assertThat(response.header("allow")).contains("GET, HEAD");
        assertThat(response.body()).isInstanceOf(Body.None.class);
    }

    @Test
    void rootServesItsIndex() throws IOException {
        FileResponse response = get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).contains("text/html; charset=utf-8");
        assertThat(region(response).file()).isEqualTo(real("index.html"));
    }

    @Test
    void directoryWithSlashServesItsIndex() throws IOException {
        assertThat(region(get("/docs/")).file()).isEqualTo(real("docs/index.html"));
        assertThat(region(get("/docs/./")).file()).isEqualTo(real("docs/index.html"));
    }

    @Test
    void directoryWithoutSlashRedirectsToIt() {
        FileResponse response = get("/docs?lang=en");
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).contains("/docs/?lang=en");
        assertThat(response.body()).isInstanceOf(Body.None.class);
    }

    @Test
    void redirectCannotPointAtAnotherHost() {
        FileResponse response = get("//docs");
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).contains("/docs/");
    }

    @Test
    void directoryWithoutIndexIsNotListed() {
        assertThat(get("/empty/").status()).isEqualTo(404);
    }

    @Test
    void fileNamedAsADirectoryIsNotFound() {
        assertThat(get("/hello.txt/").status()).isEqualTo(404);
    }

    @Test
    void missingFileIsNotFound() {
        FileResponse response = get("/nope.html");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isInstanceOf(Body.None.class);
    }

    @Test
    void decodesPercentEscapesInNames() throws IOException {
        assertThat(region(get("/with%20space.txt")).file()).isEqualTo(real("with space.txt"));
        assertThat(region(get("/caf%C3%A9.txt")).file()).isEqualTo(real("café.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hello%2Etxt%00", "/a%2Fhello.txt", "/%zz", "/..%5Chello.txt", "/hello.txt#x", "relative"})
    void malformedPathsAreBadRequests(String target) {
        FileResponse response = get(target);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isInstanceOf(Body.None.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/a/../../outside/secret.txt",
            "/..%2f..%2foutside/secret.txt"})
    void dotSegmentsCannotLeaveTheRoot(String target) {
        FileResponse response = get(target);
        assertThat(response.status()).isIn(400, 404);
        assertThat(response.body()).isInstanceOf(Body.None.class);
    }

    @Test
    void dotDotStaysInsideTheRoot() throws IOException {
        assertThat(region(get("/../../hello.txt")).file()).isEqualTo(real("hello.txt"));
    }

    @Test
    void symbolicLinkOutOfTheRootIsNotFound() {
        assertThat(get("/link-out.txt").status()).isEqualTo(404);
        assertThat(get("/link-dir-out/secret.txt").status()).isEqualTo(404);
        assertThat(get("/link-dir-out/").status()).isEqualTo(404);
    }

    @Test
    void indexLinkedOutOfTheRootIsNotFound() {
        assertThat(get("/indexed-out/").status()).isEqualTo(404);
    }

    @Test
    void symbolicLinkInsideTheRootIsServedWithItsRequestedName() throws IOException {
        FileResponse response = get("/alias.txt");
        assertThat(region(response).file()).isEqualTo(real("hello.txt"));
        assertThat(response.header("content-type")).contains("text/plain; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.env", "/.git/config", "/a/.hidden/x.txt", "/%2egit/config", "/.git/"})
    void hiddenSegmentsAreDeniedByDefault(String target) {
        assertThat(get(target).status()).isEqualTo(404);
    }

    @Test
    void hiddenFilesAreServedWhenAllowed() throws IOException {
        files = new StaticFiles(root, HiddenFiles.ALLOW, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(region(get("/.env")).file()).isEqualTo(real(".env"));
        assertThat(region(get("/a/.hidden/x.txt")).file()).isEqualTo(real("a/.hidden/x.txt"));
    }

    // RFC 9110 §8.8.2.1: no Last-Modified later than the time the message originates.
    @Test
    void lastModifiedInTheFutureIsCappedAtNow() throws IOException {
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(get("/hello.txt").header("last-modified")).contains("Thu, 01 Jan 2026 00:00:00 GMT");
    }

    @Test
    void etagChangesWithTheFile() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello world!\n");
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MODIFIED));
        assertThat(get("/hello.txt").header("etag")).isPresent().get().isNotEqualTo(helloEtag);
    }

    @Test
    void notFoundRootIsRejected() {
        assertThatThrownBy(() -> new StaticFiles(temp.resolve("missing"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StaticFiles(root.resolve("hello.txt")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- conditional requests, RFC 9110 §13 ---

    // RFC 9110 §13.1.2 and §15.4.5: a matching If-None-Match on GET is 304, carrying the ETag, no content.
    @Test
    void ifNoneMatchWithTheCurrentTagIsNotModified() {
        FileResponse response = get("/hello.txt", "if-none-match", helloEtag);
        assertThat(response.status()).isEqualTo(304);
        assertThat(response.headers()).containsExactly(new Header("etag", helloEtag));
        assertThat(response.body()).isInstanceOf(Body.None.class);
        assertThat(request("HEAD", "/hello.txt", "if-none-match", helloEtag).status()).isEqualTo(304);
    }

    // RFC 9110 §13.1.2: If-None-Match uses the weak comparison.
    @Test
    void ifNoneMatchComparesWeakly() {
        assertThat(get("/hello.txt", "if-none-match", "\"x\", W/" + helloEtag).status()).isEqualTo(304);
    }

    @Test
    void ifNoneMatchStarMatchesAnExistingFile() {
        assertThat(get("/hello.txt", "if-none-match", "*").status()).isEqualTo(304);
    }

    @Test
    void ifNoneMatchWithAnotherTagServesTheFile() {
        assertThat(get("/hello.txt", "if-none-match", "\"other\"").status()).isEqualTo(200);
    }

    // RFC 9110 §13.2.2 step 4 runs only "when If-None-Match is not present".
    @Test
    void ifNoneMatchOverridesIfModifiedSince() {
        assertThat(get("/hello.txt", "if-none-match", "\"other\"", "if-modified-since", MODIFIED_DATE).status())
                .isEqualTo(200);
    }

    // RFC 9110 §13.1.3: false (304) if the last modification is earlier than or equal to the date.
    @Test
    void ifModifiedSinceTheLastModificationIsNotModified() {
        assertThat(get("/hello.txt", "if-modified-since", MODIFIED_DATE).status()).isEqualTo(304);
        assertThat(get("/hello.txt", "if-modified-since", "Sun, 01 Jun 2025 12:00:01 GMT").status()).isEqualTo(304);
        assertThat(get("/hello.txt", "if-modified-since", "Sunday, 01-Jun-25 12:00:00 GMT").status()).isEqualTo(304);
    }

    @Test
    void ifModifiedSinceAnEarlierDateServesTheFile() {
        assertThat(get("/hello.txt", "if-modified-since", "Sun, 01 Jun 2025 11:59:59 GMT").status()).isEqualTo(200);
    }

    // RFC 9110 §13.1.3: "A recipient MUST ignore the If-Modified-Since header field if the received
    // field-value is not a valid HTTP-date, [or] the field-value has more than one member".
    @Test
    void invalidIfModifiedSinceIsIgnored() {
        assertThat(get("/hello.txt", "if-modified-since", "2025-06-01").status()).isEqualTo(200);
        assertThat(get("/hello.txt", "if-modified-since", MODIFIED_DATE, "if-modified-since", MODIFIED_DATE).status())
                .isEqualTo(200);
    }

    // RFC 9110 §13.1.1: If-Match uses the strong comparison; false is 412.
    @Test
    void ifMatchAnotherTagFailsThePrecondition() {
        FileResponse response = get("/hello.txt", "if-match", "\"other\"");
        assertThat(response.status()).isEqualTo(412);
        assertThat(response.body()).isInstanceOf(Body.None.class);
        assertThat(get("/hello.txt", "if-match", "W/" + helloEtag).status()).isEqualTo(412);
    }

    @Test
    void ifMatchTheCurrentTagOrStarServesTheFile() {
        assertThat(get("/hello.txt", "if-match", "\"other\", " + helloEtag).status()).isEqualTo(200);
        assertThat(get("/hello.txt", "if-match", "*").status()).isEqualTo(200);
    }

    // RFC 9110 §13.1.4: If-Unmodified-Since is false if modified after the date.
    @Test
    void ifUnmodifiedSinceAnEarlierDateFailsThePrecondition() {
        assertThat(get("/hello.txt", "if-unmodified-since", "Sun, 01 Jun 2025 11:59:59 GMT").status()).isEqualTo(412);
        assertThat(get("/hello.txt", "if-unmodified-since", MODIFIED_DATE).status()).isEqualTo(200);
    }

    // RFC 9110 §13.2.2 step 2 runs only "when If-Match is not present".
    @Test
    void ifMatchOverridesIfUnmodifiedSince() {
        assertThat(get("/hello.txt", "if-match", helloEtag, "if-unmodified-since", "Sun, 01 Jun 2025 11:59:59 GMT")
                .status()).isEqualTo(200);
    }

    // RFC 9110 §13.2.2: If-Match (412) is evaluated before If-None-Match (304).
    @Test
    void failedIfMatchWinsOverIfNoneMatch() {
        assertThat(get("/hello.txt", "if-match", "\"other\"", "if-none-match", helloEtag).status()).isEqualTo(412);
    }

    // --- ranges, RFC 9110 §14 ---

    @Test
    void singleRangeIsPartialContent() throws IOException {
        FileResponse response = get("/hello.txt", "range", "bytes=0-4");
        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("content-range")).contains("bytes 0-4/12");
        assertThat(response.header("content-length")).contains("5");
        assertThat(response.header("etag")).contains(helloEtag);
        assertThat(response.header("content-type")).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo(new Body.FileRegion(real("hello.txt"), 0, 5));
    }

    @Test
    void suffixAndOpenRangesSelectTheEnd() throws IOException {
        assertThat(get("/hello.txt", "range", "bytes=-3").body())
                .isEqualTo(new Body.FileRegion(real("hello.txt"), 9, 3));
        FileResponse open = get("/hello.txt", "range", "bytes=6-");
        assertThat(open.header("content-range")).contains("bytes 6-11/12");
        assertThat(open.body()).isEqualTo(new Body.FileRegion(real("hello.txt"), 6, 6));
    }

    // RFC 9110 §15.5.17: a 416 to a byte-range request SHOULD send Content-Range "bytes */length".
    @Test
    void unsatisfiableRangeIs416WithTheLength() {
        FileResponse response = get("/hello.txt", "range", "bytes=12-");
        assertThat(response.status()).isEqualTo(416);
        assertThat(response.header("content-range")).contains("bytes */12");
        assertThat(response.body()).isInstanceOf(Body.None.class);
        assertThat(get("/empty.bin", "range", "bytes=0-").header("content-range")).contains("bytes */0");
    }

    @Test
    void severalRangesGetTheWholeFile() {
        FileResponse response = get("/hello.txt", "range", "bytes=0-1,4-5");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-length")).contains("12");
    }

    // RFC 9110 §14.2: "A server MUST ignore a Range header field received with a request method that is
    // unrecognized or for which range handling is not defined" (only GET has it).
    @Test
    void headIgnoresRange() {
        FileResponse response = request("HEAD", "/hello.txt", "range", "bytes=0-4");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-length")).contains("12");
    }

    @Test
    void rangeOnAnEmptyFileOfSuffixFormServesItWhole() {
        assertThat(get("/empty.bin", "range", "bytes=-3").status()).isEqualTo(200);
    }

    // RFC 9110 §13.1.5: the Range applies only if If-Range's validator matches.
    @Test
    void ifRangeWithTheCurrentTagKeepsTheRange() {
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-range", helloEtag).status()).isEqualTo(206);
    }

    @Test
    void ifRangeWithAnotherOrAWeakTagSendsTheWholeFile() {
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-range", "\"old\"").status()).isEqualTo(200);
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-range", "W/" + helloEtag).status()).isEqualTo(200);
    }

    @Test
    void ifRangeWithTheExactDateKeepsTheRange() {
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-range", MODIFIED_DATE).status()).isEqualTo(206);
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-range", "Sun, 01 Jun 2025 12:00:01 GMT").status())
                .isEqualTo(200);
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-range", "garbage").status()).isEqualTo(200);
    }

    // RFC 9110 §13.2.2: preconditions come before Range, so a 304 wins over a 206.
    @Test
    void notModifiedWinsOverRange() {
        assertThat(get("/hello.txt", "range", "bytes=0-4", "if-none-match", helloEtag).status()).isEqualTo(304);
    }
}
