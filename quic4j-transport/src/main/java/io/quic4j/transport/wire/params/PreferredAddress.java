package io.quic4j.transport.wire.params;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's preferred_address transport parameter (RFC 9000 §18.2, §9.6): an IPv4 and an IPv6
 * address with ports, and a connection ID with its stateless reset token (sequence number 1).
 *
 * <p>A server that offers only one address family sends the all-zero address and port for the other
 * (0.0.0.0:0 or [::]:0); {@link #ipv4()} and {@link #ipv6()} return empty for those.
 *
 * <pre>
 * Preferred Address {
 *   IPv4 Address (32), IPv4 Port (16), IPv6 Address (128), IPv6 Port (16),
 *   Connection ID Length (8), Connection ID (..), Stateless Reset Token (128),
 * }
 * </pre>
 *
 * @param ipv4Address the IPv4 address, 0.0.0.0 if none
 * @param ipv4Port 0-65535, 0 if none
 * @param ipv6Address the IPv6 address, :: if none
 * @param ipv6Port 0-65535, 0 if none
 * @param connectionId 1 to 20 bytes
 * @param statelessResetToken the token for {@code connectionId}
 */
public record PreferredAddress(Inet4Address ipv4Address, int ipv4Port, Inet6Address ipv6Address, int ipv6Port,
        ConnectionId connectionId, StatelessResetToken statelessResetToken) {

    /** Length of everything but the connection ID: 4 + 2 + 16 + 2 + 1 + 16 bytes. */
    static final int FIXED_LENGTH = 41;

    /** 0.0.0.0, for a preferred address without IPv4. */
    public static final Inet4Address NO_IPV4 = ipv4(new byte[4]);
    /** ::, for a preferred address without IPv6. */
    public static final Inet6Address NO_IPV6 = ipv6(new byte[16]);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a port is out of range or the connection ID is empty
     */
    public PreferredAddress {
        Objects.requireNonNull(ipv4Address, "ipv4Address (use PreferredAddress.NO_IPV4 for none)");
        Objects.requireNonNull(ipv6Address, "ipv6Address (use PreferredAddress.NO_IPV6 for none)");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(statelessResetToken, "statelessResetToken");
        requirePort("ipv4Port", ipv4Port);
        requirePort("ipv6Port", ipv6Port);
        if (connectionId.length() == 0) {
            // RFC 9000 §18.2: "a server MUST NOT include a zero-length connection ID in this transport parameter"
            throw new IllegalArgumentException(
                    "preferred_address needs a connection ID of 1 to 20 bytes; a server using zero-length "
                            + "connection IDs must not send a preferred address");
        }
    }

    /**
     * A preferred address with both families.
     *
     * @param ipv4 an IPv4 socket address (resolved)
     * @param ipv6 an IPv6 socket address (resolved)
     * @param connectionId 1 to 20 bytes
     * @param statelessResetToken the token for {@code connectionId}
     * @return the preferred address
     */
    public static PreferredAddress of(InetSocketAddress ipv4, InetSocketAddress ipv6, ConnectionId connectionId,
            StatelessResetToken statelessResetToken) {
        if (!(ipv4.getAddress() instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("ipv4 must be a resolved IPv4 socket address, was " + ipv4);
        }
        if (!(ipv6.getAddress() instanceof Inet6Address v6)) {
            throw new IllegalArgumentException("ipv6 must be a resolved IPv6 socket address, was " + ipv6);
        }
        return new PreferredAddress(v4, ipv4.getPort(), v6, ipv6.getPort(), connectionId, statelessResetToken);
    }

    /** @return the IPv4 address and port, or empty if the server sent 0.0.0.0:0 */
    public Optional<InetSocketAddress> ipv4() {
        return ipv4Port == 0 && ipv4Address.equals(NO_IPV4)
                ? Optional.empty()
                : Optional.of(new InetSocketAddress(ipv4Address, ipv4Port));
    }

    /** @return the IPv6 address and port, or empty if the server sent [::]:0 */
    public Optional<InetSocketAddress> ipv6() {
        return ipv6Port == 0 && ipv6Address.equals(NO_IPV6)
                ? Optional.empty()
                : Optional.of(new InetSocketAddress(ipv6Address, ipv6Port));
    }

    /** @return the length of the encoded value in bytes */
    int encodedLength() {
        return FIXED_LENGTH + connectionId.length();
    }

    /**
     * Writes the value (without parameter id and length).
     *
     * @param out advanced by {@link #encodedLength()}
     */
    void writeTo(ByteBuffer out) {
        out.put(ipv4Address.getAddress());
        out.putShort((short) ipv4Port);
        out.put(ipv6Address.getAddress());
        out.putShort((short) ipv6Port);
        out.put((byte) connectionId.length());
        connectionId.writeTo(out);
        statelessResetToken.writeTo(out);
    }

    /**
     * Reads the value of a preferred_address parameter, which must fill {@code value} exactly.
     *
     * @param value the parameter value
     * @return the preferred address
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR if malformed
     */
    static PreferredAddress read(ByteBuffer value) {
        if (value.remaining() < FIXED_LENGTH + 1) {
            throw malformed("preferred_address is " + value.remaining() + " bytes, at least 42 needed");
        }
        byte[] v4 = new byte[4];
        value.get(v4);
        int v4Port = value.getShort() & 0xffff;
        byte[] v6 = new byte[16];
        value.get(v6);
        int v6Port = value.getShort() & 0xffff;
        int cidLength = value.get() & 0xff;
        if (cidLength == 0) {
            // RFC 9000 §18.2: "a server MUST NOT include a zero-length connection ID in this transport
            // parameter. A client MUST treat a violation of these requirements as a connection error of
            // type TRANSPORT_PARAMETER_ERROR."
            throw malformed("preferred_address has a zero-length connection ID");
        }
        if (cidLength > ConnectionId.MAX_LENGTH) {
            throw malformed("preferred_address connection ID is " + cidLength + " bytes, at most 20 allowed");
        }
        if (value.remaining() != cidLength + StatelessResetToken.LENGTH) {
            throw malformed("preferred_address length does not match its connection ID length " + cidLength);
        }
        ConnectionId cid = ConnectionId.read(value, value.position(), cidLength);
        value.position(value.position() + cidLength);
        StatelessResetToken token = StatelessResetToken.read(value);
        return new PreferredAddress(ipv4(v4), v4Port, ipv6(v6), v6Port, cid, token);
    }

    private static QuicTransportException malformed(String message) {
        return QuicTransportException.of(TransportError.TRANSPORT_PARAMETER_ERROR, message);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(name + " must be 0-65535, was " + port);
        }
    }

    private static Inet4Address ipv4(byte[] address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    // InetAddress.getByAddress would turn an IPv4-mapped IPv6 address into an Inet4Address; the wire
    // field is IPv6 whatever its bytes, so keep it as one.
    private static Inet6Address ipv6(byte[] address) {
        try {
            return Inet6Address.getByAddress(null, address, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }
}
