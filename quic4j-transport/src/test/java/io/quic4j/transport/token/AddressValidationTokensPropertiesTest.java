package io.quic4j.transport.token;

import static io.quic4j.transport.token.AddressValidationTokensTest.NOW;
import static io.quic4j.transport.token.AddressValidationTokensTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.token.TokenValidation.Invalid;
import io.quic4j.transport.token.TokenValidation.ValidNewToken;
import io.quic4j.transport.token.TokenValidation.ValidRetry;
import io.quic4j.transport.wire.ConnectionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Round trips, tampering and garbage for address validation tokens (RFC 9000 §8.1.4). */
class AddressValidationTokensPropertiesTest {
    private static final AddressValidationTokens TOKENS = new AddressValidationTokens(key(9));

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] ip(boolean v6, long seed) {
        byte[] ip = new byte[v6 ? 16 : 4];
        new SplittableRandom(seed).nextBytes(ip);
        if (v6) {
            ip[0] = 0x20; // keep clear of IPv4-mapped addresses, which the JDK turns into IPv4
        }
        return ip;
    }

    @Property
    void retryTokensRoundTrip(@ForAll boolean v6, @ForAll long seed, @ForAll @IntRange(max = 65_535) int port,
            @ForAll @Size(max = 20) byte[] odcid, @ForAll @Size(max = 20) byte[] rscid,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now) {
        InetSocketAddress client = address(ip(v6, seed), port);
        ByteBuffer token = TOKENS.mintRetryToken(client, ConnectionId.of(odcid), ConnectionId.of(rscid), now,
                new SplittableRandom(seed));
        assertThat(token.remaining()).isLessThanOrEqualTo(AddressValidationTokens.MAX_TOKEN_LENGTH);
        assertThat(TOKENS.validate(token, client, ConnectionId.of(rscid), now))
                .isEqualTo(new ValidRetry(ConnectionId.of(odcid), ConnectionId.of(rscid), now));
    }

    @Property
    void newTokensRoundTrip(@ForAll boolean v6, @ForAll long seed, @ForAll @IntRange(max = 65_535) int port,
            @ForAll @IntRange(max = 65_535) int laterPort,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now) {
        byte[] ip = ip(v6, seed);
        ByteBuffer token = TOKENS.mintNewToken(address(ip, port), now, new SplittableRandom(seed));
        assertThat(TOKENS.validate(token, address(ip, laterPort), ConnectionId.EMPTY, now + 1))
                .isEqualTo(new ValidNewToken(now));
    }

    /** RFC 9000 §8.1.4: "covered by integrity protection against modification": every bit counts. */
    @Property
    void anyBitFlipIsRejected(@ForAll boolean retry, @ForAll long seed, @ForAll @IntRange(max = 10_000) int bit) {
        InetSocketAddress client = address(ip(false, seed), 443);
        ConnectionId rscid = ConnectionId.ofHex("0102030405060708");
        ByteBuffer token = retry
                ? TOKENS.mintRetryToken(client, ConnectionId.ofHex("1112131415161718"), rscid, NOW,
                        new SplittableRandom(seed))
                : TOKENS.mintNewToken(client, NOW, new SplittableRandom(seed));
        int index = bit % (token.remaining() * 8);
        token.put(index / 8, (byte) (token.get(index / 8) ^ (1 << (index % 8))));
        assertThat(TOKENS.validate(token, client, rscid, NOW)).isInstanceOf(Invalid.class);
    }

    /** Random bytes, including ones that start like our tokens, are refused cleanly and never throw. */
    @Property
    void randomBytesAreRejected(@ForAll @Size(max = 200) byte[] bytes, @ForAll boolean looksLikeRetry,
            @ForAll boolean currentKeyId) {
        if (bytes.length > 1 && looksLikeRetry) {
            bytes[0] = 'R';
            if (currentKeyId) {
                bytes[1] = 0;
            }
        }
        InetSocketAddress client = address(new byte[]{10, 0, 0, 1}, 443);
        TokenValidation result = TOKENS.validate(ByteBuffer.wrap(bytes), client, ConnectionId.EMPTY, NOW);
        assertThat(result).isInstanceOf(Invalid.class);
    }
}
