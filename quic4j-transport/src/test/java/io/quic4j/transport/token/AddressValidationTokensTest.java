package io.quic4j.transport.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.token.TokenValidation.Invalid;
import io.quic4j.transport.token.TokenValidation.Reason;
import io.quic4j.transport.token.TokenValidation.ValidNewToken;
import io.quic4j.transport.token.TokenValidation.ValidRetry;
import io.quic4j.transport.wire.ConnectionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AddressValidationTokensTest {
    static final long NOW = 1_750_000_000_000L;
    static final ConnectionId ODCID = ConnectionId.ofHex("8394c8f03e515708");
    static final ConnectionId RSCID = ConnectionId.ofHex("f067a5502a4262b5");

    private final RandomGenerator random = new SplittableRandom(7);
    private final AddressValidationTokens tokens = new AddressValidationTokens(key(1));

    static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static final InetSocketAddress CLIENT = address("192.0.2.1", 4433);

    private ByteBuffer retryToken() {
        return tokens.mintRetryToken(CLIENT, ODCID, RSCID, NOW, random);
    }

    private static Invalid invalid(TokenKind kind, Reason reason) {
        return new Invalid(kind, reason);
    }

    /** RFC 9000 §8.1.2, §7.3: a Retry token gives back the connection IDs the server must echo. */
    @Test
    void retryTokenValidatesAndCarriesTheConnectionIds() {
        TokenValidation result = tokens.validate(retryToken(), CLIENT, RSCID, NOW + 1000);
        assertThat(result).isEqualTo(new ValidRetry(ODCID, RSCID, NOW));
        assertThat(result.action()).isEqualTo(TokenAction.VALIDATED);
    }

    /** RFC 9000 §8.1.3. */
    @Test
    void newTokenValidates() {
        ByteBuffer token = tokens.mintNewToken(CLIENT, NOW, random);
        TokenValidation result = tokens.validate(token, CLIENT, RSCID, NOW + 3_600_000);
        assertThat(result).isEqualTo(new ValidNewToken(NOW));
        assertThat(result.action()).isEqualTo(TokenAction.VALIDATED);
    }

    /**
     * RFC 9000 §8.1.1: tokens "MUST be constructed in a way that allows the server to identify how it was
     * provided to a client"; the kind cannot be changed without failing authentication.
     */
    @Test
    void kindsAreDistinguishableAndCannotBeSwapped() {
        ByteBuffer retry = retryToken();
        ByteBuffer newToken = tokens.mintNewToken(CLIENT, NOW, random);
        assertThat(retry.get(0)).isNotEqualTo(newToken.get(0));
        retry.put(0, newToken.get(0));
        assertThat(tokens.validate(retry, CLIENT, RSCID, NOW))
                .isEqualTo(invalid(TokenKind.NEW_TOKEN, Reason.NOT_AUTHENTIC));
    }

    /**
     * RFC 9000 §8.1.4: Retry tokens "are only accepted for a short time"; §8.1.2: an invalid Retry token
     * closes with INVALID_TOKEN.
     */
    @Test
    void expiredRetryTokenClosesWithInvalidToken() {
        long late = NOW + AddressValidationTokens.DEFAULT_RETRY_LIFETIME.toMillis() + 1;
        TokenValidation result = tokens.validate(retryToken(), CLIENT, RSCID, late);
        assertThat(result).isEqualTo(invalid(TokenKind.RETRY, Reason.EXPIRED));
        assertThat(result.action()).isEqualTo(TokenAction.CLOSE_INVALID_TOKEN);
    }

    /** RFC 9000 §8.1.3: "a token SHOULD have an expiration time"; an invalid one counts as no token. */
    @Test
    void expiredNewTokenCountsAsNoToken() {
        ByteBuffer token = tokens.mintNewToken(CLIENT, NOW, random);
        long late = NOW + AddressValidationTokens.DEFAULT_NEW_TOKEN_LIFETIME.toMillis() + 1;
        TokenValidation result = tokens.validate(token, CLIENT, RSCID, late);
        assertThat(result).isEqualTo(invalid(TokenKind.NEW_TOKEN, Reason.EXPIRED));
        assertThat(result.action()).isEqualTo(TokenAction.UNVALIDATED);
    }

    /** A token minted far in the future (beyond the allowed clock skew) is not accepted. */
    @Test
    void rejectsATokenIssuedInTheFuture() {
        long early = NOW - AddressValidationTokens.CLOCK_SKEW.toMillis() - 1;
        assertThat(tokens.validate(retryToken(), CLIENT, RSCID, early))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.EXPIRED));
        assertThat(tokens.validate(retryToken(), CLIENT, RSCID, early + 1)).isInstanceOf(ValidRetry.class);
    }

    /** Lifetimes are configurable. */
    @Test
    void honoursConfiguredLifetimes() {
        AddressValidationTokens shortLived = new AddressValidationTokens(key(1), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
        ByteBuffer retry = shortLived.mintRetryToken(CLIENT, ODCID, RSCID, NOW, random);
        assertThat(shortLived.validate(retry, CLIENT, RSCID, NOW + 1000)).isInstanceOf(ValidRetry.class);
        assertThat(shortLived.validate(retry, CLIENT, RSCID, NOW + 1001))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.EXPIRED));
        assertThatThrownBy(() -> new AddressValidationTokens(key(1), Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * RFC 9000 §8.1.4: "Tokens sent in Retry packets SHOULD include information that allows the server to verify
     * that the source IP address and port in client packets remain constant."
     */
    @Test
    void retryTokenIsBoundToIpAddressAndPort() {
        assertThat(tokens.validate(retryToken(), address("192.0.2.1", 4434), RSCID, NOW))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.WRONG_ADDRESS));
        assertThat(tokens.validate(retryToken(), address("192.0.2.2", 4433), RSCID, NOW))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.WRONG_ADDRESS));
    }

    /**
     * RFC 9000 §8.1.4: NEW_TOKEN tokens "MUST include information that allows the server to verify that the
     * client IP address has not changed"; §8.1.3: the port is unlikely to be the same, so it is not bound.
     */
    @Test
    void newTokenIsBoundToIpAddressOnly() {
        ByteBuffer token = tokens.mintNewToken(CLIENT, NOW, random);
        assertThat(tokens.validate(token, address("192.0.2.1", 50000), RSCID, NOW)).isInstanceOf(ValidNewToken.class);
        TokenValidation moved = tokens.validate(token, address("198.51.100.9", 4433), RSCID, NOW);
        assertThat(moved).isEqualTo(invalid(TokenKind.NEW_TOKEN, Reason.WRONG_ADDRESS));
        assertThat(moved.action()).isEqualTo(TokenAction.UNVALIDATED);
    }

    @Test
    void ipv6AddressesAreBoundToo() {
        InetSocketAddress v6 = address("2001:db8::1", 443);
        ByteBuffer token = tokens.mintRetryToken(v6, ODCID, RSCID, NOW, random);
        assertThat(tokens.validate(token, v6, RSCID, NOW)).isInstanceOf(ValidRetry.class);
        assertThat(tokens.validate(token, address("2001:db8::2", 443), RSCID, NOW))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.WRONG_ADDRESS));
    }

    /** RFC 9000 §17.2.5.2: the client's Initial after a Retry goes to the Retry's Source Connection ID. */
    @Test
    void retryTokenIsOnlyValidForTheRetrysConnectionId() {
        assertThat(tokens.validate(retryToken(), CLIENT, ODCID, NOW))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.WRONG_CONNECTION_ID));
    }

    /** RFC 9000 §8.1.4: "the token MUST be covered by integrity protection against modification or falsification". */
    @Test
    void rejectsTokensOfAnotherKey() {
        ByteBuffer token = new AddressValidationTokens(key(2)).mintRetryToken(CLIENT, ODCID, RSCID, NOW, random);
        assertThat(tokens.validate(token, CLIENT, RSCID, NOW))
                .isEqualTo(invalid(TokenKind.RETRY, Reason.NOT_AUTHENTIC));
    }

    /** After a key rotation, tokens of the previous key are still accepted; older ones are not. */
    @Test
    void acceptsTokensOfThePreviousKeyAfterRotation() {
        ByteBuffer old = retryToken();
        AddressValidationTokens rotated = tokens.rotate(key(2));
        assertThat(rotated.validate(old, CLIENT, RSCID, NOW)).isInstanceOf(ValidRetry.class);
        ByteBuffer fresh = rotated.mintRetryToken(CLIENT, ODCID, RSCID, NOW, random);
        assertThat(rotated.validate(fresh, CLIENT, RSCID, NOW)).isInstanceOf(ValidRetry.class);
        assertThat(tokens.validate(fresh, CLIENT, RSCID, NOW)).as("the old instance does not know the new key")
                .isEqualTo(invalid(TokenKind.RETRY, Reason.NOT_AUTHENTIC));
        AddressValidationTokens twice = rotated.rotate(key(3));
        assertThat(twice.validate(old, CLIENT, RSCID, NOW)).isEqualTo(invalid(TokenKind.RETRY, Reason.NOT_AUTHENTIC));
        assertThat(twice.validate(fresh, CLIENT, RSCID, NOW)).isInstanceOf(ValidRetry.class);
    }

    /** Tokens are bounded: the longest we mint fits the limit, anything longer is refused unread. */
    @Test
    void tokensAreBoundedInSize() {
        InetSocketAddress v6 = address("2001:db8::1", 443);
        ConnectionId longest = ConnectionId.of(new byte[20]);
        ByteBuffer token = tokens.mintRetryToken(v6, longest, longest, NOW, random);
        assertThat(token.remaining()).isEqualTo(AddressValidationTokens.MAX_TOKEN_LENGTH);
        ByteBuffer tooLong = ByteBuffer.allocate(AddressValidationTokens.MAX_TOKEN_LENGTH + 1).put(0, (byte) 'R');
        assertThat(tokens.validate(tooLong, v6, longest, NOW)).isEqualTo(invalid(TokenKind.RETRY, Reason.MALFORMED));
    }

    /** Malformed tokens give a clean result: empty, truncated, or not one of our kinds. */
    @Test
    void malformedTokensAreInvalidNotExceptions() {
        assertThat(tokens.validate(ByteBuffer.allocate(0), CLIENT, RSCID, NOW))
                .isEqualTo(invalid(TokenKind.UNKNOWN, Reason.MALFORMED));
        ByteBuffer truncated = retryToken();
        truncated.limit(truncated.limit() - 20);
        assertThat(tokens.validate(truncated, CLIENT, RSCID, NOW)).extracting(TokenValidation::action)
                .isEqualTo(TokenAction.CLOSE_INVALID_TOKEN);
        TokenValidation foreign = tokens.validate(ByteBuffer.wrap(new byte[]{0x01, 0x02, 0x03}), CLIENT, RSCID, NOW);
        assertThat(foreign).isEqualTo(invalid(TokenKind.UNKNOWN, Reason.UNKNOWN_KIND));
        assertThat(foreign.action()).isEqualTo(TokenAction.UNVALIDATED);
    }

    /** RFC 9000 §8.1.3: "A server MUST ensure that every NEW_TOKEN frame it sends is unique across all clients". */
    @Test
    void newTokensAreUnique() {
        assertThat(tokens.mintNewToken(CLIENT, NOW, random)).isNotEqualTo(tokens.mintNewToken(CLIENT, NOW, random));
    }

    /** RFC 9000 §8.1.3: a NEW_TOKEN token must not let an observer link it to the client: no clear address. */
    @Test
    void tokensDoNotRevealTheAddressInClearText() {
        byte[] bytes = new byte[tokens.mintNewToken(CLIENT, NOW, random).remaining()];
        tokens.mintNewToken(CLIENT, NOW, random).get(bytes);
        byte[] ip = CLIENT.getAddress().getAddress();
        for (int i = 0; i + ip.length <= bytes.length; i++) {
            assertThat(Arrays.copyOfRange(bytes, i, i + ip.length)).isNotEqualTo(ip);
        }
    }

    @Test
    void validationLeavesTheTokenPositionAlone() {
        ByteBuffer token = retryToken();
        tokens.validate(token, CLIENT, RSCID, NOW);
        assertThat(token.position()).isZero();
    }

    @Test
    void rejectsKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> new AddressValidationTokens(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.rotate(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
