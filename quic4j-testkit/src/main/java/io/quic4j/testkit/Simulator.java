package io.quic4j.testkit;

import io.quic4j.testkit.internal.EventQueue;
import io.quic4j.testkit.internal.LinkCounters;
import io.quic4j.testkit.internal.LinkPipeline;
import io.quic4j.testkit.internal.SeedMix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A deterministic network simulator: sans-I/O {@link Endpoint}s exchange datagrams over directional
 * links with configurable impairments ({@link LinkConfig}), under a simulated clock in nanoseconds. It is
 * single-threaded and reads no clock; every random choice comes from streams derived from one seed (one per
 * link, named after the link, so adding a link does not change the others' choices). A run is therefore
 * reproducible from its seed alone.
 *
 * <p>Events (deliveries, endpoint timers, scheduled tasks, NAT rebindings) run in order of time, and events
 * at the same time in the order they were scheduled. After each event that touches an endpoint the
 * simulator drains its {@link Endpoint#poll} and re-reads its {@link Endpoint#nextTimeout}.
 *
 * <pre>{@code
 * Simulator sim = new Simulator(seed);
 * Node client = sim.addEndpoint("client", clientEndpoint, Simulator.address("10.0.0.1", 50000));
 * Node server = sim.addEndpoint("server", serverEndpoint, Simulator.address("10.0.0.2", 4433));
 * sim.connect(client, server, LinkConfig.rtt50ms50Mbps().toBuilder().lossRate(0.05).build());
 * TraceHasher hasher = new TraceHasher();
 * sim.addTraceListener(hasher);
 * RunResult r = sim.runUntil(() -> clientEndpoint.isDone(), Duration.ofSeconds(30));
 * assertThat(r.conditionMet()).isTrue();
 * LinkStats up = sim.stats(client, server);
 * }</pre>
 *
 * <p>Every run stops by itself: {@link #runUntil} takes a time limit, and the simulator throws
 * {@link SimulationLimitException} past its maximum simulated time ({@link #maxTime}, default one hour)
 * or event count ({@link #maxEvents}, default 20 million; each event and each datagram polled counts).
 */
public final class Simulator {
    /** The default bound on simulated time. */
    public static final Duration DEFAULT_MAX_TIME = Duration.ofHours(1);
    /** The default bound on events. */
    public static final long DEFAULT_MAX_EVENTS = 20_000_000L;

    private static final int FIRST_NAT_PORT = 40000;

    private sealed interface Event {
    }

    private record Deliver(Link link, long id, byte[] bytes, InetSocketAddress source, InetSocketAddress seenSource,
            InetSocketAddress addressed, InetSocketAddress to) implements Event {
    }

    private record Timer(Node node, long generation) implements Event {
    }

    private record Wake(Node node) implements Event {
    }

    private record Task(Runnable action) implements Event {
    }

    private record Rebind(Link link, boolean random) implements Event {
    }

    private record NatRoute(Node node, InetSocketAddress local) {
    }

    private static final class Link {
        final Node from;
        final Node to;
        final String name;
        final LinkCounters counters = new LinkCounters();
        LinkPipeline pipeline;
        int generation;
        // The NAT in front of `from`, if any: own address -> public address, in allocation order.
        NatConfig nat;
        final Map<InetSocketAddress, InetSocketAddress> natMappings = new LinkedHashMap<>();
        int natAddressOffset;
        SplittableRandom natRandom;

        Link(Node from, Node to) {
            this.from = from;
            this.to = to;
            this.name = from.name() + "->" + to.name();
        }
    }

    private record LinkKey(Node from, Node to) {
    }

    private final long seed;
    private final EventQueue<Event> queue = new EventQueue<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Node> owners = new HashMap<>();
    private final Map<LinkKey, Link> links = new LinkedHashMap<>();
    private final Map<InetSocketAddress, NatRoute> natRoutes = new HashMap<>();
    private final List<TraceListener> listeners = new ArrayList<>();
    private final List<LinkPipeline.Copy> copies = new ArrayList<>();
    private long maxTime = DEFAULT_MAX_TIME.toNanos();
    private long maxEvents = DEFAULT_MAX_EVENTS;
    private long now;
    private long events;
    private long nextDatagramId;
    private long unroutable;
    private int nextNatPort = FIRST_NAT_PORT;

    /**
     * Creates an empty simulation at time zero.
     *
     * @param seed the master seed every random choice derives from
     */
    public Simulator(long seed) {
        this.seed = seed;
    }

    /**
     * An address from an IP literal, without any name lookup.
     *
     * @param ipLiteral an IPv4 or IPv6 literal such as {@code "10.0.0.1"}
     * @param port the port
     * @return the address
     */
    public static InetSocketAddress address(String ipLiteral, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ipLiteral), port);
    }

    /**
     * The master seed.
     *
     * @return the seed given at construction
     */
    public long seed() {
        return seed;
    }

    /**
     * The current simulated time.
     *
     * @return nanoseconds since the simulation started
     */
    public long now() {
        return now;
    }

    /**
     * Events processed so far (each datagram polled from an endpoint counts as one too).
     *
     * @return the count
     */
    public long events() {
        return events;
    }

    /**
     * Sets the hard bound on simulated time; a run that would pass it throws
     * {@link SimulationLimitException}.
     *
     * @param limit the bound, positive
     * @return this simulator
     */
    public Simulator maxTime(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("maxTime must be positive, got " + limit);
        }
        this.maxTime = saturatedNanos(limit);
        return this;
    }

    /**
     * Sets the hard bound on events; a run that would pass it throws {@link SimulationLimitException}.
     *
     * @param limit the bound, positive
     * @return this simulator
     */
    public Simulator maxEvents(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive, got " + limit);
        }
        this.maxEvents = limit;
        return this;
    }

    /**
     * Attaches an endpoint. It is first polled when the next run reaches the current time.
     *
     * @param name a unique name, used in link names and traces
     * @param endpoint the endpoint
     * @param addresses its own addresses (at least one); none may belong to another node
     * @return the node
     */
    public Node addEndpoint(String name, Endpoint endpoint, InetSocketAddress... addresses) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("an endpoint named " + name + " already exists");
        }
        if (addresses.length == 0) {
            throw new IllegalArgumentException("endpoint " + name + " needs at least one address");
        }
        Node node = new Node(name, endpoint);
        nodes.put(name, node);
        for (InetSocketAddress a : addresses) {
            addAddress(node, a);
        }
        queue.add(now, new Wake(node));
        return node;
    }

    /**
     * Gives a node another address of its own (for example a new local port for connection migration).
     *
     * @param node the node
     * @param address the address, not owned by any node
     */
    public void addAddress(Node node, InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (owners.containsKey(address) || natRoutes.containsKey(address)) {
            throw new IllegalArgumentException(address + " is already in use");
        }
        owners.put(address, node);
        node.addresses.add(address);
    }

    /**
     * Takes an address away from a node: datagrams to it are dropped from now on, and the node may no longer
     * send from it.
     *
     * @param node the node
     * @param address one of its addresses
     */
    public void removeAddress(Node node, InetSocketAddress address) {
        if (owners.get(address) != node) {
            throw new IllegalArgumentException(address + " does not belong to " + node.name());
        }
        owners.remove(address);
        node.addresses.remove(address);
    }

    /**
     * Configures the link from {@code from} to {@code to} (one direction). Configuring it again replaces the
     * impairments from now on and keeps its statistics.
     *
     * @param from the sender
     * @param to the receiver
     * @param config the impairments
     */
    public void link(Node from, Node to, LinkConfig config) {
        Objects.requireNonNull(config, "config");
        if (from == to) {
            throw new IllegalArgumentException("a link needs two different endpoints, got " + from.name());
        }
        Link link = links.computeIfAbsent(new LinkKey(from, to), k -> new Link(from, to));
        String streamName = link.name + (link.generation == 0 ? "" : "#" + link.generation);
        link.generation++;
        link.pipeline = new LinkPipeline(config, SeedMix.derive(seed, streamName));
        configureNat(link, config.nat(), streamName);
    }

    /**
     * Configures both directions between two endpoints alike.
     *
     * @param a one endpoint
     * @param b the other
     * @param config the impairments of each direction (NAT, if any, in front of each sender)
     */
    public void connect(Node a, Node b, LinkConfig config) {
        connect(a, b, config, config);
    }

    /**
     * Configures both directions between two endpoints.
     *
     * @param a one endpoint
     * @param b the other
     * @param aToB the impairments from {@code a} to {@code b}
     * @param bToA the impairments from {@code b} to {@code a}
     */
    public void connect(Node a, Node b, LinkConfig aToB, LinkConfig bToA) {
        link(a, b, aToB);
        link(b, a, bToA);
    }

    /**
     * Adds a trace listener, which sees every event from now on.
     *
     * @param listener the listener
     */
    public void addTraceListener(TraceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Runs {@code action} at {@code delay} from now, then polls every endpoint (the action may have given
     * them something to send, e.g. a stream write).
     *
     * @param delay how long from now, {@code >= 0}
     * @param action what to do
     */
    public void schedule(Duration delay, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, got " + delay);
        }
        queue.add(saturatingAdd(now, saturatedNanos(delay)), new Task(Objects.requireNonNull(action, "action")));
    }

    /**
     * Polls a node now, outside any event: drains what it wants to send and re-reads its timer. Call this after
     * giving an endpoint work from test code between runs.
     *
     * @param node the node
     */
    public void wake(Node node) {
        service(node);
    }

    /**
     * Runs events until {@code condition} holds, the time limit is reached, or nothing is left to do. The
     * condition is checked before the first event and after each one.
     *
     * @param condition when to stop
     * @param limit the most simulated time to run
     * @return why and when the run stopped
     * @throws SimulationLimitException past {@link #maxTime} or {@link #maxEvents}
     */
    public RunResult runUntil(BooleanSupplier condition, Duration limit) {
        long deadline = saturatingAdd(now, saturatedNanos(limit));
        long start = events;
        while (true) {
            if (condition.getAsBoolean()) {
                return new RunResult(RunResult.StopReason.CONDITION_MET, now, events - start);
            }
            EventQueue.Entry<Event> next = queue.peek();
            if (next == null) {
                return new RunResult(RunResult.StopReason.IDLE, now, events - start);
            }
            if (next.time() > Math.min(deadline, maxTime)) {
                if (deadline <= maxTime) {
                    now = Math.max(now, deadline);
                    return new RunResult(RunResult.StopReason.TIME_LIMIT, now, events - start);
                }
                throw new SimulationLimitException("simulated time would pass maxTime (" + Duration.ofNanos(maxTime)
                        + ") at " + Duration.ofNanos(next.time()) + " after " + events + " events; seed " + seed);
            }
            queue.poll();
            countEvent();
            now = Math.max(now, next.time());
            dispatch(next.event());
        }
    }

    /**
     * Runs events until {@code condition} holds or nothing is left to do, bounded only by {@link #maxTime}
     * and {@link #maxEvents}.
     *
     * @param condition when to stop
     * @return why and when the run stopped
     * @throws SimulationLimitException when the condition does not hold within the bounds
     */
    public RunResult runUntil(BooleanSupplier condition) {
        return runUntil(condition, Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * Runs every event up to {@code now + duration} and leaves the clock there.
     *
     * @param duration how much simulated time to run
     * @return the result (reason {@link RunResult.StopReason#TIME_LIMIT} or {@code IDLE})
     */
    public RunResult runFor(Duration duration) {
        long deadline = saturatingAdd(now, saturatedNanos(duration));
        RunResult r = runUntil(() -> false, duration);
        now = Math.max(now, Math.min(deadline, maxTime));
        return new RunResult(r.reason(), now, r.events());
    }

    /**
     * The statistics of the link from {@code from} to {@code to}.
     *
     * @param from the sender
     * @param to the receiver
     * @return a snapshot
     * @throws IllegalArgumentException when there is no such link
     */
    public LinkStats stats(Node from, Node to) {
        Link link = links.get(new LinkKey(from, to));
        if (link == null) {
            throw new IllegalArgumentException("no link " + from.name() + "->" + to.name());
        }
        return link.counters.snapshot();
    }

    /**
     * The statistics of every link, by name ({@code "from->to"}), in the order the links were created.
     *
     * @return snapshots
     */
    public Map<String, LinkStats> stats() {
        Map<String, LinkStats> m = new LinkedHashMap<>();
        for (Link l : links.values()) {
            m.put(l.name, l.counters.snapshot());
        }
        return m;
    }

    /**
     * Datagrams sent to an address no endpoint owns, or to an endpoint no link from the sender leads to. They
     * are also traced as {@link DropReason#NO_ROUTE} drops.
     *
     * @return the count
     */
    public long unroutable() {
        return unroutable;
    }

    /**
     * The source address the far end currently sees for {@code node}'s own address {@code local} on the link
     * to {@code peer}: the NAT's public address when that link has a NAT and has carried a datagram from it,
     * otherwise {@code local}.
     *
     * @param node the sender
     * @param local one of its own addresses
     * @param peer the receiver
     * @return the address the receiver sees
     */
    public InetSocketAddress seenAddress(Node node, InetSocketAddress local, Node peer) {
        Link link = links.get(new LinkKey(node, peer));
        if (link == null || link.nat == null) {
            return local;
        }
        return link.natMappings.getOrDefault(local, local);
    }

    private void dispatch(Event event) {
        switch (event) {
            case Deliver d -> deliver(d);
            case Timer t -> fireTimer(t);
            case Wake w -> service(w.node());
            case Task t -> {
                t.action().run();
                for (Node n : nodes.values()) {
                    service(n);
                }
            }
            case Rebind r -> rebind(r.link(), r.random());
        }
    }

    private void countEvent() {
        if (events >= maxEvents) {
            throw new SimulationLimitException("more than maxEvents (" + maxEvents + ") events by simulated time "
                    + Duration.ofNanos(now) + "; seed " + seed + " (endpoints ping-ponging or a timer that never "
                    + "advances?)");
        }
        events++;
    }

    private void service(Node node) {
        Endpoint e = node.endpoint();
        Datagram d;
        while ((d = e.poll(now)) != null) {
            countEvent();
            transmit(node, d);
        }
        long t = e.nextTimeout();
        if (t != node.scheduledTimeout) {
            node.timerGeneration++;
            node.scheduledTimeout = t;
            if (t != Endpoint.NO_TIMEOUT) {
                queue.add(Math.max(t, now), new Timer(node, node.timerGeneration));
            }
        }
    }

    private void fireTimer(Timer t) {
        Node node = t.node();
        if (t.generation() != node.timerGeneration) {
            return;
        }
        node.scheduledTimeout = Node.NOTHING_SCHEDULED;
        if (node.endpoint().nextTimeout() <= now) {
            node.endpoint().onTimeout(now);
        }
        service(node);
    }

    private void transmit(Node from, Datagram d) {
        InetSocketAddress source = d.source();
        if (owners.get(source) != from) {
            throw new IllegalStateException("endpoint " + from.name() + " sent from " + source
                    + ", which is not one of its addresses " + from.addresses);
        }
        ByteBuffer p = d.payload();
        byte[] bytes = new byte[p.remaining()];
        p.get(p.position(), bytes);
        long id = nextDatagramId++;

        Node to = owners.get(d.destination());
        InetSocketAddress toLocal = d.destination();
        if (to == null) {
            NatRoute route = natRoutes.get(d.destination());
            if (route != null) {
                to = route.node();
                toLocal = route.local();
            }
        }
        Link link = to == null ? null : links.get(new LinkKey(from, to));
        if (link == null) {
            unroutable++;
            trace(TraceEvent.Kind.SENT, id, null, source, source, d.destination(), bytes, null);
            trace(TraceEvent.Kind.DROPPED, id, null, source, source, d.destination(), bytes, DropReason.NO_ROUTE);
            return;
        }
        InetSocketAddress seen = link.nat == null ? source : natAddressFor(link, source);
        LinkCounters c = link.counters;
        c.sent++;
        c.bytesSent += bytes.length;
        trace(TraceEvent.Kind.SENT, id, link.name, source, seen, d.destination(), bytes, null);
        copies.clear();
        DropReason dropped = link.pipeline.admit(now, bytes, copies);
        if (dropped != null) {
            c.drop(dropped);
            trace(TraceEvent.Kind.DROPPED, id, link.name, source, seen, d.destination(), bytes, dropped);
            return;
        }
        for (LinkPipeline.Copy copy : copies) {
            if (copy.duplicate()) {
                c.duplicated++;
                trace(TraceEvent.Kind.DUPLICATED, id, link.name, source, seen, toLocal, copy.bytes(), null);
            }
            if (copy.reordered() && !copy.duplicate()) {
                c.reordered++;
                trace(TraceEvent.Kind.REORDERED, id, link.name, source, seen, toLocal, copy.bytes(), null);
            }
            if (copy.corrupted()) {
                c.corrupted++;
                trace(TraceEvent.Kind.CORRUPTED, id, link.name, source, seen, toLocal, copy.bytes(), null);
            }
            queue.add(copy.arrival(), new Deliver(link, id, copy.bytes(), source, seen, d.destination(), toLocal));
        }
    }

    private void deliver(Deliver d) {
        Link link = d.link();
        boolean viaNat = !d.addressed().equals(d.to());
        NatRoute route = viaNat ? natRoutes.get(d.addressed()) : null;
        if (owners.get(d.to()) != link.to || viaNat && (route == null || !route.local().equals(d.to()))) {
            // The receiver gave up the address, or its NAT mapping was rebound, while the datagram was in
            // flight: a real NAT drops what arrives for a mapping that timed out.
            link.counters.drop(DropReason.NO_ROUTE);
            trace(TraceEvent.Kind.DROPPED, d.id(), link.name, d.source(), d.seenSource(), d.to(), d.bytes(),
                    DropReason.NO_ROUTE);
            return;
        }
        link.counters.delivered++;
        link.counters.bytesDelivered += d.bytes().length;
        trace(TraceEvent.Kind.DELIVERED, d.id(), link.name, d.source(), d.seenSource(), d.to(), d.bytes(), null);
        link.to.endpoint().receive(ByteBuffer.wrap(d.bytes()), d.seenSource(), d.to(), now);
        service(link.to);
    }

    private void configureNat(Link link, NatConfig nat, String streamName) {
        for (InetSocketAddress old : link.natMappings.values()) {
            natRoutes.remove(old);
        }
        link.natMappings.clear();
        link.nat = nat;
        if (nat == null) {
            return;
        }
        link.natRandom = new SplittableRandom(SeedMix.derive(seed, streamName + "/nat"));
        for (Duration at : nat.rebindAt()) {
            queue.add(Math.max(now, saturatedNanos(at)), new Rebind(link, false));
        }
        scheduleRandomRebind(link);
    }

    private void scheduleRandomRebind(Link link) {
        long mean = link.nat.meanRebindInterval().toNanos();
        if (mean > 0) {
            double gap = -Math.log(1 - link.natRandom.nextDouble()) * mean;
            queue.add(saturatingAdd(now, Math.max(1, (long) gap)), new Rebind(link, true));
        }
    }

    private InetSocketAddress natAddressFor(Link link, InetSocketAddress local) {
        InetSocketAddress mapped = link.natMappings.get(local);
        if (mapped == null) {
            mapped = allocateNatAddress(link);
            link.natMappings.put(local, mapped);
            natRoutes.put(mapped, new NatRoute(link.from, local));
        }
        return mapped;
    }

    private InetSocketAddress allocateNatAddress(Link link) {
        byte[] ip = link.nat.publicAddress().getAddress();
        ip[ip.length - 1] = (byte) (ip[ip.length - 1] + link.natAddressOffset);
        InetSocketAddress a;
        do {
            if (nextNatPort > 65535) {
                throw new IllegalStateException("the simulated NATs ran out of public ports");
            }
            try {
                a = new InetSocketAddress(InetAddress.getByAddress(ip), nextNatPort++);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
            }
        } while (owners.containsKey(a) || natRoutes.containsKey(a));
        return a;
    }

    private void rebind(Link link, boolean random) {
        if (link.nat == null) {
            return;
        }
        if (link.nat.changeAddress()) {
            link.natAddressOffset++;
        }
        for (Map.Entry<InetSocketAddress, InetSocketAddress> m : link.natMappings.entrySet()) {
            InetSocketAddress old = m.getValue();
            natRoutes.remove(old);
            InetSocketAddress fresh = allocateNatAddress(link);
            m.setValue(fresh);
            natRoutes.put(fresh, new NatRoute(link.from, m.getKey()));
            trace(TraceEvent.Kind.REBOUND, -1, link.name, m.getKey(), fresh, old, new byte[0], null);
        }
        if (random) {
            scheduleRandomRebind(link);
        }
    }

    private void trace(TraceEvent.Kind kind, long id, String link, InetSocketAddress source,
            InetSocketAddress seen, InetSocketAddress destination, byte[] bytes, DropReason reason) {
        if (listeners.isEmpty()) {
            return;
        }
        TraceEvent e = new TraceEvent(now, kind, id, link, source, seen, destination,
                ByteBuffer.wrap(bytes).asReadOnlyBuffer(), reason);
        for (TraceListener l : listeners) {
            l.onEvent(e);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
