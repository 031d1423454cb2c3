package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.charset.StandardCharsets;

/**
 * server_name (RFC 6066 §3). In a ClientHello it carries one host_name; a server acknowledges it
 * with an empty extension in EncryptedExtensions, represented here by a {@code null} host name.
 *
 * @param hostName the DNS host name, or {@code null} for the server's empty acknowledgement
 */
public record ServerNameExtension(String hostName) implements Extension {
    private static final int HOST_NAME = 0;

    @Override
    public int type() {
        return ExtensionType.SERVER_NAME;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        if (hostName == null) {
            return;
        }
        int list = w.beginVector(2);
        w.u8(HOST_NAME);
        w.vector(2, hostName.getBytes(StandardCharsets.US_ASCII));
        w.endVector(list, 2);
    }

    static ServerNameExtension decode(TlsReader r, MessageContext ctx) {
        if (ctx != MessageContext.CLIENT_HELLO) {
            return new ServerNameExtension(null);
        }
        TlsReader list = new TlsReader(r.vector(2, 1, 0xffff, "server_name_list"));
        String host = null;
        while (list.hasRemaining()) {
            int nameType = list.u8("name_type");
            var name = list.vector(2, 1, 0xffff, "host_name");
            if (nameType != HOST_NAME) {
                continue; // RFC 6066 §3: unknown name types are ignored
            }
            if (host != null) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server_name: two host names");
            }
            byte[] bytes = new byte[name.remaining()];
            name.get(bytes);
            for (byte b : bytes) {
                if (b <= 0x20 || b >= 0x7f) {
                    throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server_name: not an ASCII host name");
                }
            }
            host = new String(bytes, StandardCharsets.US_ASCII);
        }
        if (host == null) {
            throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "server_name: no host_name entry");
        }
        return new ServerNameExtension(host);
    }
}
