package io.quic4j.transport.wire.params;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/** jqwik arbitraries of valid transport parameter sets, for either sender. */
final class ParamArbitraries {
    private ParamArbitraries() {
    }

    static Arbitrary<TransportParameters> parameters(Role sender) {
        boolean server = sender == Role.SERVER;
        var combinator = Builders.withBuilder(TransportParameters::builder)
                .use(Arbitraries.longs().between(0, VarInt.MAX).map(Duration::ofMillis)).withProbability(0.5)
                .in(TransportParameters.Builder::maxIdleTimeout)
                .use(Arbitraries.longs().between(TransportParameters.MIN_MAX_UDP_PAYLOAD_SIZE, VarInt.MAX))
                .withProbability(0.5).in(TransportParameters.Builder::maxUdpPayloadSize)
                .use(varints()).withProbability(0.5).in(TransportParameters.Builder::initialMaxData)
                .use(varints()).withProbability(0.5).in(TransportParameters.Builder::initialMaxStreamDataBidiLocal)
                .use(varints()).withProbability(0.5).in(TransportParameters.Builder::initialMaxStreamDataBidiRemote)
                .use(varints()).withProbability(0.5).in(TransportParameters.Builder::initialMaxStreamDataUni)
                .use(streams()).withProbability(0.5).in(TransportParameters.Builder::initialMaxStreamsBidi)
                .use(streams()).withProbability(0.5).in(TransportParameters.Builder::initialMaxStreamsUni)
                .use(Arbitraries.integers().between(0, TransportParameters.MAX_ACK_DELAY_EXPONENT))
                .withProbability(0.5).in(TransportParameters.Builder::ackDelayExponent)
                .use(Arbitraries.longs().between(0, TransportParameters.MAX_ACK_DELAY_LIMIT_MILLIS - 1)
                        .map(Duration::ofMillis))
                .withProbability(0.5).in(TransportParameters.Builder::maxAckDelay)
                .use(Arbitraries.of(true, false)).in(TransportParameters.Builder::disableActiveMigration)
                .use(Arbitraries.longs().between(TransportParameters.MIN_ACTIVE_CONNECTION_ID_LIMIT, VarInt.MAX))
                .withProbability(0.5).in(TransportParameters.Builder::activeConnectionIdLimit)
                .use(connectionIds(0)).withProbability(0.8).in(TransportParameters.Builder::initialSourceConnectionId)
                .use(versionInformation(sender)).withProbability(0.5)
                .in(TransportParameters.Builder::versionInformation)
                .use(varints()).withProbability(0.5).in(TransportParameters.Builder::maxDatagramFrameSize);
        if (server) {
            combinator = combinator
                    .use(connectionIds(0)).withProbability(0.8)
                    .in(TransportParameters.Builder::originalDestinationConnectionId)
                    .use(tokens()).withProbability(0.5).in(TransportParameters.Builder::statelessResetToken)
                    .use(preferredAddresses()).withProbability(0.3).in(TransportParameters.Builder::preferredAddress)
                    .use(connectionIds(0)).withProbability(0.3)
                    .in(TransportParameters.Builder::retrySourceConnectionId);
        }
        return combinator.build(b -> {
            if (b.preferredAddressWithZeroLengthCid()) {
                b.initialSourceConnectionId(ConnectionId.of((byte) 1));
            }
            return b.build();
        });
    }

    static Arbitrary<Long> varints() {
        return Arbitraries.longs().between(0, VarInt.MAX);
    }

    static Arbitrary<Long> streams() {
        return Arbitraries.longs().between(0, TransportParameters.MAX_STREAMS);
    }

    static Arbitrary<ConnectionId> connectionIds(int minLength) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minLength).ofMaxSize(ConnectionId.MAX_LENGTH)
                .map(ConnectionId::of);
    }

    static Arbitrary<StatelessResetToken> tokens() {
        return Arbitraries.bytes().array(byte[].class).ofSize(StatelessResetToken.LENGTH)
                .map(StatelessResetToken::of);
    }

    static Arbitrary<PreferredAddress> preferredAddresses() {
        Arbitrary<Inet4Address> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4)
                .map(b -> (Inet4Address) address(b));
        Arbitrary<Inet6Address> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16).map(ParamArbitraries::v6);
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 0xffff);
        return Combinators.combine(v4, ports, v6, ports, connectionIds(1), tokens()).as(PreferredAddress::new);
    }

    static Arbitrary<VersionInformation> versionInformation(Role sender) {
        Arbitrary<Integer> versions = Arbitraries.oneOf(Arbitraries.of(QuicVersion.V1.wire(), QuicVersion.V2.wire()),
                Arbitraries.integers().filter(v -> v != 0));
        return Combinators.combine(versions, versions.list().ofMaxSize(6)).as((chosen, available) -> {
            if (sender == Role.CLIENT && !available.contains(chosen)) {
                List<Integer> withChosen = new ArrayList<>(available);
                withChosen.add(0, chosen);
                return new VersionInformation(chosen, withChosen);
            }
            return new VersionInformation(chosen, available);
        });
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Inet6Address v6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
