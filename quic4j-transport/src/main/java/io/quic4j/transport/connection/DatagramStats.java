package io.quic4j.transport.connection;

/**
 * A snapshot of one connection's DATAGRAM counters (RFC 9221).
 *
 * @param queued datagrams accepted by {@link Connection#sendDatagram}
 * @param sent DATAGRAM frames sent
 * @param acknowledged sent datagrams whose packet was acknowledged (RFC 9221 §5.2)
 * @param lost sent datagrams whose packet was declared lost; never sent again (RFC 9221 §5)
 * @param sendDropped queued datagrams dropped unsent because the send queue was full (oldest first)
 * @param received DATAGRAM frames received and delivered as events
 * @param receiveDropped received datagrams dropped because the receive queue was full
 */
public record DatagramStats(long queued, long sent, long acknowledged, long lost, long sendDropped, long received,
        long receiveDropped) {
}
