package io.quic4j.http3.overload;

import static io.quic4j.http3.CircuitBreakerState.BLOCKED;
import static io.quic4j.http3.CircuitBreakerState.DEGRADED;
import static io.quic4j.http3.CircuitBreakerState.HEALTHY;
import static io.quic4j.http3.overload.Admission.Decision.ADMIT;
import static io.quic4j.http3.overload.Admission.Decision.REFUSE;
import static io.quic4j.http3.overload.Admission.Decision.SHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerState;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link Admission}: what each breaker state does to a new request (DESIGN.md §5). */
class AdmissionTest {
    /** capacity 100, shedding at half: 50 on the server, 5 of a connection's 10. */
    private static final CircuitBreakerConfig C = CircuitBreakerConfig.builder().capacity(100).sheddingFraction(0.5)
            .healthPaths(Set.of("/healthz")).build();

    @Test
    void healthyAdmitsEvenOverCapacity() {
        assertThat(Admission.decide(C, HEALTHY, "/", 1_000, 9, 10)).isEqualTo(ADMIT);
    }

    @Test
    void degradedAdmitsUnderCapacity() {
        assertThat(Admission.decide(C, DEGRADED, "/", 49, 4, 10)).isEqualTo(ADMIT);
    }

    @Test
    void degradedShedsWhenTheServerIsOverCapacity() {
        assertThat(Admission.decide(C, DEGRADED, "/", 50, 0, 10)).isEqualTo(SHED);
    }

    @Test
    void degradedShedsWhenTheConnectionIsBusy() {
        assertThat(Admission.decide(C, DEGRADED, "/", 0, 5, 10)).isEqualTo(SHED);
    }

    @Test
    void degradedNeverShedsAnIdleConnection() {
        CircuitBreakerConfig tiny = C.toBuilder().sheddingFraction(0.01).build();

        assertThat(Admission.decide(tiny, DEGRADED, "/", 0, 0, 10)).isEqualTo(ADMIT);
    }

    @Test
    void blockedRefuses() {
        assertThat(Admission.decide(C, BLOCKED, "/index.html", 0, 0, 10)).isEqualTo(REFUSE);
    }

    @Test
    void healthPathIgnoresTheQuery() {
        assertThat(Admission.decide(C, BLOCKED, "/healthz?verbose=1", 0, 0, 10)).isEqualTo(ADMIT);
        assertThat(Admission.decide(C, BLOCKED, "/healthz/x", 0, 0, 10)).isEqualTo(REFUSE);
    }

    @Test
    void disabledBreakerAdmitsAll() {
        CircuitBreakerConfig off = C.toBuilder().enabled(false).build();

        assertThat(Admission.decide(off, BLOCKED, "/", 1_000, 100, 10)).isEqualTo(ADMIT);
    }

    @Property
    void healthPathsAreAdmittedInEveryState(@ForAll CircuitBreakerState state,
            @ForAll @LongRange(min = 0, max = 1_000_000) long serverInFlight,
            @ForAll @LongRange(min = 0, max = 1_000) long connectionActive) {
        assertThat(Admission.decide(C, state, "/healthz", serverInFlight, connectionActive, 100)).isEqualTo(ADMIT);
    }

    @Property
    void onlyBlockedRefusesAndOnlyDegradedSheds(@ForAll CircuitBreakerState state,
            @ForAll @LongRange(min = 0, max = 1_000_000) long serverInFlight,
            @ForAll @LongRange(min = 0, max = 1_000) long connectionActive) {
        Admission.Decision d = Admission.decide(C, state, "/api", serverInFlight, connectionActive, 100);

        assertThat(d == REFUSE).isEqualTo(state == BLOCKED);
        if (d == SHED) {
            assertThat(state).isEqualTo(DEGRADED);
        }
    }
}
