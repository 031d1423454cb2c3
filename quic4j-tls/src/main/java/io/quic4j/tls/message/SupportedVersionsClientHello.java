package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.util.ArrayList;
import java.util.List;

/**
 * supported_versions in a ClientHello (RFC 8446 §4.2.1): {@code ProtocolVersion versions<2..254>}.
 *
 * @param versions the versions offered, most preferred first
 */
public record SupportedVersionsClientHello(List<Integer> versions) implements Extension {
    /** Copies the list. */
    public SupportedVersionsClientHello {
        versions = List.copyOf(versions);
    }

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_VERSIONS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int mark = w.beginVector(1);
        versions.forEach(w::u16);
        w.endVector(mark, 1);
    }

    static SupportedVersionsClientHello decode(TlsReader r) {
        return new SupportedVersionsClientHello(readU16List(r, 1, 2, 254, "supported_versions"));
    }

    /** Reads a vector of u16 values, which must have an even length. */
    static List<Integer> readU16List(TlsReader r, int lengthBytes, int min, int max, String what) {
        TlsReader list = new TlsReader(r.vector(lengthBytes, min, max, what));
        if (list.remaining() % 2 != 0) {
            throw new TlsAlertException(TlsAlert.DECODE_ERROR, what + ": odd length");
        }
        List<Integer> values = new ArrayList<>(list.remaining() / 2);
        while (list.hasRemaining()) {
            values.add(list.u16(what));
        }
        return values;
    }

    /** Writes a vector of u16 values. */
    static void writeU16List(TlsWriter w, int lengthBytes, List<Integer> values) {
        int mark = w.beginVector(lengthBytes);
        values.forEach(w::u16);
        w.endVector(mark, lengthBytes);
    }
}
