package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * key_share in a ClientHello (RFC 8446 §4.2.8): {@code KeyShareEntry client_shares<0..2^16-1>}.
 *
 * @param shares the client's shares, most preferred first
 */
public record KeyShareClientHello(List<KeyShareEntry> shares) implements Extension {
    /** Copies the list. */
    public KeyShareClientHello {
        shares = List.copyOf(shares);
    }

    @Override
    public int type() {
        return ExtensionType.KEY_SHARE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int mark = w.beginVector(2);
        shares.forEach(s -> s.encode(w));
        w.endVector(mark, 2);
    }

    static KeyShareClientHello decode(TlsReader r) {
        TlsReader list = new TlsReader(r.vector(2, 0, 0xffff, "client_shares"));
        List<KeyShareEntry> shares = new ArrayList<>();
        Set<Integer> groups = new HashSet<>();
        while (list.hasRemaining()) {
            KeyShareEntry e = KeyShareEntry.decode(list);
            // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group"
            if (!groups.add(e.group())) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "key_share: two shares for group " + e.group());
            }
            shares.add(e);
        }
        return new KeyShareClientHello(shares);
    }
}
