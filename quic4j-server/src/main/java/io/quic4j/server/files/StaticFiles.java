package io.quic4j.server.files;

import io.quic4j.server.files.EntityTags.EntityTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Maps GET and HEAD requests to the files under a root directory and decides the whole answer: status,
 * header section and the file region to send. It reads file attributes but never file contents, so the
 * caller streams the {@link Body.FileRegion} however its transport likes.
 *
 * <p>What a request can reach: only regular files whose real path (symbolic links resolved) lies under
 * the root's real path; never a {@code .}-prefixed segment unless {@link HiddenFiles#ALLOW}; a directory
 * only through its {@code index.html} (no listings), and {@code /dir} is redirected to {@code /dir/} so
 * relative links in the index resolve. Everything else is 404, whatever the reason, so a client learns
 * nothing about what exists outside. A malformed path is 400 (see {@link RequestPath}).
 *
 * <p>Validators: a strong ETag from the size and modification time (hex), Last-Modified as IMF-fixdate.
 * Preconditions are evaluated in RFC 9110 §13.2.2 order, then a single byte range (RFC 9110 §14).
 * Instances are immutable and safe to share between threads.
 */
public final class StaticFiles {
    private static final String INDEX = "index.html";

    private final Path root;
    private final HiddenFiles hiddenFiles;
    private final Clock clock;

    /**
     * Serves {@code root}, refusing hidden files, with the system clock.
     *
     * @param root an existing directory
     * @throws IllegalArgumentException if root is not a directory
     * @throws UncheckedIOException if its real path cannot be read
     */
    public StaticFiles(Path root) {
        this(root, HiddenFiles.DENY, Clock.systemUTC());
    }

    /**
     * @param root an existing directory; its real path is taken now, so a later change of a symbolic link
     *        to it does not move the served tree
     * @param hiddenFiles whether {@code .}-prefixed segments are served
     * @param clock the time Last-Modified is capped at, and the year RFC 850 dates are read against
     * @throws IllegalArgumentException if root is not a directory
     * @throws UncheckedIOException if its real path cannot be read
     */
    public StaticFiles(Path root, HiddenFiles hiddenFiles, Clock clock) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("static files root " + root + " is not a directory");
        }
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve static files root " + root, e);
        }
        this.hiddenFiles = Objects.requireNonNull(hiddenFiles, "hiddenFiles");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the real path of the served directory */
    public Path root() {
        return root;
    }

    /**
     * Decides the answer to a request.
     *
     * @param request the method, target and fields
     * @return the response; never throws for anything a client sends
     */
    public FileResponse serve(FileRequest request) {
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            // RFC 9110 §15.5.6: a 405 MUST carry Allow with the methods the resource supports.
            return empty(405, new Header("allow", "GET, HEAD"));
        }
        Optional<RequestPath> parsed = RequestPath.parse(request.target());
        if (parsed.isEmpty()) {
            return empty(400);
        }
        RequestPath path = parsed.get();
        if (hiddenFiles == HiddenFiles.DENY && path.segments().stream().anyMatch(s -> s.startsWith("."))) {
            return empty(404);
        }
        Optional<Path> found = resolve(path.segments());
        if (found.isEmpty()) {
            return empty(404);
        }
        Path file = found.get();
        String name = path.segments().isEmpty() ? "" : path.segments().getLast();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                if (!path.directory()) {
                    return empty(301, new Header("location", path.asDirectoryTarget()));
                }
                Optional<Path> index = underRoot(file.resolve(INDEX));
                if (index.isEmpty()) {
                    return empty(404);
                }
                file = index.get();
                name = INDEX;
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } else if (path.directory()) {
                return empty(404); // "/file.txt/" names a directory that is not there
            }
        } catch (IOException e) {
            return empty(404);
        }
        if (!attributes.isRegularFile()) {
            return empty(404); // devices, FIFOs, sockets: never opened for a client
        }
        return representation(request, head, file, name, attributes);
    }

    /** Follows the segments from the root; the real path, if it exists and stays under the root. */
    private Optional<Path> resolve(List<String> segments) {
        Path candidate = root;
        try {
            for (String segment : segments) {
                Path next = candidate.resolve(segment);
                // A segment must add exactly one name: no separator of this file system hides in it.
                if (next.getNameCount() != candidate.getNameCount() + 1 || !next.startsWith(candidate)) {
                    return Optional.empty();
                }
                candidate = next;
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return underRoot(candidate);
    }

    /** The real path of {@code candidate} if it exists and, links followed, is the root or below it. */
    private Optional<Path> underRoot(Path candidate) {
        try {
            Path real = candidate.toRealPath();
            return real.startsWith(root) ? Optional.of(real) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private FileResponse representation(FileRequest request, boolean head, Path file, String name,
            BasicFileAttributes attributes) {
        long size = attributes.size();
        Instant now = clock.instant();
        Instant modified = attributes.lastModifiedTime().toInstant();
        // RFC 9110 §8.8.2.1: an origin server with a clock MUST NOT send a Last-Modified later than the
        // message's origination time.
        Instant lastModified = (modified.isAfter(now) ? now : modified).truncatedTo(ChronoUnit.SECONDS);
        EntityTag etag = new EntityTag(false, "\"" + Long.toHexString(size) + "-"
                + Long.toHexString(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "\"");
        int year = now.atZone(ZoneOffset.UTC).getYear();

        Optional<Integer> failed = Preconditions.evaluate(request, etag, lastModified, year);
        if (failed.isPresent()) {
            return failed.get() == 304
                    ? new FileResponse(304, List.of(new Header("etag", etag.opaque())), new Body.None())
                    : empty(failed.get());
        }

        List<Header> headers = new ArrayList<>();
        headers.add(new Header("content-type", ContentTypes.forFileName(name)));
        ByteRange range = new ByteRange.Ignore();
        Optional<String> rangeField = request.field("range");
        // RFC 9110 §14.2: GET is the only method with range handling; HEAD ignores Range.
        if (!head && rangeField.isPresent() && Preconditions.ifRangeHolds(request, etag, lastModified, year)) {
            range = ByteRange.parse(rangeField.get(), size);
        }
        int status;
        long offset;
        long length;
        switch (range) {
            case ByteRange.Unsatisfiable() -> {
                return empty(416, new Header("content-range", "bytes */" + size));
            }
            case ByteRange.Satisfiable(long first, long last) -> {
                status = 206;
                offset = first;
                length = last - first + 1;
                headers.add(new Header("content-range", "bytes " + first + "-" + last + "/" + size));
            }
            case ByteRange.Ignore() -> {
                status = 200;
                offset = 0;
                length = size;
            }
        }
        headers.add(new Header("content-length", Long.toString(length)));
        headers.add(new Header("etag", etag.opaque()));
        headers.add(new Header("last-modified", HttpDate.format(lastModified)));
        headers.add(new Header("accept-ranges", "bytes"));
        Body body = head ? new Body.None() : new Body.FileRegion(file, offset, length);
        return new FileResponse(status, headers, body);
    }

    private static FileResponse empty(int status, Header... extra) {
        List<Header> headers = new ArrayList<>(List.of(extra));
        headers.add(new Header("content-length", "0"));
        return new FileResponse(status, headers, new Body.None());
    }
}
