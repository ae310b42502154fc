package org.lienthong.ops;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.lienthong.messaging.QueueDepths;

/**
 * Per-agency counters (Prometheus names {@code lienthong_messages_accepted_total},
 * {@code lienthong_deliveries_delivered_total}, {@code ..._retried_total}, {@code ..._dead_total}), the delivery
 * latency and the depth of each agency's queue. Meters are created on first use, so idle agencies of a
 * 10,000-agency registry cost nothing.
 */
public final class BusMetrics {

    private final MeterRegistry registry;
    private final QueueDepths depths;
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<String, Counter> retried = new ConcurrentHashMap<>();
    private final Map<String, Counter> dead = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> overdue = new ConcurrentHashMap<>();
    private final Map<String, Gauge> queueDepth = new ConcurrentHashMap<>();

    public BusMetrics(MeterRegistry registry, QueueDepths depths) {
        this.registry = registry;
        this.depths = depths;
    }

    public void accepted(String sender, String type, int recipients) {
        accepted.computeIfAbsent(sender + '|' + type, k -> Counter.builder("lienthong.messages.accepted")
                .description("Messages accepted from the agency").tag("agency", sender).tag("type", type)
                .register(registry)).increment();
    }

    public void delivered(String recipient, Duration sinceAccepted) {
        counter(delivered, "lienthong.deliveries.delivered", "Deliveries completed to the agency", recipient).increment();
        latency.computeIfAbsent(recipient, k -> Timer.builder("lienthong.delivery.latency")
                .description("Time from acceptance to delivery").tag("agency", k).register(registry))
                .record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
        watchQueue(recipient);
    }

    public void retried(String recipient) {
        counter(retried, "lienthong.deliveries.retried", "Failed attempts that will be retried", recipient).increment();
        watchQueue(recipient);
    }

    public void dead(String recipient) {
        counter(dead, "lienthong.deliveries.dead", "Deliveries given up (dead letters)", recipient).increment();
        watchQueue(recipient);
    }

    /** A feedback item went past its deadline without a reply. */
    public void feedbackOverdue(String handlingAgency) {
        counter(overdue, "lienthong.feedback.overdue", "Feedback items past their deadline without a reply",
                handlingAgency).increment();
    }

    /** Starts reporting the agency's queue depth. */
    public void watchQueue(String agency) {
        queueDepth.computeIfAbsent(agency, k -> Gauge.builder("lienthong.queue.depth", depths, d -> d.depth(k))
                .description("Messages waiting in the agency's delivery queue").tag("agency", k).register(registry));
    }

    private Counter counter(Map<String, Counter> counters, String name, String description, String agency) {
        return counters.computeIfAbsent(agency, k -> Counter.builder(name).description(description)
                .tag("agency", k).register(registry));
    }
}
