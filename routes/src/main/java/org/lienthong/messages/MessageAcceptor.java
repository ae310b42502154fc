package org.lienthong.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQTransactionRolledBackException;
import org.lienthong.connector.Payload;
import org.lienthong.delivery.DeliveryScheduler;
import org.lienthong.messaging.DeliveryQueues;
import org.lienthong.messaging.ProducerPool;
import org.lienthong.messaging.QueuedMessage;
import org.lienthong.model.DeliveryStatus;
import org.lienthong.ops.BusMetrics;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.MessageRecord;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailWriter;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a validated message durably: queued for every recipient in one broker transaction whose commit
 * waits for the journal sync, recorded on the trail, then handed to the delivery scheduler. Only after
 * that does the caller get its 202.
 *
 * <p>Re-submitting an id from the same sender answers the first acceptance again and queues nothing. The
 * broker's duplicate detection (persisted ids) backs this up across a crash that lost the trail record.
 */
public final class MessageAcceptor {

    private static final Logger log = LoggerFactory.getLogger(MessageAcceptor.class);

    private final ProducerPool producers;
    private final ContentStore contentStore;
    private final TrailWriter trail;
    private final TrailRepository trailRepository;
    private final DeliveryScheduler scheduler;
    private final BusMetrics metrics;
    private final Clock clock;
    private final long inlinePayloadMax;
    /** Acceptances in progress, so a concurrent re-submission waits for the first one's answer. */
    private final Map<String, CompletableFuture<Acceptance>> inProgress = new ConcurrentHashMap<>();

    public MessageAcceptor(ProducerPool producers, ContentStore contentStore, TrailWriter trail,
                           TrailRepository trailRepository, DeliveryScheduler scheduler, BusMetrics metrics,
                           Clock clock, long inlinePayloadMax) {
        this.producers = producers;
        this.contentStore = contentStore;
        this.trail = trail;
        this.trailRepository = trailRepository;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
        this.inlinePayloadMax = inlinePayloadMax;
    }

    public Acceptance accept(Submission submission) {
        Agency sender = submission.sender();
        if (!sender.maySend(submission.type())) {
            throw new ProblemException(Problem.FORBIDDEN, "Agency " + sender.code() + " may not send '"
                    + submission.type().wireName() + "' messages (registry: sends)");
        }
        List<String> refused = submission.recipients().stream().map(Agency::code).filter(c -> !sender.maySendTo(c))
                .toList();
        if (!refused.isEmpty()) {
            throw new ProblemException(Problem.FORBIDDEN, "Agency " + sender.code() + " may not send to "
                    + String.join(", ", refused.size() > 10 ? refused.subList(0, 10) : refused)
                    + (refused.size() > 10 ? " and " + (refused.size() - 10) + " more" : "") + " (registry: send-to)");
        }
        if (!submission.idSupplied()) {
            return acceptNew(submission);
        }
        CompletableFuture<Acceptance> mine = new CompletableFuture<>();
        CompletableFuture<Acceptance> running = inProgress.putIfAbsent(submission.id(), mine);
        if (running != null) {
            return duplicateOf(submission, await(running));
        }
        try {
            Acceptance answer = previous(submission).orElseGet(() -> acceptNew(submission));
            mine.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inProgress.remove(submission.id(), mine);
        }
    }

    private java.util.Optional<Acceptance> previous(Submission submission) {
        return trailRepository.findMessage(submission.id()).map(existing -> {
            if (!existing.from().equals(submission.sender().code())) {
                throw new ProblemException(Problem.ID_CONFLICT,
                        "Message id '" + submission.id() + "' is already used by another agency; choose another id");
            }
            if (!sameMessage(existing, submission)) {
                throw new ProblemException(Problem.ID_CONFLICT, "Message id '" + submission.id() + "' was already "
                        + "used for a different message (type, recipients, subject, conversation, media type or size "
                        + "differ); a repeat must be the same message, a new message needs a new id");
            }
            List<Acceptance.RecipientStatus> statuses = trailRepository.deliveries(submission.id()).stream()
                    .map(d -> new Acceptance.RecipientStatus(d.to(), d.status())).toList();
            return new Acceptance(submission.id(), statuses, true);
        });
    }

