package org.lienthong.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQNonExistentQueueException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;
import org.lienthong.messaging.DeliveryQueues;
import org.lienthong.messaging.QueuedMessage;
import org.lienthong.model.DeliveryStatus;
import org.lienthong.registry.Agency;
import org.lienthong.registry.AgencyDelivery;
import org.lienthong.trail.MessageRecord;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to one recipient agency from its queue.
 *
 * <p>All of a lane's state is touched only by its own tasks, which run one at a time on the scheduler's
 * shared pool (an actor: no locks, no thread of its own). A lane pulls up to {@code inFlightPerAgency}
 * messages, starts each delivery asynchronously and acknowledges a message to the broker only once its
 * final outcome (delivered, or dead and copied to the dead-letter queue) is on the trail. Messages of one
 * conversation are delivered one after another, in queue order.
 *
 * <p>On a retryable failure the lane stops pulling, lets the deliveries in progress finish, then closes its
 * consumer: every message not yet acknowledged goes back to the head of the agency's queue in its original
 * order, and the lane reopens when the backoff has passed. Attempt counts survive in the lane (and on the
 * trail, for a restart).
 */
final class Lane {

    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    private static final int PENDING_PER_IN_FLIGHT = 8;

    private enum State { IDLE, WAITING_FOR_SLOT, OPEN, BACKOFF, SHUT }

    /** A message taken from the queue and not yet acknowledged or handed back. */
    private record InFlight(ClientMessage message, QueuedMessage queued) {
        String conversation() {
            return queued.message().conversationId();
        }
    }

    private final DeliveryScheduler scheduler;
    private final String code;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    // --- state below is only touched by the lane's own tasks ---
    private State state = State.IDLE;
    private ClientSession session;
    private ClientConsumer consumer;
    private ClientProducer deadLetters;
    private int active;               // connector calls in progress (at most inFlightPerAgency)
    private int recording;            // final outcomes waiting for the trail commit before the ack
    private int pulled;               // taken from the consumer since the session opened, not yet acked
    private int quantumUsed;
    private boolean moreWork;          // a signal arrived: the queue may hold messages
    private Instant retryAt;           // set when a failure asks the lane to back off
    private String backoffReason;
    private ScheduledFuture<?> timer;
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Set<String> busyConversations = new HashSet<>();
    private final Map<String, ArrayDeque<InFlight>> waitingInConversation = new HashMap<>();

    Lane(DeliveryScheduler scheduler, String code) {
        this.scheduler = scheduler;
        this.code = code;
    }

    // ------------------------------------------------------------------ serial execution

    private void execute(Runnable task) {
        tasks.add(task);
        if (draining.compareAndSet(false, true)) {
            scheduler.workers.execute(this::drain);
        }
    }

