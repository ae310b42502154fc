package org.lienthong.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.lienthong.config.LienthongProperties;
import org.lienthong.messaging.BrokerSessions;
import org.lienthong.messaging.QueueDepths;
import org.lienthong.ops.BusMetrics;
import org.lienthong.registry.RegistryService;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the per-agency delivery queues with bounded resources, however many agencies are registered.
 *
 * <p>Each recipient agency has a {@link Lane}. A lane holds a broker consumer only while it has work and a
 * slot: at most {@code maxOpenLanes} lanes are open at once, the others wait in FIFO order for a slot.
 * Lane work runs on a small shared pool (never a thread per agency); deliveries themselves are asynchronous,
 * so a slow recipient holds a connection, not a thread. A lane that must back off after a failure closes its
 * consumer (its messages go back to its own queue, in order) and frees its slot until the retry is due;
 * a busy lane yields its slot after a quantum when others wait. So a dead, slow or flooded agency never
 * holds up another.
 */
public final class DeliveryScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

    final BrokerSessions sessions;
    final RegistryService registry;
    final DeliveryDispatcher dispatcher;
    final TrailWriter trail;
    final TrailRepository trailRepository;
    final ContentStore contentStore;
    final BusMetrics metrics;
    final Clock clock;
    final LienthongProperties.Delivery settings;
    final ExecutorService workers;
    final ScheduledExecutorService timers;
    private final QueueDepths depths;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Queue<Lane> waiting = new ArrayDeque<>();
    private int openLanes;
    private volatile boolean closed;
    private volatile boolean started;
    private ScheduledFuture<?> scan;

    public DeliveryScheduler(BrokerSessions sessions, RegistryService registry, DeliveryDispatcher dispatcher,
                             TrailWriter trail, TrailRepository trailRepository, ContentStore contentStore,
                             BusMetrics metrics, QueueDepths depths, Clock clock, LienthongProperties.Delivery settings) {
        this.sessions = sessions;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.trail = trail;
        this.trailRepository = trailRepository;
        this.contentStore = contentStore;
        this.metrics = metrics;
        this.depths = depths;
        this.clock = clock;
        this.settings = settings;
        int threads = settings.workerThreads() > 0 ? settings.workerThreads()
                : Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
        this.workers = Executors.newFixedThreadPool(threads, named("delivery-"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("delivery-timer-"));
    }

    /** Starts serving: picks up every queue that already holds messages, then rescans periodically. */
    public void start() {
        started = true;
        long period = Math.max(1_000, settings.scanInterval().toMillis());
        scan = timers.scheduleWithFixedDelay(this::scanQueues, 0, period, TimeUnit.MILLISECONDS);
    }

    /** New work may be waiting for the agency (called after a message was queued for it). */
    public void signal(String agencyCode) {
        if (closed || !started) { // before start, the first scan finds the work
            return;
        }
        lanes.computeIfAbsent(agencyCode, code -> new Lane(this, code)).signal();
    }

    private void scanQueues() {
        try {
            depths.nonEmpty().keySet().forEach(this::signal);
        } catch (RuntimeException e) {
            log.warn("Scanning delivery queues failed: {}", e.toString());
        }
    }

    /** Open lanes (for metrics and tests). */
    public synchronized int openLanes() {
        return openLanes;
    }

    public synchronized int waitingLanes() {
        return waiting.size();
    }

    /** Asks for a slot; true when granted now, otherwise the lane is opened when one frees up. */
    synchronized boolean acquireSlot(Lane lane) {
        if (openLanes < settings.maxOpenLanes()) {
            openLanes++;
            return true;
        }
        if (!waiting.contains(lane)) {
            waiting.add(lane);
        }
        return false;
    }

    /** Gives a slot back: straight to the longest-waiting lane, if any. */
    void releaseSlot() {
        Lane next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                openLanes--;
                return;
            }
        }
        next.slotGranted();
    }

    synchronized boolean othersWaiting() {
        return !waiting.isEmpty();
    }

    Duration idleTimeout() {
        return settings.laneIdleTimeout();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (scan != null) {
            scan.cancel(false);
        }
        for (Lane lane : lanes.values()) {
            lane.shutdown();
        }
        timers.shutdownNow();
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
