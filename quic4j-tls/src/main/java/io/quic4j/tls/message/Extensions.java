package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An extension block ({@code Extension extensions<..>}, RFC 8446 §4.2) in wire order.
 *
 * @param list the extensions, in order
 */
public record Extensions(List<Extension> list) {
    /** No extensions. */
    public static final Extensions NONE = new Extensions(List.of());

    /** Copies the list. */
    public Extensions {
        list = List.copyOf(list);
    }

    /**
     * @param extensions the extensions, in order
     * @return the block
     */
    public static Extensions of(Extension... extensions) {
        return new Extensions(List.of(extensions));
    }

    /**
     * @param <T> the record type
     * @param type the record class
     * @return the first extension of that class, or {@code null}
     */
    public <T extends Extension> T find(Class<T> type) {
        for (Extension e : list) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    /**
     * @param type an extension type code point
     * @return whether the block holds it
     */
    public boolean has(int type) {
        for (Extension e : list) {
            if (e.type() == type) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the block with its 2-byte length.
     *
     * @param w the writer
     */
    public void encode(TlsWriter w) {
        int block = w.beginVector(2);
        for (Extension e : list) {
            w.u16(e.type());
            int body = w.beginVector(2);
            e.encodeBody(w);
            w.endVector(body, 2);
        }
        w.endVector(block, 2);
    }

    /**
     * Reads a block with its 2-byte length.
     *
     * @param r the reader
     * @param ctx the message the block belongs to
     * @return the block
     * @throws TlsAlertException decode_error for bad syntax; illegal_parameter for a duplicate, a
     *             known extension where RFC 8446 §4.2 does not allow it, or a pre_shared_key that is
     *             not last in a ClientHello
     */
    public static Extensions decode(TlsReader r, MessageContext ctx) {
        TlsReader block = new TlsReader(r.vector(2, 0, 0xffff, "extensions"));
        Set<Integer> seen = new HashSet<>();
        List<Extension> list = new ArrayList<>();
        while (block.hasRemaining()) {
            if (!list.isEmpty() && list.getLast() instanceof PreSharedKeyClientHello) {
                // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last extension in the
                // ClientHello ... Servers MUST check that it is the last extension"
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "pre_shared_key is not the last extension");
            }
            int type = block.u16("extension_type");
            ByteBuffer data = block.vector(2, 0, 0xffff, "extension_data");
            if (!seen.add(type)) {
                // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type"
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER, "duplicate extension " + type);
            }
            if (ctx.forbids(type)) {
                throw new TlsAlertException(TlsAlert.ILLEGAL_PARAMETER,
                        "extension " + type + " is not allowed in " + ctx);
            }
            TlsReader body = new TlsReader(data);
            Extension e = decodeOne(type, body, data, ctx);
            body.expectEnd("extension " + type);
            list.add(e);
        }
        return new Extensions(list);
    }

    private static Extension decodeOne(int type, TlsReader body, ByteBuffer data, MessageContext ctx) {
        return switch (type) {
            case ExtensionType.SERVER_NAME -> ServerNameExtension.decode(body, ctx);
            case ExtensionType.SUPPORTED_GROUPS -> SupportedGroupsExtension.decode(body);
            case ExtensionType.SIGNATURE_ALGORITHMS -> SignatureAlgorithmsExtension.decode(body);
            case ExtensionType.SIGNATURE_ALGORITHMS_CERT -> SignatureAlgorithmsCertExtension.decode(body);
            case ExtensionType.ALPN -> AlpnExtension.decode(body, ctx);
            case ExtensionType.QUIC_TRANSPORT_PARAMETERS -> TransportParametersExtension.decode(body);
            case ExtensionType.PSK_KEY_EXCHANGE_MODES -> PskKeyExchangeModesExtension.decode(body);
            case ExtensionType.COOKIE -> CookieExtension.decode(body);
            case ExtensionType.SUPPORTED_VERSIONS -> ctx == MessageContext.CLIENT_HELLO
                    ? SupportedVersionsClientHello.decode(body)
                    : SupportedVersionsServerHello.decode(body);
            case ExtensionType.KEY_SHARE -> switch (ctx) {
                case CLIENT_HELLO -> KeyShareClientHello.decode(body);
                case HELLO_RETRY_REQUEST -> KeyShareHelloRetryRequest.decode(body);
                default -> KeyShareServerHello.decode(body);
            };
            case ExtensionType.PRE_SHARED_KEY -> ctx == MessageContext.CLIENT_HELLO
                    ? PreSharedKeyClientHello.decode(body)
                    : PreSharedKeyServerHello.decode(body);
            case ExtensionType.EARLY_DATA -> ctx == MessageContext.NEW_SESSION_TICKET
                    ? EarlyDataTicketExtension.decode(body)
                    : new EarlyDataExtension();
            default -> new UnknownExtension(type, body.bytes(body.remaining(), "extension_data"));
        };
    }
}
