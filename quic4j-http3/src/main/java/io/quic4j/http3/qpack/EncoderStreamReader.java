package io.quic4j.http3.qpack;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the peer's encoder stream (RFC 9204 §4.3) and applies its instructions to the decoder's dynamic table: Set
 * Dynamic Table Capacity, Insert with Name Reference, Insert with Literal Name and Duplicate. Every failure is
 * QPACK_ENCODER_STREAM_ERROR. An instruction split across calls is buffered until complete; the buffer is bounded by
 * the largest valid instruction (an entry of the maximum capacity, Huffman-coded at the worst 30 bits per byte), so
 * a peer cannot make it grow without limit.
 */
final class EncoderStreamReader {
    private static final Http3Error ERROR = Http3Error.QPACK_ENCODER_STREAM_ERROR;

    private final DynamicTable table;
    private final long maxBuffered;
    private byte[] pending = new byte[64];
    private int pendingLength;

    EncoderStreamReader(DynamicTable table) {
        this.table = table;
        // Strings of at most maxCapacity - 32 decoded bytes take at most 30/8 as many bytes Huffman-coded, and
        // the three integers at most 11 bytes each.
        this.maxBuffered = 4 * table.maxCapacity() + 64;
    }

    /**
     * Applies every complete instruction in {@code data} and keeps the incomplete tail.
     *
     * @param data the bytes, consumed entirely
     * @return whether any entry was inserted
     */
    boolean read(ByteBuffer data) {
        long before = table.insertCount();
        while (data.hasRemaining()) {
            if (pendingLength == 0) {
                readAll(data);
                if (data.hasRemaining()) {
                    append(data, data.remaining());
                }
            } else {
                long room = maxBuffered - pendingLength;
                if (room == 0) {
                    throw new Http3Exception(ERROR, "encoder instruction longer than " + maxBuffered + " bytes");
                }
                append(data, (int) Math.min(data.remaining(), room));
                ByteBuffer view = ByteBuffer.wrap(pending, 0, pendingLength);
                readAll(view);
                int consumed = view.position();
                System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
                pendingLength -= consumed;
            }
        }
        return table.insertCount() != before;
    }

    private void append(ByteBuffer data, int length) {
        if (pendingLength + (long) length > maxBuffered) {
            throw new Http3Exception(ERROR, "encoder instruction longer than " + maxBuffered + " bytes");
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, 2 * pending.length));
        }
        data.get(pending, pendingLength, length);
        pendingLength += length;
    }

    /** Applies instructions until the input ends or ends inside one; leaves the position at that one's start. */
    private void readAll(ByteBuffer in) {
        while (in.hasRemaining()) {
            int start = in.position();
            if (!instruction(in)) {
                in.position(start);
                return;
            }
        }
    }

    /** @return whether a whole instruction was read and applied */
    private boolean instruction(ByteBuffer in) {
        int first = in.get(in.position()) & 0xff;
        if ((first & 0x80) != 0) {
            // Insert with Name Reference (§4.3.2): '1' T NameIndex(6+), then the value.
            long index = QpackInteger.decode(in, 6, ERROR);
            if (index == QpackInteger.INCOMPLETE) {
                return false;
            }
            String name = (first & 0x40) != 0 ? staticName(index) : relative(index).name();
            String value = QpackString.decode(in, 8, room(name.length()), ERROR);
            if (value == null) {
                return false;
            }
            insert(new FieldLine(name, value, false));
        } else if ((first & 0x40) != 0) {
            // Insert with Literal Name (§4.3.3): '01' H NameLength(5+), name, value. Both strings must be present
            // before either is decoded, so a slowly arriving value does not make the name decode again and again.
            int start = in.position();
            if (!QpackString.skip(in, 6, room(0), ERROR) || !QpackString.skip(in, 8, room(0), ERROR)) {
                return false;
            }
            in.position(start);
            String name = QpackString.decode(in, 6, room(0), ERROR);
            String value = QpackString.decode(in, 8, room(name.length()), ERROR);
            insert(new FieldLine(name, value, false));
        } else if ((first & 0x20) != 0) {
            // Set Dynamic Table Capacity (§4.3.1): '001' Capacity(5+).
            long capacity = QpackInteger.decode(in, 5, ERROR);
            if (capacity == QpackInteger.INCOMPLETE) {
                return false;
            }
            // "The decoder MUST treat a new dynamic table capacity value that exceeds this limit as a connection
            // error of type QPACK_ENCODER_STREAM_ERROR."
            if (capacity > table.maxCapacity()) {
                throw new Http3Exception(ERROR, "capacity " + capacity + " exceeds SETTINGS_QPACK_MAX_TABLE_CAPACITY "
                        + table.maxCapacity());
            }
            table.setCapacity(capacity);
        } else {
            // Duplicate (§4.3.4): '000' Index(5+).
            long index = QpackInteger.decode(in, 5, ERROR);
            if (index == QpackInteger.INCOMPLETE) {
                return false;
            }
            insert(relative(index));
        }
        return true;
    }

    /** @return the longest string that still fits an entry with a name of {@code nameLength} bytes */
    private int room(int nameLength) {
        long room = table.capacity() - FieldLine.ENTRY_OVERHEAD - nameLength;
        if (room < 0) {
            throw new Http3Exception(ERROR, "no entry with a " + nameLength + "-byte name fits the capacity "
                    + table.capacity());
        }
        return (int) room;
    }

    private void insert(FieldLine line) {
        // RFC 9204 §3.2.2: "It is an error if the encoder attempts to add an entry that is larger than the dynamic
        // table capacity".
        if (line.size() > table.capacity()) {
            throw new Http3Exception(ERROR, "entry of " + line.size() + " bytes exceeds the capacity "
                    + table.capacity());
        }
        table.insert(line);
    }

    private static String staticName(long index) {
        if (index >= StaticTable.SIZE) {
            // RFC 9204 §3.1: on the encoder stream an invalid static index is QPACK_ENCODER_STREAM_ERROR.
            throw new Http3Exception(ERROR, "static table index " + index + " out of range");
        }
        return StaticTable.get((int) index).name();
    }

    /** On the encoder stream, relative index 0 is the newest entry (§3.2.5). */
    private FieldLine relative(long index) {
        if (index >= table.entryCount()) {
            // RFC 9204 §2.2.3: a reference to an evicted entry on the encoder stream is QPACK_ENCODER_STREAM_ERROR.
            throw new Http3Exception(ERROR, "relative index " + index + " refers to no entry (" + table.entryCount()
                    + " in the table)");
        }
        return table.get(table.insertCount() - 1 - index);
    }
}
