package org.lienthong.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.lienthong.connector.Payload;
import org.lienthong.messages.MessageAcceptor;
import org.lienthong.messages.MessageValidator;
import org.lienthong.messages.Submission;
import org.lienthong.model.DeliveryStatus;
import org.lienthong.model.MessageType;
import org.lienthong.ops.BusMetrics;
import org.lienthong.registry.Agency;
import org.lienthong.registry.Registry;
import org.lienthong.registry.RegistryService;
import org.lienthong.registry.Role;
import org.lienthong.trail.PersonalData;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailViews;
import org.lienthong.trail.TrailWriter;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * Citizen feedback (PAKN): a portal's item goes to its handling agency (named, or found by topic in the
 * routing table) with a deadline; the agency's reply goes back to the portal and to every
 * {@code pakn-system} agency; items past their deadline without a reply are flagged overdue.
 *
 * <p>Each item travels as a {@code feedback} message whose id is the item's id (so a portal re-sending an item is
 * answered like the first time); each reply as a {@code feedback-reply} message.
 */
public final class FeedbackService implements FeedbackDesk {

    private final MessageAcceptor acceptor;
    private final RegistryService registry;
    private final FeedbackRepository repository;
    private final TrailRepository trailRepository;
    private final TrailWriter trail;
    private final ObjectMapper json;
    /** The stored payload is the item plus what the bus added (portal, deadline): those are not the record's. */
    private final ObjectReader storedItem;
    private final FeedbackSettings settings;
    private final BusMetrics metrics;
    private final Clock clock;

