package io.quic4j.transport.engine;

/**
 * What the loop-side drivers need of the public {@link io.quic4j.transport.QuicConfig}.
 *
 * @param maxIncomingBidi the peer's bidirectional stream limit we advertise
 * @param maxIncomingUni the peer's unidirectional stream limit we advertise
 * @param leakedStreamErrorCode the code for streams whose handle was dropped without close
 * @param datagramQueueLimit received datagrams kept for the application at most
 */
record EngineSettings(long maxIncomingBidi, long maxIncomingUni, long leakedStreamErrorCode, int datagramQueueLimit) {
}
