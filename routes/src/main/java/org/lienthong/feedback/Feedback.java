package org.lienthong.feedback;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param channel        how the citizen submitted it ({@code web}, {@code mobile}, {@code hotline}, ...), or null
 * @param regulation     the administrative regulation or procedure it concerns, or null
 */
// channel and regulation came later: left out of the JSON when absent, so items without them read as before
public record Feedback(String id, String title, String content, String handlingAgency, String topic, Citizen citizen,
                       OffsetDateTime submittedAt, List<Attachment> attachments,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String channel,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Regulation regulation) {

    public Feedback {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An item without a channel or a regulation. */
    public Feedback(String id, String title, String content, String handlingAgency, String topic, Citizen citizen,
                    OffsetDateTime submittedAt, List<Attachment> attachments) {
        this(id, title, content, handlingAgency, topic, citizen, submittedAt, attachments, null, null);
    }

    /** The submitter's contact details (personal data). */
    public record Citizen(String name, String phone, String email) {
    }

    /**
     * The administrative regulation or procedure an item concerns, e.g. the procedure {@code 1.009994}
     * "Cấp giấy phép xây dựng nhà ở riêng lẻ"; either member may be absent, not both.
     *
     * @param code the procedure's code in the national database of administrative procedures, or null
     * @param name its name, or null
     */
    public record Regulation(String code, String name) {
    }

    /** A file, base64 in JSON and SOAP. */
    public record Attachment(String name, String contentType, String contentBase64) {
    }
}
