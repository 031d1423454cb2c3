package io.quic4j.http3.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Test helpers: drive an {@link Http3FrameReader} to frames, encode frame lists, and jqwik arbitraries. */
final class FrameSupport {
    private FrameSupport() {
    }

    /**
     * Feeds the pieces in order and collects whole frames, DATA reassembled from its chunks; checks that the
     * events come in the documented order.
     */
    static List<Http3Frame> read(FrameLimits limits, List<ByteBuffer> pieces, boolean fin) {
        List<Http3Frame> frames = new ArrayList<>();
        read(limits, pieces, fin, event -> {
        }, frames);
        return frames;
    }

    /**
     * As {@link #read(FrameLimits, List, boolean)}, passing every event to {@code rules} first and adding the
     * frames to {@code frames} as they complete, so that the caller keeps those read before an exception.
     */
    static void read(FrameLimits limits, List<ByteBuffer> pieces, boolean fin, Consumer<FrameEvent> rules,
            List<Http3Frame> frames) {
        Http3FrameReader reader = new Http3FrameReader(limits);
        ByteArrayOutputStream data = null;
        FrameEvent.Header pending = null;
        for (ByteBuffer piece : pieces) {
            FrameEvent event;
            while ((event = reader.next(piece)) != null) {
                rules.accept(event);
                switch (event) {
                    case FrameEvent.Header h -> {
                        if (pending != null) {
                            throw new AssertionError("header " + h + " while " + pending + " is open");
                        }
                        pending = h;
                        if (h.type() == FrameType.DATA) {
                            data = new ByteArrayOutputStream();
                        }
                    }
                    case FrameEvent.DataChunk c -> {
                        if (data == null) {
                            throw new AssertionError("DATA chunk without a DATA header");
                        }
                        ByteBuffer bytes = c.bytes();
                        while (bytes.hasRemaining()) {
                            data.write(bytes.get());
                        }
                        if (c.endOfFrame()) {
                            if (data.size() != pending.length()) {
                                throw new AssertionError("DATA of " + data.size() + " bytes, header said " + pending);
                            }
                            frames.add(new DataFrame(ByteBuffer.wrap(data.toByteArray())));
                            data = null;
                            pending = null;
                        }
                    }
                    case FrameEvent.Complete c -> {
                        if (pending == null || pending.type() != c.frame().type()) {
                            throw new AssertionError(c + " does not match header " + pending);
                        }
                        frames.add(c.frame());
                        pending = null;
                    }
                }
            }
            if (piece.hasRemaining()) {
                throw new AssertionError("next returned null with bytes left");
            }
        }
        if (fin) {
            reader.endOfStream();
        }
    }

    static List<Http3Frame> read(ByteBuffer whole) {
        return read(FrameLimits.DEFAULT, List.of(whole), true);
    }

    static ByteBuffer encode(List<Http3Frame> frames) {
        long length = frames.stream().mapToLong(Http3FrameWriter::encodedLength).sum();
        ByteBuffer out = ByteBuffer.allocate((int) length);
        frames.forEach(f -> Http3FrameWriter.write(out, f));
        return out.flip();
    }

    static ByteBuffer bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return ByteBuffer.wrap(b);
    }

    /** Splits {@code whole} into views at the given cut points (any order, out-of-range ones clamped). */
    static List<ByteBuffer> split(ByteBuffer whole, List<Integer> cuts) {
        int length = whole.remaining();
        List<Integer> points = cuts.stream().map(c -> Math.floorMod(c, length + 1)).sorted().toList();
        List<ByteBuffer> pieces = new ArrayList<>();
        int from = 0;
        for (int to : points) {
            pieces.add(whole.slice(whole.position() + from, to - from));
            from = to;
        }
        pieces.add(whole.slice(whole.position() + from, length - from));
        return pieces;
    }

    static Arbitrary<Long> varints() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 100), Arbitraries.longs().between(0,
                Http3VarInt.MAX), Arbitraries.of(63L, 64L, 16383L, 16384L, (1L << 30) - 1, 1L << 30, Http3VarInt.MAX));
    }

    static Arbitrary<ByteBuffer> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(ByteBuffer::wrap);
    }

    static Arbitrary<Settings> settings() {
        Arbitrary<Long> ids = Arbitraries.oneOf(Arbitraries.of(0x00L, 0x01L, 0x06L, 0x07L, 0x08L, 0x33L, 0x21L),
                varints()).filter(id -> id < 2 || id > 5);
        Arbitrary<Settings.Setting> setting = Combinators.combine(ids, varints())
                .as((id, value) -> new Settings.Setting(
                        id, id == Settings.ENABLE_CONNECT_PROTOCOL || id == Settings.H3_DATAGRAM ? value & 1 : value));
        return setting.list().ofMaxSize(12).uniqueElements(Settings.Setting::id).map(Settings::new);
    }

    static Arbitrary<Http3Frame> frames() {
        Arbitrary<Long> unknownTypes = Arbitraries.oneOf(Arbitraries.longs().between(0x0a, 0x40), varints()).filter(
                t -> !FrameType.isKnown(t) && !FrameType.isHttp2Only(t));
        return Arbitraries.oneOf(payloads().map(DataFrame::new), payloads().map(HeadersFrame::new), varints().map(
                CancelPushFrame::new), settings().map(SettingsFrame::new),
                Combinators.combine(varints(), payloads())
                        .as(PushPromiseFrame::new),
                varints().map(GoAwayFrame::new), varints().map(MaxPushIdFrame::new),
                Combinators.combine(unknownTypes, Arbitraries.longs().between(0, 300)).as(UnknownFrame::new));
    }
}