    private void drain() {
        int n = 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("Delivery lane {} failed a step", code, e);
            }
            if (++n == 256) {
                break; // let other lanes run
            }
        }
        draining.set(false);
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            scheduler.workers.execute(this::drain);
        }
    }

    // ------------------------------------------------------------------ events

    void signal() {
        execute(() -> {
            moreWork = true;
            switch (state) {
                case IDLE -> requestSlot();
                case OPEN -> pump();
                default -> {
                    // waiting for a slot or backing off: the signal is remembered
                }
            }
        });
    }

    void slotGranted() {
        execute(this::open);
    }

    void shutdown() {
        execute(() -> {
            if (state == State.OPEN) {
                closeSession();
            }
            cancelTimer();
            state = State.SHUT;
        });
    }

    private void requestSlot() {
        if (scheduler.isClosed()) {
            return;
        }
        state = State.WAITING_FOR_SLOT;
        if (scheduler.acquireSlot(this)) {
            open();
        }
    }

    private void open() {
        if (state == State.SHUT || scheduler.isClosed()) {
            scheduler.releaseSlot();
            return;
        }
        try {
            session = scheduler.sessions.autoCommit();
            consumer = session.createConsumer(DeliveryQueues.forAgency(code));
            deadLetters = session.createProducer(DeliveryQueues.DEAD_LETTER);
            session.start();
        } catch (ActiveMQNonExistentQueueException e) {
            // nothing was ever queued for this agency
            closeSession();
            state = State.IDLE;
            moreWork = false;
            scheduler.releaseSlot();
            return;
        } catch (ActiveMQException e) {
            log.warn("Cannot open the delivery queue of {}: {}", code, e.getMessage());
            closeSession();
            scheduler.releaseSlot();
            backOff(Duration.ofSeconds(5), "broker unavailable");
            return;
        }
        state = State.OPEN;
        quantumUsed = 0;
        pump();
    }

    /** Takes messages while there is room, then decides whether to keep, yield or close the consumer. */
    private void pump() {
        if (state != State.OPEN) {
            return;
        }
        int limit = Math.max(1, scheduler.settings.inFlightPerAgency());
        // Messages waiting for their trail record (or for their conversation) do not occupy the recipient,
        // so the lane holds more of them than it has deliveries in flight.
        int window = limit * PENDING_PER_IN_FLIGHT;
        boolean yielding = false;
        while (retryAt == null && active < limit && pulled < window && !scheduler.isClosed()) {
            if (quantumUsed >= scheduler.settings.laneQuantum() && scheduler.othersWaiting()) {
                yielding = true;
                break;
            }
            ClientMessage message;
            try {
                message = consumer.receiveImmediate();
            } catch (ActiveMQException e) {
                log.warn("Receiving for {} failed: {}", code, e.getMessage());
                backOff(Duration.ofSeconds(5), "broker error");
                break;
            }
            if (message == null) {
                moreWork = false;
                break;
            }
            pulled++;
            quantumUsed++;
            take(message);
        }
        settle(yielding);
    }

    /** With nothing in progress, a lane closes when it must back off, yield, or has been idle. */
    private void settle(boolean yielding) {
        if (state != State.OPEN || active > 0 || recording > 0) {
            return;
        }
        if (retryAt != null) {
            closeSession();
            scheduler.releaseSlot();
            Duration wait = Duration.between(scheduler.clock.instant(), retryAt);
            state = State.BACKOFF;
            schedule(wait.isNegative() ? Duration.ZERO : wait, this::backoffOver);
        } else if (yielding) {
            closeSession();
            scheduler.releaseSlot();
            requestSlot();
        } else if (pulled == 0 && scheduler.othersWaiting()) {
            closeSession();
            scheduler.releaseSlot();
            state = State.IDLE;
            if (moreWork) {
                requestSlot();
            }
        } else if (pulled == 0) {
            schedule(scheduler.idleTimeout(), this::idleCheck);
        }
    }

    private void idleCheck() {
        if (state == State.OPEN && active == 0 && recording == 0 && pulled == 0 && retryAt == null) {
            closeSession();
            scheduler.releaseSlot();
            state = State.IDLE;
            if (moreWork) {
                requestSlot();
            }
        }
    }

    private void backoffOver() {
        if (state != State.BACKOFF) {
            return;
        }
        retryAt = null;
        backoffReason = null;
        requestSlot();
    }

    // ------------------------------------------------------------------ one message

    private void take(ClientMessage message) {
        QueuedMessage queued;
        try {
            queued = QueuedMessage.from(message);
        } catch (RuntimeException e) {
            log.error("Unreadable queue entry for {} moved to the dead-letter queue", code);
            deadUnreadable(message);
            return;
        }
        InFlight item = new InFlight(message, queued);
        String conversation = item.conversation();
        if (conversation != null) {
            if (busyConversations.contains(conversation)) {
                waitingInConversation.computeIfAbsent(conversation, c -> new ArrayDeque<>()).add(item);
                return;
            }
            busyConversations.add(conversation);
        }
        start(item);
    }

    private void start(InFlight item) {
        MessageRecord record = item.queued().message();
        Integer known = attempts.get(record.id());
        if (known == null && item.message().getDeliveryCount() > 1) {
            // Redelivered after a crash: the trail knows whether this delivery was already settled.
            Optional<TrailViews.DeliveryView> view;
            try {
                view = scheduler.trailRepository.delivery(record.id(), code);
            } catch (RuntimeException e) {
                view = Optional.empty();
            }
            if (view.isPresent() && settled(view.get(), item.queued())) {
                acknowledge(item);
                finish(item, true);
                return;
            }
            known = view.map(TrailViews.DeliveryView::attempts).orElse(0);
        }
        int attempt = (known == null ? 0 : known) + 1;
        Agency agency = scheduler.registry.current().find(code).orElse(null);
        if (agency == null) {
            dead(item, attempt, "recipient " + code + " is no longer registered");
            return;
        }
        AgencyDelivery delivery = agency.delivery();
        OutboundMessage outbound = new OutboundMessage(record.id(), record.from(), code, record.type(),
                record.conversationId(), record.subject(), record.contentType(), record.createdAt(),
                payloadOf(item.queued()), attempt);
        DeliveryTarget target = new DeliveryTarget(delivery.connector(), delivery.url() == null ? "" : delivery.url());
        active++;
        scheduler.dispatcher.dispatch(outbound, target)
                .whenComplete((outcome, error) -> execute(() -> completed(item, attempt, agency,
                        error != null ? DeliveryOutcome.retry("connector error") : outcome)));
    }

    private static boolean settled(TrailViews.DeliveryView view, QueuedMessage queued) {
        return view.status() == DeliveryStatus.DELIVERED
                || (view.status() == DeliveryStatus.DEAD && queued.replayGeneration() == 0);
    }

    private Payload payloadOf(QueuedMessage queued) {
        if (queued.inlinePayload() != null) {
            return Payload.of(queued.inlinePayload());
        }
        String ref = queued.message().contentRef();
        return new Payload.InFile(scheduler.contentStore.resolve(ref), queued.message().size());
    }

    private void completed(InFlight item, int attempt, Agency agency, DeliveryOutcome outcome) {
        active--;
        MessageRecord record = item.queued().message();
        RetryPolicy policy = RetryPolicy.of(agency.delivery(), scheduler.settings.retry());
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            attempts.remove(record.id());
            scheduler.metrics.delivered(code, Duration.between(record.createdAt(), scheduler.clock.instant()));
            if (AgencyDelivery.MAILBOX.equals(agency.delivery().connector())) {
                // stored in the mailbox (already on the trail); DELIVERED comes with the recipient's ack
                acknowledge(item);
                finish(item, true);
            } else {
                record(item, TrailEvent.Change.DELIVERED, attempt, delivered.detail());
            }
        } else if (outcome instanceof DeliveryOutcome.Transient failure) {
            if (policy.exhaustedAfter(attempt)) {
                dead(item, attempt, "gave up after " + attempt + " attempts: " + failure.reason());
            } else {
                attempts.put(record.id(), attempt);
                scheduler.metrics.retried(code);
                scheduler.trail.submit(new TrailEvent.DeliveryChanged(TrailEvent.Change.RETRYING, record.id(), code,
                        attempt, failure.reason(), scheduler.clock.instant(), record));
                backOff(policy.backoffAfter(attempt), failure.reason());
                finish(item, false);
            }
        } else if (outcome instanceof DeliveryOutcome.Permanent failure) {
            dead(item, attempt, failure.reason());
        }
    }

    /** Records a final state, then acknowledges the message: the broker forgets it only once it is on record. */
    private void record(InFlight item, TrailEvent.Change change, int attempt, String detail) {
        MessageRecord record = item.queued().message();
        recording++;
        scheduler.trail.submit(new TrailEvent.DeliveryChanged(change, record.id(), code, attempt, detail,
                        scheduler.clock.instant(), record))
                .whenComplete((ok, error) -> execute(() -> {
                    recording--;
                    if (error == null) {
                        acknowledge(item);
                        finish(item, true);
                    } else {
                        // not on record: keep the message in the broker and try again later
                        attempts.put(record.id(), Math.max(0, attempt - 1));
                        backOff(Duration.ofSeconds(5), "trail unavailable");
                        finish(item, false);
                    }
                }));
    }

    private void dead(InFlight item, int attempt, String reason) {
        MessageRecord record = item.queued().message();
        try {
            ClientMessage copy = deadLetterCopy(item, reason);
            deadLetters.send(copy);
        } catch (ActiveMQException | RuntimeException e) {
            log.warn("Cannot move a dead delivery of {} to the dead-letter queue: {}", code, e.toString());
            attempts.put(record.id(), Math.max(0, attempt - 1));
            backOff(Duration.ofSeconds(5), "dead-letter queue unavailable");
            finish(item, false);
            return;
        }
        attempts.remove(record.id());
        scheduler.metrics.dead(code);
        log.info("Delivery of {} to {} is DEAD: {}", record.id(), code, reason);
        record(item, TrailEvent.Change.DEAD, attempt, reason);
    }

    private ClientMessage deadLetterCopy(InFlight item, String reason) {
        QueuedMessage queued = item.queued();
        ClientMessage copy = new QueuedMessage(queued.message(), queued.recipient(), queued.inlinePayload(),
                queued.replayGeneration()).toClientMessage(session);
        copy.putStringProperty(QueuedMessage.DEAD_REASON, reason.length() > 500 ? reason.substring(0, 500) : reason);
        copy.putStringProperty(SimpleString.of("_AMQ_ORIG_ADDRESS"), DeliveryQueues.forAgency(code));
        copy.putStringProperty(org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID,
                SimpleString.of("dead|" + queued.duplicateId()));
        return copy;
    }

    private void deadUnreadable(ClientMessage message) {
        try {
            ClientMessage copy = session.createMessage(true);
            byte[] body = new byte[message.getBodySize()];
            message.getReadOnlyBodyBuffer().readBytes(body);
            copy.getBodyBuffer().writeBytes(body);
            copy.putStringProperty(QueuedMessage.DEAD_REASON, "unreadable queue entry");
            copy.putStringProperty(SimpleString.of("_AMQ_ORIG_ADDRESS"), DeliveryQueues.forAgency(code));
            deadLetters.send(copy);
            message.individualAcknowledge();
            pulled--;
        } catch (ActiveMQException e) {
            backOff(Duration.ofSeconds(5), "broker error");
        }
    }

    private void acknowledge(InFlight item) {
        try {
            item.message().individualAcknowledge();
            pulled--;
        } catch (ActiveMQException e) {
            // the session is gone; the broker redelivers and the trail check above drops the repeat
            log.debug("Acknowledgement for {} failed: {}", code, e.getMessage());
        }
    }

    /**
     * A message is done with for now. When {@code settledNow}, the next message of its conversation may go;
     * otherwise the conversation stays blocked until the lane closes and the broker hands everything back.
     */
    private void finish(InFlight item, boolean settledNow) {
        String conversation = item.conversation();
        if (settledNow && conversation != null) {
            ArrayDeque<InFlight> next = waitingInConversation.get(conversation);
            InFlight following = next == null ? null : next.poll();
            if (following != null) {
                if (next.isEmpty()) {
                    waitingInConversation.remove(conversation);
                }
                start(following);
            } else {
                busyConversations.remove(conversation);
            }
        }
        pump();
    }

    private void backOff(Duration wait, String reason) {
        Instant at = scheduler.clock.instant().plus(wait);
        if (retryAt == null || at.isAfter(retryAt)) {
            retryAt = at;
            backoffReason = reason;
        }
        if (state != State.OPEN) {
            state = State.BACKOFF;
            schedule(wait, this::backoffOver);
        }
    }

    private void schedule(Duration wait, Runnable task) {
        cancelTimer();
        timer = scheduler.timers.schedule(() -> execute(task), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Closes the consumer: unacknowledged messages return to the head of the queue, in order. */
    private void closeSession() {
        cancelTimer();
        if (session != null) {
            try {
                session.close();
            } catch (ActiveMQException e) {
                log.debug("Closing the session of {} failed: {}", code, e.getMessage());
            }
        }
        session = null;
        consumer = null;
        deadLetters = null;
        pulled = 0;
        busyConversations.clear();
        waitingInConversation.clear();
        if (backoffReason != null) {
            log.debug("Lane {} backs off until {}: {}", code, retryAt, backoffReason);
        }
    }
}
