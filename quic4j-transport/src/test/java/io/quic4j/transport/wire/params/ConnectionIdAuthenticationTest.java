package io.quic4j.transport.wire.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** RFC 9000 §7.3, with the connection IDs of its Figures 7 and 8 (C1, S1, S2, S3). */
class ConnectionIdAuthenticationTest {

    private static final ConnectionId C1 = ConnectionId.ofHex("c1c1");
    private static final ConnectionId S1 = ConnectionId.ofHex("5151");
    private static final ConnectionId S2 = ConnectionId.ofHex("5252");
    private static final ConnectionId S3 = ConnectionId.ofHex("5353");

    private static final TransportParameters CLIENT = TransportParameters.builder().initialSourceConnectionId(C1)
            .build();
    private static final TransportParameters SERVER = TransportParameters.builder().initialSourceConnectionId(S3)
            .originalDestinationConnectionId(S1).build();
    private static final TransportParameters SERVER_AFTER_RETRY = SERVER.toBuilder().retrySourceConnectionId(S2)
            .build();

    @Test
    void acceptsHandshakeWithoutRetry() {
        ConnectionIdAuthentication.validateClientConnectionIds(CLIENT, C1);
        ConnectionIdAuthentication.validateServerConnectionIds(SERVER, S3, S1, Optional.empty());
        assertThat(SERVER.retrySourceConnectionId()).isEmpty();
    }

    @Test
    void acceptsHandshakeWithRetry() {
        ConnectionIdAuthentication.validateServerConnectionIds(SERVER_AFTER_RETRY, S3, S1, Optional.of(S2));
        assertThat(SERVER_AFTER_RETRY.retrySourceConnectionId()).contains(S2);
    }

    @Test
    void rejectsMissingInitialSourceConnectionId() {
        assertTpe(() -> ConnectionIdAuthentication.validateClientConnectionIds(TransportParameters.DEFAULTS, C1));
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(
                SERVER.toBuilder().initialSourceConnectionId(null).build(), S3, S1, Optional.empty()));
    }

    @Test
    void rejectsMismatchedInitialSourceConnectionId() {
        assertTpe(() -> ConnectionIdAuthentication.validateClientConnectionIds(CLIENT, S1));
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(SERVER, S2, S1, Optional.empty()));
    }

    @Test
    void rejectsMissingOrMismatchedOriginalDestinationConnectionId() {
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(
                SERVER.toBuilder().originalDestinationConnectionId(null).build(), S3, S1, Optional.empty()));
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(SERVER, S3, S2, Optional.empty()));
    }

    @Test
    void rejectsMissingRetrySourceConnectionIdAfterRetry() {
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(SERVER, S3, S1, Optional.of(S2)));
    }

    @Test
    void rejectsRetrySourceConnectionIdWithoutRetry() {
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(SERVER_AFTER_RETRY, S3, S1,
                Optional.empty()));
    }

    @Test
    void rejectsMismatchedRetrySourceConnectionId() {
        assertTpe(() -> ConnectionIdAuthentication.validateServerConnectionIds(SERVER_AFTER_RETRY, S3, S1,
                Optional.of(S3)));
    }

    private static void assertTpe(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuicTransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR));
    }
}
