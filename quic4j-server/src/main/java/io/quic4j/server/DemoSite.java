package io.quic4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The demo site {@code quic4j serve} shows when no {@code --root} is given: an {@code index.html} with a style sheet,
 * a script and SVG images, whose script lists the protocol each resource came over (Resource Timing's
 * {@code nextHopProtocol}, {@code h3} for HTTP/3), and {@value #GALLERY}, a page with
 * {@value #GALLERY_SUBRESOURCES} subresources whose script checks that each came over {@code h3} with status 200 and
 * offers the result as the promise {@code window.galleryReport}. The files are resources of this module (the
 * gallery's {@value #GALLERY_TILES} tiles are generated), written into a directory so that {@link StaticSite} serves
 * them like any other site (validators, ranges, conditional requests).
 */
public final class DemoSite {
    /** The page with {@value #GALLERY_SUBRESOURCES} subresources. */
    public static final String GALLERY = "gallery.html";

    /** How many subresources {@value #GALLERY} loads: two style sheets, its script, the logo and the tiles. */
    public static final int GALLERY_SUBRESOURCES = 50;

    /** How many generated tiles the gallery shows, {@code gallery/tile-01.svg} and on. */
    static final int GALLERY_TILES = GALLERY_SUBRESOURCES - 4;

    /** The files copied from this module's resources. */
    private static final List<String> RESOURCES = List.of("index.html", "style.css", "app.js", "logo.svg",
            "tiles/tile-1.svg", "tiles/tile-2.svg", "tiles/tile-3.svg", "tiles/tile-4.svg", "tiles/tile-5.svg",
            "tiles/tile-6.svg", GALLERY, "gallery.css", "gallery.js");

    /** Every file of the demo site, relative to its root. */
    public static final List<String> FILES = Stream.concat(RESOURCES.stream(),
            IntStream.rangeClosed(1, GALLERY_TILES).mapToObj(DemoSite::tileName)).toList();

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
        for (String name : RESOURCES) {
            try (InputStream in = DemoSite.class.getResourceAsStream("demo/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the demo resource " + name + " is missing from the jar");
                }
                write(dir, name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the demo file " + name + " into " + dir, e);
            }
        }
        for (int n = 1; n <= GALLERY_TILES; n++) {
            write(dir, tileName(n), tile(n).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void write(Path dir, String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo file " + name + " into " + dir, e);
        }
    }

    static String tileName(int n) {
        return "gallery/tile-%02d.svg".formatted(n);
    }

    /** Tile {@code n} of the gallery: its number on a square, the hues going once round the colour wheel. */
    static String tile(int n) {
        int hue = (n - 1) * 360 / GALLERY_TILES;
        return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
                  <rect width="64" height="64" rx="8" fill="hsl(%d, 60%%, 45%%)"/>
                  <text x="32" y="41" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">%d</text>
                </svg>
                """.formatted(hue, n);
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
