package org.lienthong.feedback.soap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import org.lienthong.connector.soap.FeedbackContract;
import org.lienthong.connector.soap.feedback.contract.Attachment;
import org.lienthong.connector.soap.feedback.contract.Citizen;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackState;
import org.lienthong.connector.soap.feedback.contract.RecordedReply;
import org.lienthong.connector.soap.feedback.contract.Regulation;
import org.lienthong.feedback.Feedback;
import org.lienthong.feedback.FeedbackDesk;
import org.lienthong.feedback.FeedbackReply;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * The feedback contract's SOAP types ({@link FeedbackContract}) ⇄ the flow's records ({@link Feedback},
 * {@link FeedbackReply}, {@link FeedbackDesk.FeedbackState}). Plain mapping: no CXF, no desk.
 *
 * <p>Files: the records carry them as base64 text, the SOAP types as MTOM attachments ({@link DataHandler}).
 * Incoming files are read under a limit on their number and their total size, so a caller cannot make the node
 * hold more than that; a refusal is a {@link ProblemException} ({@code INVALID_REQUEST},
 * {@code PAYLOAD_TOO_LARGE}). Times are instants in SOAP; a submitted item's time becomes a UTC offset time.
 */
public final class FeedbackSoapMapper {

    private final long maxAttachmentBytes;
    private final int maxAttachments;

    /**
     * @param maxAttachmentBytes most bytes of files in one item or reply, all files together
     * @param maxAttachments     most files in one item or reply
     */
    public FeedbackSoapMapper(long maxAttachmentBytes, int maxAttachments) {
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.maxAttachments = maxAttachments;
    }

    // ------------------------------------------------------------------ records → SOAP

    /**
     * An item waiting for its handling agency, in full (the citizen's contact details included: the agency needs
     * them to answer).
     *
     * @param state the item's state, for the portal and deadline; null when unknown (both are then left out)
     */
    public FeedbackItem item(Feedback feedback, FeedbackDesk.FeedbackState state) {
        FeedbackItem item = new FeedbackItem();
        item.setId(feedback.id());
        item.setTitle(feedback.title());
        item.setContent(feedback.content());
        item.setTopic(feedback.topic());
        item.setHandlingAgency(feedback.handlingAgency() != null ? feedback.handlingAgency()
                : state == null ? null : state.handlingAgency());
        if (state != null) {
            item.setPortal(state.portal());
            item.setDeadline(state.deadline());
        }
        Feedback.Citizen citizen = feedback.citizen();
        if (citizen != null) {
            Citizen contact = new Citizen();
            contact.setName(citizen.name());
            contact.setPhone(citizen.phone());
            contact.setEmail(citizen.email());
            item.setCitizen(contact);
        }
        item.setSubmittedAt(feedback.submittedAt() == null ? null : feedback.submittedAt().toInstant());
        for (Feedback.Attachment attachment : feedback.attachments()) {
            item.getAttachment().add(attachment(attachment));
        }
        item.setChannel(feedback.channel());
        if (feedback.regulation() != null) {
            Regulation regulation = new Regulation();
            regulation.setCode(feedback.regulation().code());
            regulation.setName(feedback.regulation().name());
            item.setRegulation(regulation);
        }
        return item;
    }

    /** Where an item stands (no personal data). */
    public FeedbackState state(FeedbackDesk.FeedbackState state) {
        FeedbackState answer = new FeedbackState();
        answer.setId(state.id());
        answer.setStatus(state.status());
        answer.setPortal(state.portal());
        answer.setHandlingAgency(state.handlingAgency());
        answer.setTopic(state.topic());
        answer.setTitle(state.title());
        answer.setSubmittedAt(state.submittedAt());
        answer.setDeadline(state.deadline());
        answer.setOverdue(state.overdue());
        if (state.replies() != null) {
            for (FeedbackDesk.ReplyView reply : state.replies()) {
                RecordedReply recorded = new RecordedReply();
                recorded.setResponder(reply.responder());
                recorded.setContent(reply.content());
                recorded.setRepliedAt(reply.repliedAt());
                recorded.setAttachments(reply.attachments());
                answer.getReply().add(recorded);
            }
        }
        return answer;
    }

    private static Attachment attachment(Feedback.Attachment attachment) {
        Attachment answer = new Attachment();
        answer.setName(attachment.name());
        answer.setContentType(attachment.contentType());
        answer.setContent(new DataHandler(new Base64Source(attachment)));
        return answer;
    }

