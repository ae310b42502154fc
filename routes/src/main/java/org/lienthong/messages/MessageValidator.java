package org.lienthong.messages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lienthong.connector.Payload;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;
import org.lienthong.registry.Registry;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * Checks a generic message request and resolves its recipients. Plain Java: no Camel, no HTTP; every
 * refusal is a {@link ProblemException} with a detail the integrator can act on.
 */
public final class MessageValidator {

    /** Message ids: letters, digits and {@code . _ : -}, starting with a letter or digit, at most 100 chars. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"\\p{Cntrl}]*\"|[A-Za-z0-9!#$&^_.+-]+))*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int MAX_RECIPIENTS = 10_000;
    private static final int MAX_CONVERSATION = 200;
    private static final int MAX_SUBJECT = 1000;

    private final ObjectMapper json;

    public MessageValidator(ObjectMapper json) {
        this.json = json;
    }

    /** Validates a generic message from {@code sender} against the current registry. */
    public Submission validate(SubmitRequest request, Agency sender, Registry registry) {
        if (request == null) {
            throw invalid("The body must be a JSON object");
        }
        boolean idSupplied = request.id() != null;
        String id = idSupplied ? checkId(request.id()) : MessageIds.next();
        MessageType type = checkType(request.type());
        if (type == MessageType.DIRECTIVE && !sender.hasRole(org.lienthong.registry.Role.BROADCASTER)) {
            throw new ProblemException(Problem.FORBIDDEN, "Only agencies with the role 'broadcaster' send directives");
        }
        String conversationId = checkText("conversationId", request.conversationId(), MAX_CONVERSATION);
        String subject = checkText("subject", request.subject(), MAX_SUBJECT);
        byte[] payload;
        String contentType;
        boolean hasJson = request.payload() != null && !request.payload().isNull();
        boolean hasBase64 = request.payloadBase64() != null;
        if (hasJson == hasBase64) {
            throw invalid("Give exactly one of 'payload' (JSON) and 'payloadBase64'");
        }
        if (hasJson) {
            try {
                payload = json.writeValueAsBytes(request.payload());
            } catch (JsonProcessingException e) {
                throw invalid("'payload' cannot be serialised");
            }
            contentType = request.contentType() == null ? "application/json" : checkMediaType(request.contentType());
        } else {
            try {
                // line breaks and spaces are tolerated; any other non-base64 character is an error
                String compact = WHITESPACE.matcher(request.payloadBase64()).replaceAll("");
                payload = Base64.getDecoder().decode(compact.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw invalid("'payloadBase64' is not valid base64");
            }
            contentType = request.contentType() == null ? "application/octet-stream" : checkMediaType(request.contentType());
        }
        List<Agency> recipients = isBroadcast(request.to())
                ? broadcastRecipients(type, sender, registry)
                : resolveRecipients(request.to(), type, registry);
        return new Submission(id, idSupplied, type, sender, recipients, conversationId, subject, contentType,
                Payload.of(payload));
    }

    private static boolean isBroadcast(List<String> to) {
        return to != null && to.size() == 1 && "*".equals(to.get(0));
    }

    /** {@code "to": ["*"]}: every agency that accepts the type, except the sender. Directives only. */
    private static List<Agency> broadcastRecipients(MessageType type, Agency sender, Registry registry) {
        if (type != MessageType.DIRECTIVE) {
            throw invalid("'to': [\"*\"] (every agency) is for directives only");
        }
        List<Agency> all = registry.all().stream()
                .filter(a -> a.accepts(type) && !a.code().equals(sender.code())).toList();
        if (all.isEmpty()) {
            throw new ProblemException(Problem.UNKNOWN_RECIPIENT, "No agency accepts directives");
        }
        return all;
    }

    /** Resolves recipient codes: each must be registered and accept the type. Repeats are dropped. */
    public static List<Agency> resolveRecipients(List<String> codes, MessageType type, Registry registry) {
        if (codes == null || codes.isEmpty()) {
            throw invalid("'to' must list at least one recipient agency code");
        }
        if (codes.size() > MAX_RECIPIENTS) {
            throw invalid("'to' lists more than " + MAX_RECIPIENTS + " recipients");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String code : codes) {
            if (code == null || code.isBlank()) {
                throw invalid("'to' contains an empty agency code");
            }
            unique.add(code);
        }
        List<Agency> recipients = new ArrayList<>(unique.size());
        List<String> unknown = new ArrayList<>();
        List<String> refusing = new ArrayList<>();
        for (String code : unique) {
            Agency agency = registry.find(code).orElse(null);
            if (agency == null) {
                unknown.add(code);
            } else if (!agency.accepts(type)) {
                refusing.add(code);
            } else {
                recipients.add(agency);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(Problem.UNKNOWN_RECIPIENT,
                    "Not registered: " + String.join(", ", limit(unknown)), Map.of("recipients", limit(unknown)));
        }
        if (!refusing.isEmpty()) {
            throw new ProblemException(Problem.RECIPIENT_REFUSES_TYPE,
                    "These agencies do not accept '" + type.wireName() + "' messages: " + String.join(", ", limit(refusing)),
                    Map.of("recipients", limit(refusing)));
        }
        return recipients;
    }

    private static List<String> limit(List<String> codes) {
        return codes.size() <= 20 ? codes : codes.subList(0, 20);
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw invalid("'id' must be 1-100 characters of letters, digits, '.', '_', ':' or '-', "
                    + "starting with a letter or digit");
        }
        return id;
    }

    private static MessageType checkType(String type) {
        if (type == null) {
            return MessageType.GENERIC;
        }
        MessageType parsed = MessageType.fromWireName(type)
                .orElseThrow(() -> invalid("Unknown 'type' '" + printable(type) + "'"));
        if (parsed != MessageType.GENERIC && parsed != MessageType.DIRECTIVE) {
            throw invalid("Messages of type '" + parsed.wireName() + "' have their own endpoint; "
                    + "POST /api/v1/messages takes types 'generic' and 'directive'");
        }
        return parsed;
    }

    private static String checkText(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw invalid("'" + field + "' must not be blank");
        }
        if (value.length() > max) {
            throw invalid("'" + field + "' is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw invalid("'" + field + "' contains control characters");
            }
        }
        return java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFC);
    }

    private static String checkMediaType(String contentType) {
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            throw invalid("'contentType' is not a media type such as 'application/xml'");
        }
        return contentType;
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.INVALID_MESSAGE, detail);
    }
}
