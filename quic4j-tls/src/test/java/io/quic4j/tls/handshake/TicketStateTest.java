package io.quic4j.tls.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CipherSuite;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sealed server state inside a ticket. */
class TicketStateTest {
    @Test
    void roundTripsWithAndWithoutClientChain() {
        for (List<ByteBuffer> chain : List.of(List.<ByteBuffer>of(), List.of(ByteBuffer.wrap(new byte[]{1, 2})))) {
            TicketState t = new TicketState(CipherSuite.TLS_AES_256_GCM_SHA384, new byte[48], 1_700_000_000_123L,
                    0xfffffff0L, 3600, 0xffffffffL, "h3", chain, new byte[]{5, 6});
            TicketState back = TicketState.decode(t.encode());
            assertThat(back).isNotNull();
            assertThat(back.psk()).isEqualTo(t.psk());
            assertThat(back.issuedAtMillis()).isEqualTo(t.issuedAtMillis());
            assertThat(back.ageAdd()).isEqualTo(t.ageAdd());
            assertThat(back.applicationProtocol()).isEqualTo("h3");
            assertThat(back.clientChain()).isEqualTo(chain);
            assertThat(back.applicationData()).containsExactly(5, 6);
        }
    }

    @Test
    void unknownFormatIsNotAnError() {
        assertThat(TicketState.decode(new byte[]{99})).isNull();
        assertThat(TicketState.decode(new byte[0])).isNull();
    }
}
