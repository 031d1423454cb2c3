package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo site as written to disk: exactly {@link DemoSite#FILES}, and a gallery page whose subresources are
 * {@value DemoSite#GALLERY_SUBRESOURCES} distinct files of the site (what {@code ChromiumServeTest} counts on).
 */
class DemoSiteTest {
    /** The subresources a browser fetches for the page: images, style sheets, scripts (not the icon or links). */
    private static final Pattern SUBRESOURCE = Pattern
            .compile("<(?:img src|link rel=\"stylesheet\" href|script src)=\"([^\"]+)\"");

    @TempDir
    Path root;

    @Test
    void writesEveryListedFileAndNothingElse() throws Exception {
        DemoSite.writeTo(root);

        List<String> written;
        try (Stream<Path> all = Files.walk(root)) {
            written = all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(DemoSite.FILES);
        assertThat(DemoSite.FILES).doesNotHaveDuplicates().contains(DemoSite.GALLERY);
    }

    @Test
    void theGalleryLoadsFiftyDistinctFilesOfTheSite() throws Exception {
        DemoSite.writeTo(root);
        String html = Files.readString(root.resolve(DemoSite.GALLERY), StandardCharsets.UTF_8);

        Set<String> subresources = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        Matcher m = SUBRESOURCE.matcher(html);
        while (m.find()) {
            subresources.add(m.group(1));
            all.add(m.group(1));
        }
        assertThat(all).as("each fetched once").doesNotHaveDuplicates();
        assertThat(subresources).hasSize(DemoSite.GALLERY_SUBRESOURCES).allMatch(DemoSite.FILES::contains);
        assertThat(html).contains("<script src=\"gallery.js\"></script>", "window.galleryFailures");
    }

    @Test
    void everyGalleryTileIsAnSvgShowingItsNumber() throws Exception {
        DemoSite.writeTo(root);

        for (int n = 1; n <= DemoSite.GALLERY_TILES; n++) {
            String svg = Files.readString(root.resolve(DemoSite.tileName(n)), StandardCharsets.UTF_8);
            assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains(">" + n + "</text>")
                    .endsWith("</svg>\n");
        }
    }

    @Test
    void theIndexLinksToTheGallery() throws Exception {
        DemoSite.writeTo(root);

        assertThat(root.resolve("index.html")).content(StandardCharsets.UTF_8)
                .contains("<a href=\"" + DemoSite.GALLERY + "\">");
    }
}
