package org.lienthong.feedback;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.lienthong.messages.MessageValidator;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * Checks a feedback item or a reply and normalises its text to Unicode NFC. Plain Java: every refusal is an
 * {@code INVALID_MESSAGE} problem naming the field.
 */
public final class FeedbackValidator {

    private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,200}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_-]{1,50}");
    private static final int MAX_TITLE = 1000;
    private static final int MAX_CONTENT = 20_000;
    private static final int MAX_ATTACHMENTS = 20;
    private static final int MAX_REGULATION_CODE = 100;
    private static final int MAX_REGULATION_NAME = 1000;

    private FeedbackValidator() {
    }

    public static Feedback check(Feedback feedback) {
        if (feedback == null) {
            throw invalid("The body must be a feedback item");
        }
        if (feedback.id() == null || !MessageValidator.ID.matcher(feedback.id()).matches()) {
            throw invalid("'id' must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
        }
        if (feedback.submittedAt() == null) {
            throw invalid("'submittedAt' is required (ISO-8601 with offset, e.g. 2026-11-20T09:15:00+07:00)");
        }
        Feedback.Citizen citizen = feedback.citizen();
        if (citizen == null || blank(citizen.name())) {
            throw invalid("'citizen.name' is required");
        }
        if (blank(citizen.phone()) && blank(citizen.email())) {
            throw invalid("'citizen' needs a 'phone' or an 'email' so the agency can answer");
        }
        if (blank(feedback.handlingAgency()) && blank(feedback.topic())) {
            throw invalid("Give 'handlingAgency' or a 'topic' to route the item");
        }
        return new Feedback(feedback.id(), text("title", feedback.title(), MAX_TITLE, true),
                text("content", feedback.content(), MAX_CONTENT, true), trimmed(feedback.handlingAgency()),
                trimmed(feedback.topic()),
                new Feedback.Citizen(text("citizen.name", citizen.name(), 200, true),
                        text("citizen.phone", citizen.phone(), 50, false), text("citizen.email", citizen.email(), 200, false)),
                feedback.submittedAt(), attachments(feedback.attachments()), channel(feedback.channel()),
                regulation(feedback.regulation()));
    }

    public static FeedbackReply check(FeedbackReply reply) {
        if (reply == null) {
            throw invalid("The body must be a reply");
        }
        return new FeedbackReply(text("responder", reply.responder(), 500, true),
                text("content", reply.content(), MAX_CONTENT, true), attachments(reply.attachments()));
    }

    /** Optional; a code such as web, mobile, hotline, email, direct. */
    private static String channel(String channel) {
        if (blank(channel)) {
            return null;
        }
        String code = channel.strip();
        if (!CHANNEL.matcher(code).matches()) {
            throw invalid("'channel' must be 1-50 characters of a-z, 0-9, '-' or '_' (e.g. web, mobile, hotline)");
        }
        return code;
    }

    /** Optional; when given it names the procedure by its code, its name, or both. */
    private static Feedback.Regulation regulation(Feedback.Regulation regulation) {
        if (regulation == null) {
            return null;
        }
        String code = text("regulation.code", regulation.code(), MAX_REGULATION_CODE, false);
        String name = text("regulation.name", regulation.name(), MAX_REGULATION_NAME, false);
        if (code == null && name == null) {
            throw invalid("'regulation' needs a 'code' or a 'name' (or leave it out)");
        }
        return new Feedback.Regulation(code, name);
    }

    private static List<Feedback.Attachment> attachments(List<Feedback.Attachment> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw invalid("at most " + MAX_ATTACHMENTS + " attachments");
        }
        List<Feedback.Attachment> checked = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            Feedback.Attachment a = attachments.get(i);
            String where = "attachments[" + i + "]";
            if (a == null || a.name() == null || !FILE_NAME.matcher(a.name()).matches() || a.name().contains("..")) {
                throw invalid("'" + where + ".name' must be a plain file name");
            }
            if (a.contentType() == null || !MEDIA_TYPE.matcher(a.contentType()).matches()) {
                throw invalid("'" + where + ".contentType' must be a media type such as application/pdf");
            }
            if (a.contentBase64() == null) {
                throw invalid("'" + where + ".contentBase64' is required");
            }
            try {
                Base64.getMimeDecoder().decode(a.contentBase64());
            } catch (IllegalArgumentException e) {
                throw invalid("'" + where + ".contentBase64' is not valid base64");
            }
            checked.add(new Feedback.Attachment(Normalizer.normalize(a.name(), Normalizer.Form.NFC), a.contentType(),
                    a.contentBase64()));
        }
        return checked;
    }

    private static String text(String field, String value, int max, boolean required) {
        if (blank(value)) {
            if (required) {
                throw invalid("'" + field + "' is required");
            }
            return null;
        }
        String normal = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
        if (normal.length() > max) {
            throw invalid("'" + field + "' is longer than " + max + " characters");
        }
        for (int i = 0; i < normal.length(); i++) {
            char c = normal.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw invalid("'" + field + "' contains control characters");
            }
        }
        return normal;
    }

    private static String trimmed(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.INVALID_MESSAGE, detail);
    }
}
