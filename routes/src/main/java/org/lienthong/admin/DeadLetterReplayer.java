package org.lienthong.admin;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.lienthong.delivery.DeliveryScheduler;
import org.lienthong.messaging.BrokerSessions;
import org.lienthong.messaging.DeliveryQueues;
import org.lienthong.messaging.QueuedMessage;
import org.lienthong.model.DeliveryStatus;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailViews;
import org.lienthong.trail.TrailWriter;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one dead delivery back on its agency's queue: the dead-letter copy is taken from the dead-letter
 * queue and re-queued in one broker transaction, with a new replay generation so duplicate detection lets
 * it through while still stopping double replays.
 */
public final class DeadLetterReplayer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);

    private final BrokerSessions sessions;
    private final TrailRepository repository;
    private final TrailWriter trail;
    private final DeliveryScheduler scheduler;
    private final ContentStore contentStore;
    private final Clock clock;

    public DeadLetterReplayer(BrokerSessions sessions, TrailRepository repository, TrailWriter trail,
                              DeliveryScheduler scheduler, ContentStore contentStore, Clock clock) {
        this.sessions = sessions;
        this.repository = repository;
        this.trail = trail;
        this.scheduler = scheduler;
        this.contentStore = contentStore;
        this.clock = clock;
    }

    public synchronized void replay(String messageId, String agency, String operator) {
        TrailViews.DeliveryView delivery = repository.delivery(messageId, agency)
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND,
                        "No delivery of '" + messageId + "' to " + agency));
        if (delivery.status() != DeliveryStatus.DEAD) {
            throw new ProblemException(Problem.NOT_REPLAYABLE,
                    "The delivery is " + delivery.status() + "; only DEAD deliveries can be replayed");
        }
        try (ClientSession session = sessions.transacted()) {
            String filter = QueuedMessage.ID_PROPERTY + " = '" + quote(messageId) + "' AND "
                    + QueuedMessage.TO_PROPERTY + " = '" + quote(agency) + "'";
            ClientConsumer consumer = session.createConsumer(SimpleString.of(DeliveryQueues.DEAD_LETTER),
                    SimpleString.of(filter));
            session.start();
            ClientMessage dead = consumer.receive(2_000);
            if (dead == null) {
                throw new ProblemException(Problem.NOT_REPLAYABLE,
                        "The dead letter is no longer in the dead-letter queue (removed by an operator?)");
            }
            QueuedMessage entry = QueuedMessage.from(dead);
            String ref = entry.message().contentRef();
            if (ref != null && !java.nio.file.Files.exists(contentStore.resolve(ref))) {
                throw new ProblemException(Problem.NOT_REPLAYABLE,
                        "The payload is past its retention (lienthong.content.retention) and was deleted");
            }
            record(new TrailEvent.DeliveryChanged(TrailEvent.Change.REPLAYED, messageId, agency, 0,
                    "replayed by operator " + operator, clock.instant(), null));
            QueuedMessage again = new QueuedMessage(entry.message(), agency, entry.inlinePayload(),
                    entry.replayGeneration() + 1);
            session.createProducer().send(DeliveryQueues.forAgency(agency), again.toClientMessage(session));
            dead.acknowledge();
            try {
                session.commit();
            } catch (ActiveMQException e) {
                record(new TrailEvent.DeliveryChanged(TrailEvent.Change.DEAD, messageId, agency, delivery.attempts(),
                        "replay failed: broker error", clock.instant(), null));
                throw e;
            }
        } catch (ActiveMQException e) {
            log.error("Replay of {} to {} failed: {}", messageId, agency, e.toString());
            throw new ProblemException(Problem.UNAVAILABLE, "The replay could not be queued; nothing changed");
        }
        log.info("Operator {} replayed the delivery of {} to {}", operator, messageId, agency);
        scheduler.signal(agency);
    }

    private void record(TrailEvent event) {
        try {
            trail.submit(event).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.UNAVAILABLE, "Interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(Problem.UNAVAILABLE, "The trail is unavailable; nothing changed");
        }
    }

    private static String quote(String value) {
        return value.replace("'", "''");
    }
}