    /**
     * A file of a record as an MTOM attachment, decoded from its base64 text as CXF writes it: a long list of
     * items never holds its files twice.
     */
    static final class Base64Source implements DataSource {
        private final Feedback.Attachment attachment;

        Base64Source(Feedback.Attachment attachment) {
            this.attachment = attachment;
        }

        @Override
        public InputStream getInputStream() {
            String base64 = attachment.contentBase64() == null ? "" : attachment.contentBase64();
            return Base64.getMimeDecoder().wrap(new AsciiInputStream(base64));
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            String type = attachment.contentType();
            return type == null || type.isBlank() ? FeedbackContract.DEFAULT_ATTACHMENT_TYPE : type;
        }

        @Override
        public String getName() {
            return attachment.name();
        }
    }

    /** The characters of a base64 text as bytes, without copying it. */
    private static final class AsciiInputStream extends InputStream {
        private final String text;
        private int position;

        AsciiInputStream(String text) {
            this.text = text;
        }

        @Override
        public int read() {
            return position < text.length() ? text.charAt(position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= text.length()) {
                return -1;
            }
            int n = Math.min(length, text.length() - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) text.charAt(position++);
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ SOAP → records

    /**
     * A portal's {@code submitFeedback} item. {@code portal} and {@code deadline} are the bus's to set and are
     * ignored.
     *
     * @throws IOException an attachment could not be read completely
     */
    public Feedback feedback(FeedbackItem item) throws IOException {
        if (item == null) {
            throw new ProblemException(Problem.INVALID_REQUEST, "feedback is required");
        }
        Feedback.Citizen citizen = null;
        if (item.getCitizen() != null) {
            citizen = new Feedback.Citizen(item.getCitizen().getName(), item.getCitizen().getPhone(),
                    item.getCitizen().getEmail());
        }
        Feedback.Regulation regulation = null;
        if (item.getRegulation() != null) {
            regulation = new Feedback.Regulation(item.getRegulation().getCode(), item.getRegulation().getName());
        }
        Instant submittedAt = item.getSubmittedAt();
        return new Feedback(item.getId(), item.getTitle(), item.getContent(), item.getHandlingAgency(),
                item.getTopic(), citizen, submittedAt == null ? null : OffsetDateTime.ofInstant(submittedAt, ZoneOffset.UTC),
                attachments(item.getAttachment()), item.getChannel(), regulation);
    }

    /**
     * A {@code replyFeedback} call's reply.
     *
     * @throws IOException an attachment could not be read completely
     */
    public FeedbackReply reply(String responder, String content, List<Attachment> attachments) throws IOException {
        return new FeedbackReply(responder, content, attachments(attachments));
    }

    /** The files as base64, read under the limits. */
    List<Feedback.Attachment> attachments(List<Attachment> attachments) throws IOException {
        if (attachments == null || attachments.isEmpty()) {
            return List.of();
        }
        if (attachments.size() > maxAttachments) {
            throw new ProblemException(Problem.INVALID_REQUEST, "at most " + maxAttachments + " attachments are accepted");
        }
        List<Feedback.Attachment> files = new ArrayList<>(attachments.size());
        long budget = maxAttachmentBytes;
        for (int i = 0; i < attachments.size(); i++) {
            Attachment attachment = attachments.get(i);
            if (attachment == null || attachment.getName() == null || attachment.getName().isBlank()) {
                throw new ProblemException(Problem.INVALID_REQUEST, "attachment " + (i + 1) + " has no name");
            }
            if (attachment.getContent() == null) {
                throw new ProblemException(Problem.INVALID_REQUEST, "attachment " + (i + 1) + " has no content");
            }
            byte[] bytes;
            try (InputStream in = attachment.getContent().getInputStream()) {
                bytes = read(in, budget);
            }
            budget -= bytes.length;
            String contentType = attachment.getContentType();
            files.add(new Feedback.Attachment(attachment.getName().strip(),
                    contentType == null || contentType.isBlank() ? null : contentType.strip(),
                    Base64.getEncoder().encodeToString(bytes)));
        }
        return files;
    }

    /** All of {@code in}, refused past {@code budget} bytes without reading further. */
    private byte[] read(InputStream in, long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > budget) {
                throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "the attachments are larger than "
                        + String.format(Locale.ROOT, "%,d", maxAttachmentBytes) + " bytes together");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
