package io.quic4j.transport.engine;

import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import io.quic4j.transport.congestion.CongestionControl;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.connection.ConnectionTracer;
import io.quic4j.transport.connection.DatagramConfig;
import io.quic4j.transport.endpoint.EndpointLimits;
import io.quic4j.transport.qlog.QlogDirectory;

/** Turns the public {@link QuicConfig} and {@link TlsConfig} into the internal configurations. */
final class EngineConfigs {
    private EngineConfigs() {
    }

    static ConnectionConfig connection(QuicConfig q) {
        DatagramConfig datagrams = q.maxDatagramFrameSize() > 0
                ? DatagramConfig.DISABLED.withMaxFrameSize(q.maxDatagramFrameSize())
                : DatagramConfig.DISABLED;
        ConnectionConfig.Builder b = ConnectionConfig.DEFAULTS.toBuilder()
                .maxIdleTimeout(q.maxIdleTimeout())
                .handshakeTimeout(q.handshakeTimeout())
                .keepAlivePeriod(q.keepAlivePeriod())
                .maxDatagramSize(q.maxDatagramSize())
                .initialMaxData(q.connectionReceiveWindow())
                .initialMaxStreamData(q.streamReceiveWindow())
                .streamSendBuffer(q.streamSendBuffer())
                .initialMaxStreamsBidi(q.maxIncomingBidirectionalStreams())
                .initialMaxStreamsUni(q.maxIncomingUnidirectionalStreams())
                .streamCreditOnClose(q.streamCreditOnClose())
                .activeConnectionIdLimit(q.activeConnectionIdLimit())
                .congestionControl(switch (q.congestionControl()) {
                    case CUBIC -> CongestionControl.CUBIC;
                    case NEW_RENO -> CongestionControl.NEW_RENO;
                })
                .datagrams(datagrams)
                .tracers(q.qlogDirectory().map(QlogDirectory::factory).orElse(ConnectionTracer.Factory.NONE));
        return b.build();
    }

    static TlsEngineConfig tls(TlsConfig t, KeyLogFile keyLog) {
        return TlsEngineConfig.builder()
                .applicationProtocols(t.applicationProtocols())
                .cipherSuites(t.cipherSuites())
                .groups(t.groups())
                .clientAuth(t.clientAuth())
                .credentials(t.certificate().orElse(null))
                .trustManager(t.trustManager().orElse(null))
                .keyLogger(keyLog)
                .build();
    }

    /**
     * One loop's share of the server's protections: rates and the buffer ceiling are split evenly between the
     * loops (each loop owns its limiter and ledger, DESIGN.md §2), bursts too, but never below one.
     */
    static EndpointLimits limits(QuicConfig q) {
        int n = q.eventLoops();
        return new EndpointLimits((double) q.handshakesPerSecondPerAddress() / n,
                Math.max(1, q.handshakeBurstPerAddress() / n), q.trackedAddressPrefixes(), 24, 56,
                (double) q.statelessAnswersPerSecond() / n, (double) q.refusalsPerSecond() / n,
                Math.max(1, q.bufferCeiling() / n));
    }

    static EngineSettings settings(QuicConfig q) {
        return new EngineSettings(q.maxIncomingBidirectionalStreams(), q.maxIncomingUnidirectionalStreams(),
                q.leakedStreamErrorCode(), DatagramConfig.DISABLED.receiveQueueLimit());
    }
}
