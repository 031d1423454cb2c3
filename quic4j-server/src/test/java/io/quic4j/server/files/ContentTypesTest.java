package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The extension table; text types say UTF-8. */
class ContentTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"index.html|text/html; charset=utf-8", "a.css|text/css; charset=utf-8",
            "app.js|text/javascript; charset=utf-8", "m.mjs|text/javascript; charset=utf-8",
            "d.json|application/json", "i.svg|image/svg+xml", "i.png|image/png", "i.jpg|image/jpeg",
            "i.jpeg|image/jpeg", "i.gif|image/gif", "i.webp|image/webp", "favicon.ico|image/vnd.microsoft.icon",
            "r.txt|text/plain; charset=utf-8", "m.wasm|application/wasm", "f.woff2|font/woff2",
            "d.pdf|application/pdf", "v.mp4|video/mp4"})
    void knownExtensions(String name, String type) {
        assertThat(ContentTypes.forFileName(name)).isEqualTo(type);
    }

    @Test
    void extensionIsCaseInsensitive() {
        assertThat(ContentTypes.forFileName("PHOTO.JPG")).isEqualTo("image/jpeg");
    }

    @Test
    void unknownOrMissingExtensionIsOctetStream() {
        assertThat(ContentTypes.forFileName("archive.tar.zst")).isEqualTo("application/octet-stream");
        assertThat(ContentTypes.forFileName("Makefile")).isEqualTo("application/octet-stream");
        assertThat(ContentTypes.forFileName("trailing.")).isEqualTo("application/octet-stream");
        assertThat(ContentTypes.forFileName("")).isEqualTo("application/octet-stream");
    }
}
