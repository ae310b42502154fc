package org.lienthong.messages;

import java.util.List;

import org.lienthong.model.DeliveryStatus;

/**
 * The answer to an accepted message (SPEC §6: {@code {"id","status":"ACCEPTED","recipients":[{"to","status"}]}}).
 *
 * @param id         bus message id
 * @param recipients each recipient with its delivery state
 * @param duplicate  true when this answers a re-submission of an already accepted message
 */
public record Acceptance(String id, List<RecipientStatus> recipients, boolean duplicate) {

    /** One recipient's state. */
    public record RecipientStatus(String to, DeliveryStatus status) {
    }
}
