package io.quic4j.tls.message;

import java.util.List;

/**
 * supported_groups (RFC 8446 §4.2.7): {@code NamedGroup named_group_list<2..2^16-1>}. Unknown code
 * points are kept, as the peer may list groups we do not implement.
 *
 * @param groups group code points, most preferred first
 */
public record SupportedGroupsExtension(List<Integer> groups) implements Extension {
    /** Copies the list. */
    public SupportedGroupsExtension {
        groups = List.copyOf(groups);
    }

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_GROUPS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        SupportedVersionsClientHello.writeU16List(w, 2, groups);
    }

    static SupportedGroupsExtension decode(TlsReader r) {
        return new SupportedGroupsExtension(
                SupportedVersionsClientHello.readU16List(r, 2, 2, 0xffff, "named_group_list"));
    }
}
