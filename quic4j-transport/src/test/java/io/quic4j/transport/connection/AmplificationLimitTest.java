package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9000 §8.1's anti-amplification budget, on its own. */
class AmplificationLimitTest {

    @Test
    void allowanceIsThreeTimesReceivedMinusSent() {
        AmplificationLimit a = new AmplificationLimit(false);
        assertThat(a.allowance()).isZero();
        a.onReceived(1200);
        assertThat(a.allowance()).isEqualTo(3600);
        a.onSent(3000);
        assertThat(a.allowance()).isEqualTo(600);
        a.onSent(600);
        assertThat(a.allowance()).isZero();
    }

    @Test
    void validationLiftsTheLimit() {
        AmplificationLimit a = new AmplificationLimit(false);
        a.validate();
        assertThat(a.allowance()).isEqualTo(Long.MAX_VALUE);
        assertThat(new AmplificationLimit(true).allowance()).isEqualTo(Long.MAX_VALUE);
    }
}
