package org.lienthong.feedback;

import java.util.List;

/** The handling agency's answer to a feedback item. */
public record FeedbackReply(String responder, String content, List<Feedback.Attachment> attachments) {
    public FeedbackReply {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
