package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * application_layer_protocol_negotiation (RFC 7301 §3.1). Protocol names are bytes; they are held
 * as ISO-8859-1 strings, which map every byte to one char and back.
 *
 * @param protocols the names offered (ClientHello) or the one selected (EncryptedExtensions)
 */
public record AlpnExtension(List<String> protocols) implements Extension {
    /** Copies the list. */
    public AlpnExtension {
        protocols = List.copyOf(protocols);
    }

    @Override
    public int type() {
        return ExtensionType.ALPN;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        int list = w.beginVector(2);
        for (String p : protocols) {
            w.vector(1, p.getBytes(StandardCharsets.ISO_8859_1));
        }
        w.endVector(list, 2);
    }

    static AlpnExtension decode(TlsReader r, MessageContext ctx) {
        TlsReader list = new TlsReader(r.vector(2, 2, 0xffff, "protocol_name_list"));
        List<String> names = new ArrayList<>();
        while (list.hasRemaining()) {
            var name = list.vector(1, 1, 0xff, "protocol_name");
            byte[] bytes = new byte[name.remaining()];
            name.get(bytes);
            names.add(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        if (ctx == MessageContext.ENCRYPTED_EXTENSIONS && names.size() != 1) {
            // RFC 7301 §3.1: the server's list "MUST contain exactly one protocol name"
            throw new TlsAlertException(TlsAlert.DECODE_ERROR, "ALPN: server selected " + names.size() + " protocols");
        }
        return new AlpnExtension(names);
    }
}
