package org.lienthong.feedback;

import java.time.Instant;
import java.util.List;

import org.lienthong.registry.Agency;
import org.lienthong.web.ProblemException;

/**
 * The feedback (PAKN) flow of letter 4663/VPCP-TTĐT, as every edge (REST {@code /api/v1/feedback}, SOAP
 * {@code /services/feedback}) uses it. Refusals are {@link ProblemException}s with the SPEC §6 codes.
 */
public interface FeedbackDesk {

    /** A portal submits an item: routed to its handling agency (named, or by topic), deadline set. */
    FeedbackState submit(Agency portal, Feedback feedback) throws ProblemException;

    /** The handling agency replies: forwarded to the portal and every {@code pakn-system} agency. */
    FeedbackState reply(Agency handler, String feedbackId, FeedbackReply reply) throws ProblemException;

    /** Items delivered to the agency's mailbox and not yet acknowledged, oldest first (pull by SOAP). */
    List<Feedback> waiting(Agency handler, int limit);

    /** The handling agency confirms it took an item from its mailbox. */
    void acknowledge(Agency handler, String feedbackId) throws ProblemException;

    /** An item's state, for the portal, the handling agency and operators. */
    FeedbackState state(String feedbackId) throws ProblemException;

    /**
     * Where an item stands.
     *
     * @param status one of RECEIVED (accepted, not yet delivered), DELIVERED (the agency has it), REPLIED, OVERDUE
     *               (deadline passed without a reply)
     */
    record FeedbackState(String id, String status, String portal, String handlingAgency, String topic, String title,
                         Instant submittedAt, Instant deadline, boolean overdue, List<ReplyView> replies) {
    }

    /** A reply as recorded. */
    record ReplyView(String responder, String content, Instant repliedAt, int attachments) {
    }
}
