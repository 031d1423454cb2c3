package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * The ECN counts of an ACK frame of type 0x03 (RFC 9000 §19.3.2): cumulative counts of packets received
 * in the ACK's packet number space with each ECN codepoint.
 *
 * @param ect0 packets received with ECT(0)
 * @param ect1 packets received with ECT(1)
 * @param ecnCe packets received with ECN-CE
 */
public record EcnCounts(long ect0, long ect1, long ecnCe) {
    /**
     * @param ect0 0..2^62-1
     * @param ect1 0..2^62-1
     * @param ecnCe 0..2^62-1
     */
    public EcnCounts {
        checkVarint("ect0", ect0);
        checkVarint("ect1", ect1);
        checkVarint("ecnCe", ecnCe);
    }

    int encodedLength() {
        return VarInt.size(ect0) + VarInt.size(ect1) + VarInt.size(ecnCe);
    }

    void encode(ByteBuffer out) {
        VarInt.write(out, ect0);
        VarInt.write(out, ect1);
        VarInt.write(out, ecnCe);
    }

    static EcnCounts decode(ByteBuffer in, long frameType) {
        long ect0 = Fields.varint(in, frameType, "ECT0 Count");
        long ect1 = Fields.varint(in, frameType, "ECT1 Count");
        long ce = Fields.varint(in, frameType, "ECN-CE Count");
        return new EcnCounts(ect0, ect1, ce);
    }
}
