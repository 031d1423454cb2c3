package io.quic4j.http3.qpack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9204 §3.2 and the encoder's eviction rules of §2.1.1. */
class DynamicTableTest {
    private static FieldLine line(String name, String value) {
        return new FieldLine(name, value, false);
    }

    @Test
    void entrySizeIsNamePlusValuePlus32() {
        // RFC 9204 §3.2.1.
        assertThat(line(":authority", "www.example.com").size()).isEqualTo(57);
        DynamicTable table = new DynamicTable(220, true);
        table.setCapacity(220);
        table.insert(line(":authority", "www.example.com"));
        table.insert(line(":path", "/sample/path"));
        assertThat(table.size()).isEqualTo(106); // RFC 9204 B.2
    }

    @Test
    void evictsOldestEntriesToMakeRoom() {
        // RFC 9204 §3.2.2 (and Appendix B.5: inserting into a full table evicts absolute index 0).
        DynamicTable table = new DynamicTable(100, true);
        table.setCapacity(100);
        assertThat(table.insert(line("a", "1"))).isEqualTo(0); // 34 bytes
        assertThat(table.insert(line("b", "2"))).isEqualTo(1);
        assertThat(table.insert(line("c", "3"))).isEqualTo(2);
        assertThat(table.firstIndex()).isEqualTo(1);
        assertThat(table.get(0)).isNull();
        assertThat(table.get(2)).isEqualTo(line("c", "3"));
        assertThat(table.indexOf("a", "1")).isEqualTo(-1);
        assertThat(table.indexOfName("c")).isEqualTo(2);
    }

    @Test
    void reducingCapacityEvicts() {
        DynamicTable table = new DynamicTable(100, false);
        table.setCapacity(100);
        table.insert(line("a", "1"));
        table.insert(line("b", "2"));
        table.setCapacity(40);
        assertThat(table.entryCount()).isEqualTo(1);
        assertThat(table.get(1)).isEqualTo(line("b", "2"));
        table.setCapacity(0);
        assertThat(table.entryCount()).isZero();
        assertThat(table.insertCount()).isEqualTo(2);
    }

    @Test
    void neverEvictsUnacknowledgedOrReferencedEntries() {
        // RFC 9204 §2.1.1: evictable only once acknowledged and without outstanding references.
        DynamicTable table = new DynamicTable(100, true);
        table.setCapacity(100);
        table.insert(line("a", "1"));
        table.insert(line("b", "2"));
        assertThat(table.canInsert(34, 0)).as("entry 0 unacknowledged").isFalse();
        assertThat(table.canInsert(34, 1)).as("entry 0 acknowledged").isTrue();
        table.reference(0);
        assertThat(table.canInsert(34, 2)).as("entry 0 referenced").isFalse();
        table.release(0);
        assertThat(table.canInsert(34, 2)).isTrue();
        assertThat(table.canInsert(101, 2)).as("larger than the capacity").isFalse();
    }

    @Test
    void drainingIndexMarksTheOldestEntriesThatWouldMakeRoom() {
        // RFC 9204 §2.1.1.1.
        DynamicTable table = new DynamicTable(136, true);
        table.setCapacity(136);
        for (int i = 0; i < 4; i++) {
            table.insert(line("k", "" + i)); // 34 bytes each: full
        }
        assertThat(table.drainingIndex(0)).isEqualTo(0);
        assertThat(table.drainingIndex(34)).isEqualTo(1);
        assertThat(table.drainingIndex(35)).isEqualTo(2);
    }

    @Test
    void growsPastItsInitialRing() {
        DynamicTable table = new DynamicTable(10_000, true);
        table.setCapacity(10_000);
        for (int i = 0; i < 100; i++) {
            table.insert(line("n", Integer.toString(i)));
        }
        for (int i = 0; i < 100; i++) {
            assertThat(table.get(i)).isEqualTo(line("n", Integer.toString(i)));
        }
    }
}
