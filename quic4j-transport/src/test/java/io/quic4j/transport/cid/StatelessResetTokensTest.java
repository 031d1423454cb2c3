package io.quic4j.transport.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StatelessResetTokensTest {
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 0x5a);
    }

    /** RFC 9000 §10.3.2: HMAC(static_key, connection_id), "truncated to 16 bytes". */
    @Test
    void tokenIsHmacSha256OfTheConnectionIdTruncatedTo16Bytes() throws Exception {
        ConnectionId cid = ConnectionId.ofHex("8394c8f03e515708");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(cid.toBytes()), 16);

        assertThat(new StatelessResetTokens(KEY).tokenFor(cid).toBytes()).isEqualTo(expected);
    }

    /** RFC 9000 §10.3.2: this design "cannot provide a zero-length connection ID". */
    @Test
    void refusesZeroLengthConnectionId() {
        assertThatThrownBy(() -> new StatelessResetTokens(KEY).tokenFor(ConnectionId.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("§10.3.2");
    }

    /** RFC 9000 §10.3.2: "The stateless reset token MUST be difficult to guess": no short keys. */
    @Test
    void rejectsKeysShorterThan32Bytes() {
        assertThatThrownBy(() -> new StatelessResetTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringDoesNotRevealTheKey() {
        assertThat(new StatelessResetTokens(KEY).toString()).doesNotContain("5a5a");
    }

    /** Any loop, or a restarted process with the same key, computes the same token (DESIGN.md §5). */
    @Property
    void tokenIsDeterministicPerKeyAndConnectionId(@ForAll @Size(32) byte[] key,
            @ForAll @Size(min = 1, max = 20) byte[] cid) {
        StatelessResetToken a = new StatelessResetTokens(key).tokenFor(ConnectionId.of(cid));
        StatelessResetToken b = new StatelessResetTokens(key.clone()).tokenFor(ConnectionId.of(cid.clone()));
        assertThat(a).isEqualTo(b);
    }

    /** RFC 9000 §10.3.2: "The same stateless reset token MUST NOT be used for multiple connection IDs." */
    @Property
    void differentConnectionIdsOrKeysGiveDifferentTokens(@ForAll @Size(32) byte[] key,
            @ForAll @Size(min = 1, max = 20) byte[] cid) {
        StatelessResetTokens tokens = new StatelessResetTokens(key);
        byte[] otherCid = cid.clone();
        otherCid[0] ^= 1;
        byte[] otherKey = key.clone();
        otherKey[31] ^= 1;
        StatelessResetToken token = tokens.tokenFor(ConnectionId.of(cid));
        assertThat(tokens.tokenFor(ConnectionId.of(otherCid))).isNotEqualTo(token);
        assertThat(new StatelessResetTokens(otherKey).tokenFor(ConnectionId.of(cid))).isNotEqualTo(token);
    }
}
