package io.quic4j.tls.message;

import java.util.ArrayList;
import java.util.List;

/**
 * psk_key_exchange_modes (RFC 8446 §4.2.9): {@code PskKeyExchangeMode ke_modes<1..255>}.
 *
 * @param modes mode code points: 0 psk_ke, 1 psk_dhe_ke
 */
public record PskKeyExchangeModesExtension(List<Integer> modes) implements Extension {
    /** psk_ke: PSK without (EC)DHE, which this engine never accepts. */
    public static final int PSK_KE = 0;
    /** psk_dhe_ke: PSK with (EC)DHE. */
    public static final int PSK_DHE_KE = 1;

    /** Copies the list. */
    public PskKeyExchangeModesExtension {
        modes = List.copyOf(modes);
    }

    @Override
    public int type() {
        return ExtensionType.PSK_KEY_EXCHANGE_MODES;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int mark = w.beginVector(1);
        modes.forEach(w::u8);
        w.endVector(mark, 1);
    }

    static PskKeyExchangeModesExtension decode(TlsReader r) {
        TlsReader list = new TlsReader(r.vector(1, 1, 0xff, "ke_modes"));
        List<Integer> modes = new ArrayList<>();
        while (list.hasRemaining()) {
            modes.add(list.u8("ke_mode"));
        }
        return new PskKeyExchangeModesExtension(modes);
    }
}
