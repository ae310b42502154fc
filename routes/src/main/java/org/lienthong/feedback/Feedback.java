package org.lienthong.feedback;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A citizen's or business's feedback on an administrative regulation (phản ánh, kiến nghị — PAKN), as the
 * portal submits it. The citizen's contact details are personal data: never logged, masked on the trail.
 *
 * @param id             the portal's id of the item
 * @param title          short title
 * @param content        the feedback itself
 * @param handlingAgency the agency that must handle it, or null to route by {@code topic}
 * @param topic          the subject area (routing table key), or null
 * @param citizen        who submitted it
 * @param submittedAt    when the citizen submitted it
 * @param attachments    files the citizen attached
 */
public record Feedback(String id, String title, String content, String handlingAgency, String topic, Citizen citizen,
                       OffsetDateTime submittedAt, List<Attachment> attachments) {

    public Feedback {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The submitter's contact details (personal data). */
    public record Citizen(String name, String phone, String email) {
    }

    /** A file, base64 in JSON and SOAP. */
    public record Attachment(String name, String contentType, String contentBase64) {
    }
}
