package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import java.util.SplittableRandom;

/** Seeded keys, generators and frames for the connection ID tests. */
final class CidFixtures {
    private CidFixtures() {
    }

    static StatelessResetTokens tokens(long seed) {
        return StatelessResetTokens.generate(new SplittableRandom(seed));
    }

    static ConnectionIdGenerator generator(long seed) {
        return ConnectionIdGenerator.random(8, new SplittableRandom(seed));
    }

    /** A connection ID and a token derived from a small number, distinct per number. */
    static ConnectionId cid(long n) {
        return ConnectionId.ofHex("c1d0%012x".formatted(n));
    }

    static StatelessResetToken token(long n) {
        return new StatelessResetToken(0x7070_7070_7070_7070L, n);
    }

    static NewConnectionIdFrame newId(long sequence, long retirePriorTo) {
        return new NewConnectionIdFrame(sequence, retirePriorTo, cid(sequence), token(sequence));
    }
}
