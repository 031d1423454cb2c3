package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.server.files.EntityTags.EntityTag;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §8.8.3 entity tags and their comparison. */
class EntityTagsTest {
    private static final EntityTag STRONG = new EntityTag(false, "\"1\"");
    private static final EntityTag WEAK = new EntityTag(true, "\"1\"");

    // RFC 9110 §8.8.3.2, the table of comparisons.
    @Test
    void comparisonFollowsTheRfcTable() {
        assertThat(WEAK.strongMatch(WEAK)).isFalse();
        assertThat(WEAK.weakMatch(WEAK)).isTrue();
        assertThat(WEAK.strongMatch(new EntityTag(true, "\"2\""))).isFalse();
        assertThat(WEAK.weakMatch(new EntityTag(true, "\"2\""))).isFalse();
        assertThat(WEAK.strongMatch(STRONG)).isFalse();
        assertThat(WEAK.weakMatch(STRONG)).isTrue();
        assertThat(STRONG.strongMatch(STRONG)).isTrue();
        assertThat(STRONG.weakMatch(STRONG)).isTrue();
    }

    @Test
    void parsesAListWithWeakTagsAndWhitespace() {
        assertThat(EntityTags.parseList("\"a\", W/\"b\" ,\t\"c,d\"")).contains(List.of(
                new EntityTag(false, "\"a\""), new EntityTag(true, "\"b\""), new EntityTag(false, "\"c,d\"")));
    }

    @Test
    void toleratesEmptyListElements() {
        assertThat(EntityTags.parseList(", \"a\",,")).contains(List.of(new EntityTag(false, "\"a\"")));
    }

    @Test
    void emptyOpaqueTagIsATag() {
        assertThat(EntityTags.parseOne("\"\"")).contains(new EntityTag(false, "\"\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "a", "\"a", "\"a\" \"b\"", "w/\"a\"", "W/a", "\"a b\"", "\"a\"x", "*, \"a\""})
    void rejectsMalformedLists(String value) {
        assertThat(EntityTags.parseList(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"a\", \"b\"", "\"a\" ", "W/", "\"a"})
    void parseOneTakesExactlyOneTag(String value) {
        assertThat(EntityTags.parseOne(value)).isEmpty();
    }
}
