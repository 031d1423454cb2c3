package io.quic4j.http3.frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The payload of a SETTINGS frame (RFC 9114 §7.2.4): identifier/value pairs in the order sent, with typed
 * accessors for the settings quic4j understands. Pairs with other identifiers (extensions, reserved
 * {@code 0x1f * N + 0x21} ones) are kept, so a frame re-encodes as read, but carry no meaning (§7.2.4:
 * "An implementation MUST ignore any parameter with an identifier it does not understand").
 *
 * <pre>{@code
 * Settings ours = Settings.EMPTY.with(Settings.MAX_FIELD_SECTION_SIZE, 16_384)
 *         .with(Settings.QPACK_MAX_TABLE_CAPACITY, 4096);
 * long limit = peer.maxFieldSectionSize(); // UNLIMITED unless the peer said otherwise
 * }</pre>
 *
 * @param entries the pairs: no identifier twice, none of the HTTP/2 identifiers 0x02-0x05, and 0 or 1 for the
 *     boolean settings
 */
public record Settings(List<Setting> entries) {
    /** SETTINGS_QPACK_MAX_TABLE_CAPACITY (RFC 9204 §5), default 0. */
    public static final long QPACK_MAX_TABLE_CAPACITY = 0x01;
    /** SETTINGS_MAX_FIELD_SECTION_SIZE (RFC 9114 §7.2.4.1), default unlimited. */
    public static final long MAX_FIELD_SECTION_SIZE = 0x06;
    /** SETTINGS_QPACK_BLOCKED_STREAMS (RFC 9204 §5), default 0. */
    public static final long QPACK_BLOCKED_STREAMS = 0x07;
    /** SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 9220 §3, after RFC 8441 §3), 0 or 1, default 0. */
    public static final long ENABLE_CONNECT_PROTOCOL = 0x08;
    /** SETTINGS_H3_DATAGRAM (RFC 9297 §2.1.1), 0 or 1, default 0. */
    public static final long H3_DATAGRAM = 0x33;
    /** What {@link #maxFieldSectionSize()} returns when the peer set no limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** No settings: every value at its default. */
    public static final Settings EMPTY = new Settings(List.of());

    /**
     * One setting.
     *
     * @param id the identifier, 0 to 2^62-1
     * @param value the value, 0 to 2^62-1
     */
    public record Setting(long id, long value) {
        /**
         * @param id 0 to 2^62-1
         * @param value 0 to 2^62-1
         */
        public Setting {
            Http3VarInt.size(id);
            Http3VarInt.size(value);
        }
    }

    /** @param entries the pairs, in the order to send them (copied) */
    public Settings {
        entries = List.copyOf(entries);
        String problem = problem(entries);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * What makes a list of pairs an invalid SETTINGS payload, shared by the constructor (our own misuse) and
     * the decoder (the peer's: H3_SETTINGS_ERROR).
     *
     * @return a description of the first problem, or {@code null} if there is none
     */
    static String problem(List<Setting> entries) {
        Set<Long> seen = new HashSet<>();
        for (Setting s : entries) {
            Objects.requireNonNull(s, "setting");
            // RFC 9114 §7.2.4: "The same setting identifier MUST NOT occur more than once".
            if (!seen.add(s.id())) {
                return "setting 0x" + Long.toHexString(s.id()) + " occurs twice (RFC 9114 §7.2.4)";
            }
            // RFC 9114 §7.2.4.1: HTTP/2 settings without an HTTP/3 equivalent MUST NOT be sent.
            if (s.id() >= 0x02 && s.id() <= 0x05) {
                return "HTTP/2 setting 0x" + Long.toHexString(s.id()) + " is not allowed in HTTP/3 (RFC 9114 §7.2.4.1)";
            }
            // RFC 8441 §3 (RFC 9220 §3) and RFC 9297 §2.1.1: the value is 0 or 1.
            if ((s.id() == ENABLE_CONNECT_PROTOCOL || s.id() == H3_DATAGRAM) && s.value() > 1) {
                return "setting 0x" + Long.toHexString(s.id()) + " must be 0 or 1, was " + s.value();
            }
        }
        return null;
    }

    /**
     * @param id an identifier
     * @param value its value
     * @return these settings with {@code id} set to {@code value}, in place if already present, else appended
     */
    public Settings with(long id, long value) {
        List<Setting> copy = new ArrayList<>(entries);
        Setting setting = new Setting(id, value);
        int index = indexOf(id);
        if (index >= 0) {
            copy.set(index, setting);
        } else {
            copy.add(setting);
        }
        return new Settings(copy);
    }

    /**
     * @param id an identifier
     * @return its value, or empty if these settings do not carry it
     */
    public OptionalLong value(long id) {
        int index = indexOf(id);
        return index < 0 ? OptionalLong.empty() : OptionalLong.of(entries.get(index).value());
    }

    /** @return SETTINGS_QPACK_MAX_TABLE_CAPACITY, 0 by default */
    public long qpackMaxTableCapacity() {
        return value(QPACK_MAX_TABLE_CAPACITY).orElse(0);
    }

    /** @return SETTINGS_MAX_FIELD_SECTION_SIZE, {@link #UNLIMITED} by default */
    public long maxFieldSectionSize() {
        return value(MAX_FIELD_SECTION_SIZE).orElse(UNLIMITED);
    }

    /** @return SETTINGS_QPACK_BLOCKED_STREAMS, 0 by default */
    public long qpackBlockedStreams() {
        return value(QPACK_BLOCKED_STREAMS).orElse(0);
    }

    /** @return whether SETTINGS_ENABLE_CONNECT_PROTOCOL is 1 (extended CONNECT allowed) */
    public boolean enableConnectProtocol() {
        return value(ENABLE_CONNECT_PROTOCOL).orElse(0) == 1;
    }

    /** @return whether SETTINGS_H3_DATAGRAM is 1 (HTTP datagrams supported) */
    public boolean h3Datagram() {
        return value(H3_DATAGRAM).orElse(0) == 1;
    }

    private int indexOf(long id) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }
}
