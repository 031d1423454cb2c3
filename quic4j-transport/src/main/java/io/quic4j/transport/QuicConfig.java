package io.quic4j.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Transport settings of a {@link QuicServer} or {@link QuicClient} (DESIGN.md §6): immutable, built with
 * {@link #builder()}, checked when built. Every setting has a default that suits a server on the internet;
 * a setting out of range, or two that contradict each other, fail with a message that says what to
 * change.
 *
 * <pre>{@code
 * QuicConfig config = QuicConfig.builder()
 *         .maxIdleTimeout(Duration.ofSeconds(60))
 *         .maxIncomingBidirectionalStreams(1000)
 *         .build();
 * }</pre>
 *
 * @param maxIdleTimeout how long a connection may stay silent before it is closed (RFC 9000 §10.1);
 *            {@link Duration#ZERO} for no idle timeout
 * @param handshakeTimeout how long a handshake may take
 * @param keepAlivePeriod how often to send a PING on an otherwise quiet connection so that the idle
 *            timeout and NAT bindings do not expire; {@link Duration#ZERO} for none
 * @param connectionReceiveWindow the initial connection-level receive window (initial_max_data); it grows
 *            by itself when the application reads fast
 * @param streamReceiveWindow the initial receive window of each stream (initial_max_stream_data_*)
 * @param streamSendBuffer how many bytes a stream holds that the peer has not acknowledged before writes
 *            wait: one stream needs about a bandwidth-delay product to fill a path (1 MiB, the default, is
 *            80 Mbit/s at 100 ms); it is also what a connection can buffer per stream, so keep it modest on servers
 *            with many streams
 * @param maxIncomingBidirectionalStreams how many bidirectional streams the peer may have open at once
 * @param maxIncomingUnidirectionalStreams how many unidirectional streams the peer may have open at once
 * @param activeConnectionIdLimit how many connection IDs we accept from the peer (at least 2)
 * @param maxDatagramFrameSize the largest DATAGRAM frame we accept (RFC 9221); 0 disables datagrams
 * @param maxDatagramSize the largest UDP payload we send, 1200 to 65527: connections start at 1200 and, above
 *            the default 1200, probe the path up to this size after the handshake (DPLPMTUD, RFC 9000 §14.3)
 * @param congestionControl the congestion controller
 * @param eventLoops how many event-loop threads (each with its own UDP socket on a server)
 * @param maxConnections a server's connection limit across all loops
 * @param handshakeBacklog how many handshakes a server runs at once across all loops
 * @param acceptBacklog how many established connections may wait for {@link QuicServer#accept()}; beyond
 *            that new ones are refused with CONNECTION_REFUSED
 * @param retryPolicy when a server validates client addresses with Retry (RFC 9000 §8.1.2)
 * @param socketBufferSize the UDP socket's send and receive buffer size in bytes (the kernel may cap it)
 * @param qlogDirectory where to write one qlog file per connection, if anywhere; defaults to the
 *            {@code QLOGDIR} environment variable
 * @param leakedStreamErrorCode the application error code with which a stream whose {@link QuicStream}
 *            handle was dropped without being closed is reset (DESIGN.md §3)
 * @param handshakesPerSecondPerAddress how many handshakes per second a server starts for one client address
 *            prefix (IPv4 /24, IPv6 /56; RFC 9000 §21.6); past it, an Initial without a valid token is answered
 *            with a Retry (stateless, so a spoofed source costs nothing) and one from an address a token proved
 *            is refused with CONNECTION_REFUSED. Default 500, split evenly between the loops
 * @param handshakeBurstPerAddress how many handshakes one prefix may start at once; default 1000
 * @param trackedAddressPrefixes how many address prefixes the rate limit remembers per server (the least
 *            recently active are forgotten); default 65536
 * @param statelessAnswersPerSecond how many Version Negotiation, Retry and stateless reset packets a server
 *            sends per second at most (RFC 9000 §6.1, §10.3.3); beyond that, datagrams that would get one are
 *            dropped. Default 10000
 * @param refusalsPerSecond how many Initials per second a server answers with CONNECTION_CLOSE
 *            (CONNECTION_REFUSED when shutting down or full, INVALID_TOKEN, RFC 9000 §5.2.2, §8.1.2) instead of
 *            dropping them; each costs a decryption and an encryption. Default 1000
 * @param bufferCeiling the most bytes a server's connections may hold in stream, CRYPTO, send and DATAGRAM
 *            buffers together, counted in whole pages (RFC 9000 §21.5); from 3/4 of it the connections holding
 *            the most extend no flow-control credit until it is back below 5/8, from 7/8 new connections are
 *            refused with CONNECTION_REFUSED, and past it the connection holding the most is closed with
 *            INTERNAL_ERROR (see {@code io.quic4j.transport.memory}; {@link QuicServer#stats()} shows it).
 *            Credit already granted cannot be taken back, so this bound holds together with the credit granted.
 *            Split evenly between the loops. Default: half the maximum heap, at least 64 MiB
 * @param streamCreditOnClose whether a stream the peer opened returns its stream credit (MAX_STREAMS) only once
 *            the application has also closed its {@link QuicStream} (or the handle was garbage collected, or the
 *            connection ended), rather than as soon as both directions are finished or reset (DESIGN.md §3). RFC
 *            9000 §4.6 leaves it to the receiver when to raise MAX_STREAMS; with this on, a peer that opens
 *            streams and resets them at once (HTTP/3 "rapid reset") gets no new streams while the application's
 *            work for the reset ones still runs, so that work is bounded by the stream limit. It requires the
 *            application to close every stream it accepts (a forgotten handle holds one unit of credit until it
 *            is collected). Default false; {@code Http3Server} turns it on
 */
public record QuicConfig(Duration maxIdleTimeout, Duration handshakeTimeout, Duration keepAlivePeriod,
        long connectionReceiveWindow, long streamReceiveWindow, long streamSendBuffer,
        long maxIncomingBidirectionalStreams,
        long maxIncomingUnidirectionalStreams, int activeConnectionIdLimit, int maxDatagramFrameSize,
        int maxDatagramSize, QuicCongestionControl congestionControl, int eventLoops, int maxConnections,
        int handshakeBacklog, int acceptBacklog, RetryPolicy retryPolicy, int socketBufferSize,
        Optional<Path> qlogDirectory, long leakedStreamErrorCode, int handshakesPerSecondPerAddress,
        int handshakeBurstPerAddress, int trackedAddressPrefixes, int statelessAnswersPerSecond,
        int refusalsPerSecond, long bufferCeiling, boolean streamCreditOnClose) {

    /** When a server sends Retry to validate a client's address before spending a handshake on it. */
    public enum RetryPolicy {
        /** Never: the first Initial starts the handshake. */
        NEVER,
        /** Always, unless the client presents a valid token: costs every new client one round trip. */
        ALWAYS,
        /** Once half of the handshake backlog is in use, the default. */
        UNDER_LOAD
    }

    /** The largest value of a QUIC variable-length integer (RFC 9000 §16). */
    private static final long VARINT_MAX = (1L << 62) - 1;

    /** Checks every setting. */
    public QuicConfig {
        Objects.requireNonNull(maxIdleTimeout, "maxIdleTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(keepAlivePeriod, "keepAlivePeriod");
        Objects.requireNonNull(congestionControl, "congestionControl");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(qlogDirectory, "qlogDirectory");
        if (maxIdleTimeout.isNegative()) {
            throw new IllegalArgumentException("maxIdleTimeout must not be negative (ZERO disables it), was "
                    + maxIdleTimeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
        if (keepAlivePeriod.isNegative()) {
            throw new IllegalArgumentException("keepAlivePeriod must not be negative (ZERO disables it), was "
                    + keepAlivePeriod);
        }
        if (!maxIdleTimeout.isZero() && maxIdleTimeout.compareTo(handshakeTimeout) < 0) {
            throw new IllegalArgumentException("maxIdleTimeout (" + maxIdleTimeout
                    + ") is shorter than handshakeTimeout (" + handshakeTimeout
                    + "): a handshake would time out as idle first; raise maxIdleTimeout or lower handshakeTimeout");
        }
        if (!keepAlivePeriod.isZero() && !maxIdleTimeout.isZero() && keepAlivePeriod.compareTo(maxIdleTimeout) >= 0) {
            throw new IllegalArgumentException("keepAlivePeriod (" + keepAlivePeriod
                    + ") must be shorter than maxIdleTimeout (" + maxIdleTimeout
                    + ") or the connection times out between keep-alives; lower keepAlivePeriod");
        }
        range("connectionReceiveWindow", connectionReceiveWindow, 1, VARINT_MAX);
        range("streamReceiveWindow", streamReceiveWindow, 1, VARINT_MAX);
        range("streamSendBuffer", streamSendBuffer, 1024, 1L << 40);
        if (streamReceiveWindow > connectionReceiveWindow) {
            throw new IllegalArgumentException("streamReceiveWindow (" + streamReceiveWindow
                    + ") is larger than connectionReceiveWindow (" + connectionReceiveWindow
                    + "): one stream could never use it; raise connectionReceiveWindow");
        }
        range("maxIncomingBidirectionalStreams", maxIncomingBidirectionalStreams, 0, 1L << 60);
        range("maxIncomingUnidirectionalStreams", maxIncomingUnidirectionalStreams, 0, 1L << 60);
        range("activeConnectionIdLimit", activeConnectionIdLimit, 2, 64);
        range("maxDatagramFrameSize", maxDatagramFrameSize, 0, 65535);
        range("maxDatagramSize", maxDatagramSize, 1200, 65527);
        range("eventLoops", eventLoops, 1, 256);
        range("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
        range("handshakeBacklog", handshakeBacklog, 1, Integer.MAX_VALUE);
        if (handshakeBacklog > maxConnections) {
            throw new IllegalArgumentException("handshakeBacklog (" + handshakeBacklog
                    + ") is larger than maxConnections (" + maxConnections + "); lower handshakeBacklog");
        }
        range("acceptBacklog", acceptBacklog, 1, Integer.MAX_VALUE);
        range("socketBufferSize", socketBufferSize, 65536, 1 << 30);
        range("leakedStreamErrorCode", leakedStreamErrorCode, 0, VARINT_MAX);
        range("handshakesPerSecondPerAddress", handshakesPerSecondPerAddress, 1, Integer.MAX_VALUE);
        range("handshakeBurstPerAddress", handshakeBurstPerAddress, 1, Integer.MAX_VALUE);
        range("trackedAddressPrefixes", trackedAddressPrefixes, 1, 1 << 24);
        range("statelessAnswersPerSecond", statelessAnswersPerSecond, 1, Integer.MAX_VALUE);
        range("refusalsPerSecond", refusalsPerSecond, 1, Integer.MAX_VALUE);
        range("bufferCeiling", bufferCeiling, 1L << 20, Long.MAX_VALUE);
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", was " + value);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from these settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the defaults */
    public static QuicConfig defaults() {
        return builder().build();
    }

    /** Builds a {@link QuicConfig}; every setter names the record component it sets. */
    public static final class Builder {
        private Duration maxIdleTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration keepAlivePeriod = Duration.ZERO;
        private long connectionReceiveWindow = 16L << 20;
        private long streamReceiveWindow = 2L << 20;
        private long streamSendBuffer = 1L << 20;
        private long maxIncomingBidirectionalStreams = 100;
        private long maxIncomingUnidirectionalStreams = 100;
        private int activeConnectionIdLimit = 4;
        private int maxDatagramFrameSize = 0;
        private int maxDatagramSize = 1200;
        private QuicCongestionControl congestionControl = QuicCongestionControl.CUBIC;
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private int maxConnections = 10_000;
        private int handshakeBacklog = 1_000;
        private int acceptBacklog = 1_024;
        private RetryPolicy retryPolicy = RetryPolicy.UNDER_LOAD;
        private int socketBufferSize = 4 << 20;
        private Optional<Path> qlogDirectory = Optional.ofNullable(System.getenv("QLOGDIR"))
                .filter(s -> !s.isBlank()).map(Path::of);
        private long leakedStreamErrorCode = 0;
        private int handshakesPerSecondPerAddress = 500;
        private int handshakeBurstPerAddress = 1_000;
        private int trackedAddressPrefixes = 65_536;
        private int statelessAnswersPerSecond = 10_000;
        private int refusalsPerSecond = 1_000;
        private long bufferCeiling = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2);
        private boolean streamCreditOnClose;

        /** Starts from the defaults. */
        public Builder() {
        }

        private Builder(QuicConfig c) {
            maxIdleTimeout = c.maxIdleTimeout;
            handshakeTimeout = c.handshakeTimeout;
            keepAlivePeriod = c.keepAlivePeriod;
            connectionReceiveWindow = c.connectionReceiveWindow;
            streamReceiveWindow = c.streamReceiveWindow;
            streamSendBuffer = c.streamSendBuffer;
            maxIncomingBidirectionalStreams = c.maxIncomingBidirectionalStreams;
            maxIncomingUnidirectionalStreams = c.maxIncomingUnidirectionalStreams;
            activeConnectionIdLimit = c.activeConnectionIdLimit;
            maxDatagramFrameSize = c.maxDatagramFrameSize;
            maxDatagramSize = c.maxDatagramSize;
            congestionControl = c.congestionControl;
            eventLoops = c.eventLoops;
            maxConnections = c.maxConnections;
            handshakeBacklog = c.handshakeBacklog;
            acceptBacklog = c.acceptBacklog;
            retryPolicy = c.retryPolicy;
            socketBufferSize = c.socketBufferSize;
            qlogDirectory = c.qlogDirectory;
            leakedStreamErrorCode = c.leakedStreamErrorCode;
            handshakesPerSecondPerAddress = c.handshakesPerSecondPerAddress;
            handshakeBurstPerAddress = c.handshakeBurstPerAddress;
            trackedAddressPrefixes = c.trackedAddressPrefixes;
            statelessAnswersPerSecond = c.statelessAnswersPerSecond;
            refusalsPerSecond = c.refusalsPerSecond;
            bufferCeiling = c.bufferCeiling;
            streamCreditOnClose = c.streamCreditOnClose;
        }

        /**
         * Sets {@link QuicConfig#maxIdleTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxIdleTimeout(Duration v) {
            maxIdleTimeout = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#handshakeTimeout()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handshakeTimeout(Duration v) {
            handshakeTimeout = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#keepAlivePeriod()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder keepAlivePeriod(Duration v) {
            keepAlivePeriod = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#connectionReceiveWindow()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder connectionReceiveWindow(long v) {
            connectionReceiveWindow = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#streamReceiveWindow()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder streamReceiveWindow(long v) {
            streamReceiveWindow = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#streamSendBuffer()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder streamSendBuffer(long v) {
            streamSendBuffer = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#maxIncomingBidirectionalStreams()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxIncomingBidirectionalStreams(long v) {
            maxIncomingBidirectionalStreams = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#maxIncomingUnidirectionalStreams()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxIncomingUnidirectionalStreams(long v) {
            maxIncomingUnidirectionalStreams = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#activeConnectionIdLimit()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder activeConnectionIdLimit(int v) {
            activeConnectionIdLimit = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#maxDatagramFrameSize()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxDatagramFrameSize(int v) {
            maxDatagramFrameSize = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#maxDatagramSize()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxDatagramSize(int v) {
            maxDatagramSize = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#congestionControl()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder congestionControl(QuicCongestionControl v) {
            congestionControl = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#eventLoops()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder eventLoops(int v) {
            eventLoops = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#maxConnections()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#handshakeBacklog()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder handshakeBacklog(int v) {
            handshakeBacklog = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#acceptBacklog()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder acceptBacklog(int v) {
            acceptBacklog = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#retryPolicy()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy v) {
            retryPolicy = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#socketBufferSize()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder socketBufferSize(int v) {
            socketBufferSize = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#qlogDirectory()}.
         *
         * @param v the value; {@code null} for none
         * @return this builder
         */
        public Builder qlogDirectory(Path v) {
            qlogDirectory = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets {@link QuicConfig#leakedStreamErrorCode()}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder leakedStreamErrorCode(long v) {
            leakedStreamErrorCode = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#handshakesPerSecondPerAddress()}.
         *
         * @param v handshakes per second per address prefix, at least 1
         * @return this builder
         */
        public Builder handshakesPerSecondPerAddress(int v) {
            handshakesPerSecondPerAddress = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#handshakeBurstPerAddress()}.
         *
         * @param v the burst, at least 1
         * @return this builder
         */
        public Builder handshakeBurstPerAddress(int v) {
            handshakeBurstPerAddress = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#trackedAddressPrefixes()}.
         *
         * @param v 1 to 2^24
         * @return this builder
         */
        public Builder trackedAddressPrefixes(int v) {
            trackedAddressPrefixes = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#statelessAnswersPerSecond()}.
         *
         * @param v at least 1
         * @return this builder
         */
        public Builder statelessAnswersPerSecond(int v) {
            statelessAnswersPerSecond = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#refusalsPerSecond()}.
         *
         * @param v at least 1
         * @return this builder
         */
        public Builder refusalsPerSecond(int v) {
            refusalsPerSecond = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#bufferCeiling()}.
         *
         * @param v bytes, at least 1 MiB
         * @return this builder
         */
        public Builder bufferCeiling(long v) {
            bufferCeiling = v;
            return this;
        }

        /**
         * Sets {@link QuicConfig#streamCreditOnClose()}.
         *
         * @param v whether a peer stream's credit returns only once the application closed it
         * @return this builder
         */
        public Builder streamCreditOnClose(boolean v) {
            streamCreditOnClose = v;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming the setting to change
         */
        public QuicConfig build() {
            return new QuicConfig(maxIdleTimeout, handshakeTimeout, keepAlivePeriod, connectionReceiveWindow,
                    streamReceiveWindow, streamSendBuffer, maxIncomingBidirectionalStreams,
                    maxIncomingUnidirectionalStreams,
                    activeConnectionIdLimit, maxDatagramFrameSize, maxDatagramSize, congestionControl, eventLoops,
                    maxConnections, handshakeBacklog, acceptBacklog, retryPolicy, socketBufferSize, qlogDirectory,
                    leakedStreamErrorCode, handshakesPerSecondPerAddress, handshakeBurstPerAddress,
                    trackedAddressPrefixes, statelessAnswersPerSecond, refusalsPerSecond, bufferCeiling,
                    streamCreditOnClose);
        }
    }
}
