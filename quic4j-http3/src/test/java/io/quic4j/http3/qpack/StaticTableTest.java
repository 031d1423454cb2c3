package io.quic4j.http3.qpack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9204 Appendix A. */
class StaticTableTest {

    @Test
    void has99EntriesIndexedFromZero() {
        assertThat(StaticTable.SIZE).isEqualTo(99);
        assertThat(StaticTable.get(0)).isEqualTo(new FieldLine(":authority", "", false));
        assertThat(StaticTable.get(17)).isEqualTo(new FieldLine(":method", "GET", false));
        assertThat(StaticTable.get(29)).isEqualTo(new FieldLine("accept", "*/*", false));
        assertThat(StaticTable.get(85).value()).isEqualTo(
                "script-src 'none'; object-src 'none'; base-uri 'none'");
        assertThat(StaticTable.get(98)).isEqualTo(new FieldLine("x-frame-options", "sameorigin", false));
    }

    @Test
    void looksUpByNameAndValueAndByName() {
        assertThat(StaticTable.indexOf(":status", "200")).isEqualTo(25);
        assertThat(StaticTable.indexOf(":status", "201")).isEqualTo(-1);
        assertThat(StaticTable.indexOfName(":status")).isEqualTo(24);
        assertThat(StaticTable.indexOfName("content-type")).isEqualTo(44);
        assertThat(StaticTable.indexOfName("x-unknown")).isEqualTo(-1);
        for (int i = 0; i < StaticTable.SIZE; i++) {
            FieldLine entry = StaticTable.get(i);
            assertThat(StaticTable.get(StaticTable.indexOf(entry.name(), entry.value()))).isEqualTo(entry);
        }
    }
}