    /** Whether a repeated id carries the message the trail has under it (as far as the trail describes it). */
    private static boolean sameMessage(MessageRecord existing, Submission submission) {
        return existing.type().equals(submission.type().wireName())
                // a directive to everyone is resolved against the registry of the moment: its recipients may differ
                && (submission.type() == MessageType.DIRECTIVE
                    || existing.recipients().equals(submission.recipients().stream().map(Agency::code).toList()))
                && java.util.Objects.equals(existing.subject(), submission.subject())
                && java.util.Objects.equals(existing.conversationId(), submission.conversationId())
                && java.util.Objects.equals(existing.contentType(), submission.contentType())
                && existing.size() == submission.payload().size();
    }

    private Acceptance duplicateOf(Submission submission, Acceptance first) {
        if (first == null) {
            return accept(submission);
        }
        return new Acceptance(first.id(), first.recipients(), true);
    }

    private static Acceptance await(CompletableFuture<Acceptance> running) {
        try {
            return running.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.UNAVAILABLE, "Interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return null; // the first attempt failed: this one tries afresh
        }
    }

    private Acceptance acceptNew(Submission submission) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Payload payload = submission.payload();
        String contentRef = null;
        byte[] inline = null;
        if (payload instanceof Payload.InFile file) {
            contentRef = contentStore.adopt(submission.sender().code(), submission.id(), file.file());
        } else if (payload.size() > inlinePayloadMax) {
            contentRef = contentStore.put(submission.sender().code(), submission.id(), payload.bytes());
        } else {
            inline = payload.bytes();
        }
        List<String> codes = submission.recipients().stream().map(Agency::code).toList();
        MessageRecord record = new MessageRecord(submission.id(), submission.type().wireName(),
                submission.sender().code(), codes, submission.conversationId(), submission.subject(),
                submission.contentType(), payload.size(), now, contentRef);
        boolean duplicate;
        try {
            duplicate = !queue(record, inline);
        } catch (RuntimeException e) {
            if (contentRef != null) {
                contentStore.delete(contentRef); // nothing half-done: no payload without its queue entries
            }
            throw e;
        }

        CompletableFuture<Void> recorded = trail.submit(new TrailEvent.Accepted(record, now, !duplicate));
        try {
            recorded.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The message is durable in the broker and will be delivered; the delivery rebuilds the record.
            log.warn("Message {} accepted but its trail record is delayed: {}", record.id(), e.toString());
        }
        for (String code : codes) {
            scheduler.signal(code);
        }
        if (!duplicate) {
            metrics.accepted(record.from(), record.type(), codes.size());
        }
        List<Acceptance.RecipientStatus> statuses = new ArrayList<>(codes.size());
        for (String code : codes) {
            statuses.add(new Acceptance.RecipientStatus(code, DeliveryStatus.QUEUED));
        }
        return new Acceptance(record.id(), statuses, duplicate);
    }

    /**
     * Sends one queue entry per recipient and commits them together; the commit returns once the journal
     * is synced. Returns false when the broker already had these entries (a re-submission after a crash).
     */
    private boolean queue(MessageRecord record, byte[] inlinePayload) {
        ProducerPool.Lease lease;
        try {
            lease = producers.borrow(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.UNAVAILABLE, "Interrupted");
        }
        if (lease == null) {
            throw new ProblemException(Problem.UNAVAILABLE, "The bus is busy; retry shortly");
        }
        try (lease) {
            try {
                for (String recipient : record.recipients()) {
                    QueuedMessage entry = new QueuedMessage(record.forRecipient(recipient), recipient, inlinePayload, 0);
                    lease.producer().send(DeliveryQueues.forAgency(recipient), entry.toClientMessage(lease.session()));
                }
                lease.session().commit();
                return true;
            } catch (ActiveMQDuplicateIdException | ActiveMQTransactionRolledBackException e) {
                rollbackQuietly(lease);
                if (isDuplicate(e)) {
                    return false;
                }
                throw unavailable(lease, e);
            } catch (ActiveMQException e) {
                throw unavailable(lease, e);
            }
        }
    }

    private static boolean isDuplicate(ActiveMQException e) {
        return e instanceof ActiveMQDuplicateIdException
                || (e.getCause() instanceof ActiveMQDuplicateIdException)
                || (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("duplicate"));
    }

    private static ProblemException unavailable(ProducerPool.Lease lease, ActiveMQException e) {
        rollbackQuietly(lease);
        lease.discard();
        log.error("Broker refused a message: {}", e.toString());
        return new ProblemException(Problem.UNAVAILABLE, "The message could not be stored; nothing was accepted. Retry later.");
    }

    private static void rollbackQuietly(ProducerPool.Lease lease) {
        try {
            lease.session().rollback();
        } catch (ActiveMQException ignored) {
            lease.discard();
        }
    }
}
