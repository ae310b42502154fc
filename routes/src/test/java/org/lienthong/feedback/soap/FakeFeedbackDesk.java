package org.lienthong.feedback.soap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.lienthong.feedback.Feedback;
import org.lienthong.feedback.FeedbackDesk;
import org.lienthong.feedback.FeedbackReply;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * An in-memory {@link FeedbackDesk} for the SOAP edge's tests: items are routed to their named agency, or by topic
 * ({@code xay-dung} → T06), with a 15-day deadline; only the handling agency lists, acknowledges and replies. It
 * records how the edge called it. Markers make it refuse ({@code !UNKNOWN-TOPIC!} in a title) or fail
 * ({@code !BOOM!} in a reply).
 */
final class FakeFeedbackDesk implements FeedbackDesk {

    static final Duration DEADLINE = Duration.ofDays(15);

    /** One item as the desk keeps it. */
    record Item(String portal, String handler, Feedback feedback, Instant deadline, List<Recorded> replies,
                boolean acknowledged) {
    }

    /** A reply as received, with the agency that sent it. */
    record Recorded(String handler, FeedbackReply reply, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Item> items = new LinkedHashMap<>();
    final List<String> acknowledgements = new CopyOnWriteArrayList<>();
    final List<Recorded> replies = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    FakeFeedbackDesk(Clock clock) {
        this.clock = clock;
    }

    /** An item the portal submitted earlier, now waiting in the handler's mailbox. */
    synchronized void put(String portal, String handler, Feedback feedback) {
        Instant submitted = feedback.submittedAt() == null ? clock.instant() : feedback.submittedAt().toInstant();
        items.put(feedback.id(), new Item(portal, handler, feedback, submitted.plus(DEADLINE), new ArrayList<>(), false));
    }

    synchronized Item item(String id) {
        return items.get(id);
    }

    @Override
    public synchronized FeedbackState submit(Agency portal, Feedback feedback) {
        calls.incrementAndGet();
        if (feedback.title() != null && feedback.title().contains("!UNKNOWN-TOPIC!")) {
            throw new ProblemException(Problem.UNKNOWN_RECIPIENT, "Không có cơ quan xử lý cho lĩnh vực này");
        }
        String handler = feedback.handlingAgency() != null ? feedback.handlingAgency()
                : "xay-dung".equals(feedback.topic()) ? EndpointAgencies.HANDLER : null;
        if (handler == null) {
            throw new ProblemException(Problem.UNKNOWN_RECIPIENT, "no agency handles topic " + feedback.topic());
        }
        if (!items.containsKey(feedback.id())) {
            put(portal.code(), handler, feedback);
        }
        return state(feedback.id());
    }

    @Override
    public synchronized FeedbackState reply(Agency handler, String feedbackId, FeedbackReply reply) {
        calls.incrementAndGet();
        Item item = items.get(feedbackId);
        if (item == null) {
            throw new ProblemException(Problem.NOT_FOUND, "no feedback item " + feedbackId);
        }
        if (!item.handler().equals(handler.code())) {
            throw new ProblemException(Problem.FORBIDDEN, "only the handling agency replies to " + feedbackId);
        }
        if (reply.content().contains("!BOOM!")) {
            throw new IllegalStateException("com.example.internal.Store failed writing /var/lib/lienthong/feedback/x");
        }
        Recorded recorded = new Recorded(handler.code(), reply, clock.instant());
        item.replies().add(recorded);
        replies.add(recorded);
        return state(feedbackId);
    }

    @Override
    public synchronized List<Feedback> waiting(Agency handler, int limit) {
        calls.incrementAndGet();
        return items.values().stream()
                .filter(i -> i.handler().equals(handler.code()) && !i.acknowledged())
                .limit(limit).map(Item::feedback).toList();
    }

    @Override
    public synchronized void acknowledge(Agency handler, String feedbackId) {
        calls.incrementAndGet();
        Item item = items.get(feedbackId);
        if (item == null || !item.handler().equals(handler.code())) {
            throw new ProblemException(Problem.NOT_FOUND, "no feedback item " + feedbackId + " for " + handler.code());
        }
        items.put(feedbackId, new Item(item.portal(), item.handler(), item.feedback(), item.deadline(), item.replies(), true));
        acknowledgements.add(feedbackId + " " + handler.code());
    }

    @Override
    public synchronized FeedbackState state(String feedbackId) {
        Item item = items.get(feedbackId);
        if (item == null) {
            throw new ProblemException(Problem.NOT_FOUND, "no feedback item " + feedbackId);
        }
        Instant now = clock.instant();
        boolean overdue = item.replies().isEmpty() && now.isAfter(item.deadline());
        String status = !item.replies().isEmpty() ? "REPLIED" : overdue ? "OVERDUE" : "DELIVERED";
        Feedback feedback = item.feedback();
        return new FeedbackState(feedback.id(), status, item.portal(), item.handler(), feedback.topic(),
                feedback.title(), feedback.submittedAt() == null ? null : feedback.submittedAt().toInstant(),
                item.deadline(), overdue, item.replies().stream()
                .map(r -> new ReplyView(r.reply().responder(), r.reply().content(), r.at(), r.reply().attachments().size()))
                .toList());
    }

    /** The agencies of the endpoint test's registry. */
    static final class EndpointAgencies {
        static final String PORTAL = "T01";
        static final String HANDLER = "T06";
        static final String OTHER = "T07";
        static final String PAKN_SYSTEM = "T09";

        private EndpointAgencies() {
        }
    }
}