    public FeedbackService(MessageAcceptor acceptor, RegistryService registry, FeedbackRepository repository,
                           TrailRepository trailRepository, TrailWriter trail, ObjectMapper json,
                           FeedbackSettings settings, BusMetrics metrics, Clock clock) {
        this.acceptor = acceptor;
        this.registry = registry;
        this.repository = repository;
        this.trailRepository = trailRepository;
        this.trail = trail;
        this.json = json;
        this.storedItem = json.readerFor(Feedback.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public FeedbackState submit(Agency portal, Feedback submitted) {
        if (!portal.hasRole(Role.PORTAL)) {
            throw new ProblemException(Problem.FORBIDDEN, "Only agencies with the role 'portal' submit feedback");
        }
        Feedback feedback = FeedbackValidator.check(submitted);
        Registry current = registry.current();
        String handlerCode = feedback.handlingAgency();
        if (handlerCode == null) {
            handlerCode = settings.topics().get(feedback.topic());
            if (handlerCode == null) {
                throw new ProblemException(Problem.UNKNOWN_RECIPIENT, "No handling agency for topic '" + feedback.topic()
                        + "': name 'handlingAgency' or ask the operators to add the topic to lienthong.feedback.topics");
            }
        }
        Agency handler = MessageValidator.resolveRecipients(List.of(handlerCode), MessageType.FEEDBACK, current).get(0);
        Instant deadline = feedback.submittedAt().toInstant().plus(settings.deadlineFor(feedback.topic()));

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", feedback.id());
        payload.put("portal", portal.code());
        payload.put("title", feedback.title());
        payload.put("content", feedback.content());
        payload.put("topic", feedback.topic());
        payload.put("handlingAgency", handler.code());
        payload.put("citizen", feedback.citizen());
        payload.put("submittedAt", feedback.submittedAt());
        payload.put("deadline", deadline);
        payload.put("attachments", feedback.attachments());
        // only when given: an item without them reaches the agency exactly as before they existed
        if (feedback.channel() != null) {
            payload.put("channel", feedback.channel());
        }
        if (feedback.regulation() != null) {
            payload.put("regulation", feedback.regulation());
        }
        Submission submission = new Submission(feedback.id(), true, MessageType.FEEDBACK, portal, List.of(handler),
                "pakn-" + feedback.id(), feedback.title(), "application/json", Payload.of(bytes(payload)));
        acceptor.accept(submission);
        if (repository.insert(new FeedbackRepository.Item(feedback.id(), portal.code(), handler.code(), feedback.topic(),
                feedback.title(), feedback.submittedAt().toInstant(), deadline, feedback.id(), null, null))) {
            record(new TrailEvent.Noted(feedback.id(), handler.code(), "DEADLINE", "reply due by " + deadline,
                    clock.instant()));
            // who submitted it, masked: the full contact details go only to the handling agency
            Feedback.Citizen citizen = feedback.citizen();
            record(new TrailEvent.Noted(feedback.id(), null, "SUBMITTED_BY",
                    "citizen " + PersonalData.maskedContact(citizen.name(), citizen.phone(), citizen.email()),
                    clock.instant()));
        }
        return state(feedback.id());
    }

    @Override
    public FeedbackState reply(Agency handler, String feedbackId, FeedbackReply submitted) {
        FeedbackRepository.Item item = repository.find(feedbackId).orElseThrow(() -> notFound(feedbackId));
        if (!item.handlingAgency().equals(handler.code())) {
            throw new ProblemException(Problem.FORBIDDEN, "Only the handling agency replies to this item");
        }
        FeedbackReply reply = FeedbackValidator.check(submitted);
        Instant now = clock.instant();
        List<Agency> recipients = new ArrayList<>();
        Registry current = registry.current();
        current.find(item.portal()).ifPresent(recipients::add);
        for (Agency agency : current.all()) {
            if (agency.hasRole(Role.PAKN_SYSTEM) && !recipients.contains(agency)) {
                recipients.add(agency);
            }
        }
        recipients.removeIf(a -> !a.accepts(MessageType.FEEDBACK_REPLY));
        if (recipients.isEmpty()) {
            throw new ProblemException(Problem.UNKNOWN_RECIPIENT, "Neither the portal nor a pakn-system agency "
                    + "accepts feedback replies");
        }
        String replyId = feedbackId.length() <= 80 ? feedbackId + ".reply." + fingerprint(reply) : "reply." + fingerprint(reply);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("feedbackId", feedbackId);
        payload.put("agency", handler.code());
        payload.put("responder", reply.responder());
        payload.put("content", reply.content());
        payload.put("repliedAt", now);
        payload.put("attachments", reply.attachments());
        acceptor.accept(new Submission(replyId, true, MessageType.FEEDBACK_REPLY, handler, recipients,
                "pakn-" + feedbackId, "Trả lời: " + item.title(), "application/json", Payload.of(bytes(payload))));
        if (repository.addReply(feedbackId, replyId, reply.responder(), reply.content(), reply.attachments().size(), now)) {
            record(new TrailEvent.Noted(feedbackId, handler.code(), "REPLIED", "reply " + replyId, now));
        }
        return state(feedbackId);
    }

    @Override
    public List<Feedback> waiting(Agency handler, int limit) {
        List<Feedback> items = new ArrayList<>();
        for (TrailViews.MailboxEntry entry : trailRepository.mailbox(handler.code(), Math.min(Math.max(limit, 1), 1000) * 4)) {
            if (!"feedback".equals(entry.type())) {
                continue;
            }
            trailRepository.mailboxItem(handler.code(), entry.id()).filter(i -> i.payload() != null).ifPresent(i -> {
                try {
                    items.add(storedItem.readValue(i.payload()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("A stored feedback item cannot be read", e);
                }
            });
            if (items.size() >= limit) {
                break;
            }
        }
        return items;
    }

    @Override
    public void acknowledge(Agency handler, String feedbackId) {
        TrailViews.MailboxItem item = trailRepository.mailboxItem(handler.code(), feedbackId)
                .filter(i -> "feedback".equals(i.entry().type()))
                .orElseThrow(() -> notFound(feedbackId));
        if (!item.acknowledged()) {
            int attempts = trailRepository.delivery(feedbackId, handler.code()).map(TrailViews.DeliveryView::attempts).orElse(0);
            record(new TrailEvent.DeliveryChanged(TrailEvent.Change.ACKNOWLEDGED, feedbackId, handler.code(), attempts,
                    "acknowledged by the handling agency", clock.instant(), null));
        }
    }

    @Override
    public FeedbackState state(String feedbackId) {
        FeedbackRepository.Item item = repository.find(feedbackId).orElseThrow(() -> notFound(feedbackId));
        Instant now = clock.instant();
        boolean overdue = item.repliedAt() == null && item.deadline().isBefore(now);
        DeliveryStatus delivery = trailRepository.delivery(item.messageId(), item.handlingAgency())
                .map(TrailViews.DeliveryView::status).orElse(DeliveryStatus.QUEUED);
        String status = item.repliedAt() != null ? "REPLIED" : overdue ? "OVERDUE"
                : delivery == DeliveryStatus.DELIVERED || inMailbox(item) ? "DELIVERED" : "RECEIVED";
        return new FeedbackState(item.id(), status, item.portal(), item.handlingAgency(), item.topic(), item.title(),
                item.submittedAt(), item.deadline(), overdue, repository.replies(feedbackId));
    }

    /** For a mailbox agency the item is "delivered" once it waits in the mailbox. */
    private boolean inMailbox(FeedbackRepository.Item item) {
        return trailRepository.mailboxItem(item.handlingAgency(), item.messageId()).isPresent();
    }

    /** Overdue items, for the portal, the handling agency (their own) or operators (all, when agency is null). */
    public List<FeedbackState> overdue(String agency, int limit) {
        return repository.overdue(clock.instant(), agency, limit).stream().map(i -> state(i.id())).toList();
    }

    /** Records items that went past their deadline since the last check: a trail event and a metric each. */
    public int flagOverdue() {
        Instant now = clock.instant();
        int flagged = 0;
        for (FeedbackRepository.Item item : repository.newlyOverdue(now, 500)) {
            record(new TrailEvent.Noted(item.id(), item.handlingAgency(), "OVERDUE",
                    "no reply by the deadline " + item.deadline(), now));
            repository.markOverdue(item.id(), now);
            metrics.feedbackOverdue(item.handlingAgency());
            flagged++;
        }
        return flagged;
    }

    private byte[] bytes(Object payload) {
        try {
            return json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a feedback message", e);
        }
    }

    private static String fingerprint(FeedbackReply reply) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(reply.responder().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(reply.content().getBytes(StandardCharsets.UTF_8));
            for (Feedback.Attachment a : reply.attachments()) {
                sha.update((byte) 0);
                sha.update(a.contentBase64().getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(TrailEvent event) {
        try {
            trail.submit(event).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.UNAVAILABLE, "Interrupted; try again");
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(Problem.UNAVAILABLE, "The trail is unavailable; try again");
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.NOT_FOUND, "No feedback item '" + id + "'");
    }
}
