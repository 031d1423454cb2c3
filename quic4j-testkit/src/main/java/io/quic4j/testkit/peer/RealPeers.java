package io.quic4j.testkit.peer;

import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * How tests that need real peers react when a tool cannot be installed: they fail, so a CI machine without
 * the tools is noticed, unless {@code -Dquic4j.peers.optional=true} is given, in which case they are skipped
 * with the reason.
 *
 * <pre>{@code
 * Path server = RealPeers.require(Ngtcp2Server::install);
 * }</pre>
 */
public final class RealPeers {
    /** The system property that turns missing tools into skipped tests. */
    public static final String OPTIONAL_PROPERTY = "quic4j.peers.optional";

    private RealPeers() {
    }

    /**
     * Runs {@code install} (typically a {@code DebianPackages.ensure} call) and returns its result.
     *
     * @param <T> the result type
     * @param install what makes the tool available
     * @return the result of {@code install}
     * @throws PeerUnavailableException when the tool is unavailable and the property is not {@code true}
     * @throws org.opentest4j.TestAbortedException when it is unavailable and the property is {@code true}
     */
    public static <T> T require(Supplier<T> install) {
        try {
            return install.get();
        } catch (PeerUnavailableException e) {
            if (Boolean.getBoolean(OPTIONAL_PROPERTY)) {
                Assumptions.abort("skipped because -D" + OPTIONAL_PROPERTY + "=true and a real peer is unavailable: "
                        + e.getMessage());
            }
            throw e;
        }
    }
}
