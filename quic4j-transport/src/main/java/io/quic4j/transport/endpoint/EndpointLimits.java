package io.quic4j.transport.endpoint;

/**
 * The protections of one {@link ServerEndpoint} against floods and overload (DESIGN.md §5, RFC 9000 §21). A
 * server with several loops gives each loop its share of the server-wide figures.
 *
 * @param handshakesPerSecondPerPrefix handshakes per second one address prefix may start (RFC 9000 §21.6);
 *            past it, an Initial without a valid token gets a Retry (stateless: a spoofed source costs us
 *            nothing) and one whose address a token proved is refused with CONNECTION_REFUSED
 * @param handshakeBurstPerPrefix how many handshakes a prefix may start at once, at least 1
 * @param trackedPrefixes how many prefixes the limiter remembers; the least recently active is forgotten
 * @param ipv4PrefixBits IPv4 prefix length the limit applies to, 8 to 32
 * @param ipv6PrefixBits IPv6 prefix length the limit applies to, 16 to 128
 * @param statelessAnswersPerSecond Version Negotiation, Retry and stateless reset packets sent per second at
 *            most (RFC 9000 §6.1 "A server MAY limit the number of packets to which it responds with a Version
 *            Negotiation packet", §10.3.3 on limiting stateless resets); a flood beyond it is dropped
 * @param refusalsPerSecond Initials answered with CONNECTION_CLOSE (CONNECTION_REFUSED, INVALID_TOKEN) per
 *            second at most: each costs a decryption and an encryption, so a flood must not turn it into a CPU
 *            sink
 * @param bufferCeiling the most bytes the endpoint's connections may hold in buffers ({@code transport.memory})
 */
public record EndpointLimits(double handshakesPerSecondPerPrefix, int handshakeBurstPerPrefix, int trackedPrefixes,
        int ipv4PrefixBits, int ipv6PrefixBits, double statelessAnswersPerSecond, double refusalsPerSecond,
        long bufferCeiling) {

    /** No practical limit: what endpoints built without limits get (tests, the simulator). */
    public static final EndpointLimits NONE = new EndpointLimits(1e12, Integer.MAX_VALUE, 1, 24, 56, 1e12, 1e12,
            Long.MAX_VALUE);

    /** Checks the settings. */
    public EndpointLimits {
        if (!(handshakesPerSecondPerPrefix > 0) || handshakeBurstPerPrefix < 1 || trackedPrefixes < 1
                || ipv4PrefixBits < 8 || ipv4PrefixBits > 32 || ipv6PrefixBits < 16 || ipv6PrefixBits > 128
                || !(statelessAnswersPerSecond > 0) || !(refusalsPerSecond > 0) || bufferCeiling < 1) {
            throw new IllegalArgumentException("invalid endpoint limits: handshakesPerSecondPerPrefix "
                    + handshakesPerSecondPerPrefix + " (> 0), handshakeBurstPerPrefix " + handshakeBurstPerPrefix
                    + " (>= 1), trackedPrefixes " + trackedPrefixes + " (>= 1), ipv4PrefixBits " + ipv4PrefixBits
                    + " (8-32), ipv6PrefixBits " + ipv6PrefixBits + " (16-128), statelessAnswersPerSecond "
                    + statelessAnswersPerSecond + " (> 0), refusalsPerSecond " + refusalsPerSecond
                    + " (> 0), bufferCeiling " + bufferCeiling + " (>= 1)");
        }
    }

    /**
     * @param v handshakes per second per prefix
     * @param burst the burst
     * @return a copy with that handshake rate
     */
    public EndpointLimits withHandshakeRate(double v, int burst) {
        return new EndpointLimits(v, burst, trackedPrefixes, ipv4PrefixBits, ipv6PrefixBits,
                statelessAnswersPerSecond, refusalsPerSecond, bufferCeiling);
    }

    /**
     * @param answers stateless answers per second
     * @param refusals refusals per second
     * @return a copy with those rates
     */
    public EndpointLimits withStatelessRates(double answers, double refusals) {
        return new EndpointLimits(handshakesPerSecondPerPrefix, handshakeBurstPerPrefix, trackedPrefixes,
                ipv4PrefixBits, ipv6PrefixBits, answers, refusals, bufferCeiling);
    }

    /**
     * @param v the buffer ceiling in bytes
     * @return a copy with that ceiling
     */
    public EndpointLimits withBufferCeiling(long v) {
        return new EndpointLimits(handshakesPerSecondPerPrefix, handshakeBurstPerPrefix, trackedPrefixes,
                ipv4PrefixBits, ipv6PrefixBits, statelessAnswersPerSecond, refusalsPerSecond, v);
    }
}
