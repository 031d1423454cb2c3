package io.quic4j.transport.connection;

import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps a faulty {@link ConnectionTracer} from hurting its connection: the first exception it throws is
 * logged once and the tracer is never called again. Tracing is a side show; the connection goes on.
 */
final class GuardedTracer implements ConnectionTracer {
    private static final Logger LOG = System.getLogger("io.quic4j.transport.connection");

    private final ConnectionTracer delegate;
    private boolean failed;

    private GuardedTracer(ConnectionTracer delegate) {
        this.delegate = delegate;
    }

    /**
     * @return the connection's tracer from {@code factory}: {@link ConnectionTracer#NONE} when it traces
     *         nothing (or fails to create one), otherwise the guarded tracer
     */
    static ConnectionTracer create(ConnectionTracer.Factory factory, Role role, ConnectionId odcid, long now) {
        if (factory == ConnectionTracer.Factory.NONE) {
            return ConnectionTracer.NONE;
        }
        ConnectionTracer t;
        try {
            t = factory.create(role, odcid, now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "tracer factory failed for " + odcid + "; not tracing it", e);
            return ConnectionTracer.NONE;
        }
        return t == null || t == ConnectionTracer.NONE || !t.enabled() ? ConnectionTracer.NONE : new GuardedTracer(t);
    }

    private void guard(Consumer<ConnectionTracer> call) {
        if (!failed) {
            try {
                call.accept(delegate);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }

    private void fail(RuntimeException e) {
        failed = true;
        LOG.log(Level.WARNING, "connection tracer " + delegate.getClass().getName() + " failed; tracing stopped", e);
    }

    @Override
    public boolean enabled() {
        return !failed;
    }

    @Override
    public void connectionStarted(InetSocketAddress peer, ConnectionId localId, ConnectionId peerId, long now) {
        guard(t -> t.connectionStarted(peer, localId, peerId, now));
    }

    @Override
    public void parametersSet(boolean local, TransportParameters parameters, long now) {
        guard(t -> t.parametersSet(local, parameters, now));
    }

    @Override
    public void packetSent(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
        guard(t -> t.packetSent(type, packetNumber, length, frames, now));
    }

    @Override
    public void packetReceived(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
        guard(t -> t.packetReceived(type, packetNumber, length, frames, now));
    }

    @Override
    public void packetDropped(PacketType type, int length, DropReason reason, long now) {
        guard(t -> t.packetDropped(type, length, reason, now));
    }

    @Override
    public void packetLost(PacketNumberSpace space, long packetNumber, List<Frame> frames, LossTrigger trigger,
            long now) {
        guard(t -> t.packetLost(space, packetNumber, frames, trigger, now));
    }

    @Override
    public void metricsUpdated(long minRtt, long smoothedRtt, long latestRtt, long rttVariance, int ptoCount,
            long congestionWindow, long bytesInFlight, long now) {
        guard(t -> t.metricsUpdated(minRtt, smoothedRtt, latestRtt, rttVariance, ptoCount, congestionWindow,
                bytesInFlight, now));
    }

    @Override
    public void keyInstalled(PacketNumberSpace space, boolean write, long now) {
        guard(t -> t.keyInstalled(space, write, now));
    }

    @Override
    public void keyUpdated(boolean local, long keyPhase, long now) {
        guard(t -> t.keyUpdated(local, keyPhase, now));
    }

    @Override
    public void keysDiscarded(PacketNumberSpace space, long now) {
        guard(t -> t.keysDiscarded(space, now));
    }

    @Override
    public void connectionClosed(CloseReason reason, long now) {
        guard(t -> t.connectionClosed(reason, now));
    }

    @Override
    public void stateUpdated(State state, long now) {
        guard(t -> t.stateUpdated(state, now));
    }

    @Override
    public void mtuUpdated(int oldSize, int newSize, boolean done, long now) {
        guard(t -> t.mtuUpdated(oldSize, newSize, done, now));
    }
}
