/**
 * QUIC transport parameters (RFC 9000 §7.3, §7.4, §18), with max_datagram_frame_size (RFC 9221 §3)
 * and version_information (RFC 9368 §3, for QUIC v2 compatible version negotiation, RFC 9369).
 *
 * <p>Start with {@link io.quic4j.transport.wire.params.TransportParameters}: an always-valid record with
 * a builder, {@code encode} and {@code decode}; the wire form and every receive-side check live in
 * {@code TransportParametersCodec}. {@link io.quic4j.transport.wire.params.PreferredAddress} and
 * {@link io.quic4j.transport.wire.params.VersionInformation} are the two structured values.
 * {@link io.quic4j.transport.wire.params.ZeroRttParameters} holds the 0-RTT remember/compare rules
 * (§7.4.1), {@link io.quic4j.transport.wire.params.ConnectionIdAuthentication} the connection ID checks
 * (§7.3), and {@link io.quic4j.transport.wire.params.GreaseParameter} the reserved parameters (§18.1).
 *
 * <p>Decoding raises only {@link io.quic4j.transport.QuicTransportException}, with
 * TRANSPORT_PARAMETER_ERROR for every malformed or invalid parameter. Unknown parameters are skipped,
 * but a repeated id is a duplicate whether quic4j knows it or not (§7.4).
 */
package io.quic4j.transport.wire.params;
