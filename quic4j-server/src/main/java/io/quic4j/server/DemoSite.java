package io.quic4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo site {@code quic4j serve} shows when no {@code --root} is given: an {@code index.html} with a style sheet,
 * a script and SVG images, whose script lists the protocol each resource came over (Resource Timing's
 * {@code nextHopProtocol}, {@code h3} for HTTP/3). The files are resources of this module, copied into a directory so
 * that {@link StaticSite} serves them like any other site (validators, ranges, conditional requests).
 */
public final class DemoSite {
    /** Every file of the demo site, relative to its root. */
    public static final List<String> FILES = List.of("index.html", "style.css", "app.js", "logo.svg",
            "tiles/tile-1.svg", "tiles/tile-2.svg", "tiles/tile-3.svg", "tiles/tile-4.svg", "tiles/tile-5.svg",
            "tiles/tile-6.svg");

    private DemoSite() {
    }

    /**
     * Writes the demo site into a new temporary directory.
     *
     * @return the directory, holding {@link #FILES}
     * @throws UncheckedIOException if it cannot be written
     */
    public static Path writeToTemporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("quic4j-demo-");
            writeTo(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the demo site", e);
        }
    }

    /**
     * Writes the demo site into {@code dir}, replacing files of the same names.
     *
     * @param dir an existing directory
     * @throws UncheckedIOException if a file cannot be written
     */
    public static void writeTo(Path dir) {
        for (String name : FILES) {
            try (InputStream in = DemoSite.class.getResourceAsStream("demo/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the demo resource " + name + " is missing from the jar");
                }
                Path file = dir.resolve(name);
                Files.createDirectories(file.getParent());
                Files.write(file, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the demo file " + name + " into " + dir, e);
            }
        }
    }

    /**
     * Deletes a directory written by {@link #writeToTemporaryDirectory()}; best effort, for a shutdown hook.
     *
     * @param dir the directory
     */
    public static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
