package org.lienthong.messages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.lienthong.edoc.EdocRepository;
import org.lienthong.edoc.EdocStatusCodes;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailViews;
import org.lienthong.web.Caller;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** The generic message calls: submit ({@code POST /messages}) and trail ({@code GET /messages/{id}}). */
public final class MessagesApi {

    private final ObjectMapper json;
    private final MessageValidator validator;
    private final MessageAcceptor acceptor;
    private final RegistryService registry;
    private final TrailRepository trail;
    private final HttpResponses responses;
    private final EdocRepository edoc;
    private final long maxBody;

    public MessagesApi(ObjectMapper json, MessageValidator validator, MessageAcceptor acceptor, RegistryService registry,
                       TrailRepository trail, HttpResponses responses, EdocRepository edoc, long maxBody) {
        this.json = json;
        this.validator = validator;
        this.acceptor = acceptor;
        this.registry = registry;
        this.trail = trail;
        this.responses = responses;
        this.edoc = edoc;
        this.maxBody = maxBody;
    }

    public void submit(Exchange exchange) throws Exception {
        Agency sender = CallerAuthenticator.requireAgency(exchange);
        String mediaType = HttpRequests.mediaType(exchange);
        if (!"application/json".equals(mediaType)) {
            throw new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE, "Send the message as application/json");
        }
        byte[] body = HttpRequests.body(exchange, maxBody);
        SubmitRequest request = json.readValue(body, SubmitRequest.class);
        Submission submission = validator.validate(request, sender, registry.current());
        Acceptance acceptance = acceptor.accept(submission);
        responses.json(exchange, 202, answer(acceptance));
    }

    /** The acceptance answer of SPEC §6. */
    public static Map<String, Object> answer(Acceptance acceptance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", acceptance.id());
        body.put("status", "ACCEPTED");
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (Acceptance.RecipientStatus r : acceptance.recipients()) {
            Map<String, Object> recipient = new LinkedHashMap<>();
            recipient.put("to", r.to());
            recipient.put("status", r.status().name());
            recipients.add(recipient);
        }
        body.put("recipients", recipients);
        if (acceptance.duplicate()) {
            body.put("duplicate", true);
        }
        return body;
    }

    public void trail(Exchange exchange) {
        String id = HttpRequests.pathParam(exchange, "id");
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        if (caller instanceof Caller.AgencyCaller agency && !trail.isParty(id, agency.agency().code())) {
            throw notFound(id);
        }
        TrailViews.MessageTrail found = trail.trail(id).orElseThrow(() -> notFound(id));
        Map<String, Object> view = view(found);
        if (found.message().type().startsWith("edoc")) {
            addEdocView(view, id);
        }
        responses.json(exchange, 200, view);
    }

    /** e-Doc messages also show each recipient's business status and the packages that refer to them. */
    @SuppressWarnings("unchecked")
    private void addEdocView(Map<String, Object> view, String id) {
        var statuses = edoc.statuses(id);
        for (Map<String, Object> recipient : (List<Map<String, Object>>) view.get("recipients")) {
            var status = statuses.get((String) recipient.get("to"));
            if (status == null) {
                recipient.put("businessStatus", null);
            } else {
                Map<String, Object> business = new LinkedHashMap<>();
                business.put("code", status.code());
                business.put("meaning", EdocStatusCodes.meaning(status.code()));
                business.put("description", status.description());
                business.put("reportedAt", status.reportedAt());
                recipient.put("businessStatus", business);
            }
        }
        edoc.find(id).ifPresent(row -> {
            view.put("documentId", row.documentId());
            if (row.originalMessageId() != null) {
                view.put("refersTo", row.originalMessageId());
            }
        });
        List<Map<String, Object>> related = new ArrayList<>();
        for (var row : edoc.referring(id)) {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("id", row.messageId());
            link.put("kind", row.kind() == org.lienthong.edoc.EdocPackage.Kind.STATUS ? "status " + row.statusCode()
                    : switch (row.businessType() == null ? 0 : row.businessType()) {
                        case 1 -> "revoke";
                        case 2 -> "update";
                        case 3 -> "replace";
                        default -> "document";
                    });
            link.put("from", row.sender());
            link.put("at", row.createdAt());
            related.add(link);
        }
        view.put("related", related);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.NOT_FOUND, "No message '" + id + "' visible to you");
    }

    static Map<String, Object> view(TrailViews.MessageTrail trail) {
        var m = trail.message();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.id());
        body.put("type", m.type());
        body.put("from", m.from());
        body.put("to", m.recipients());
        if (m.conversationId() != null) {
            body.put("conversationId", m.conversationId());
        }
        if (m.subject() != null) {
            body.put("subject", m.subject());
        }
        body.put("contentType", m.contentType());
        body.put("size", m.size());
        body.put("createdAt", m.createdAt());
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (TrailViews.DeliveryView d : trail.deliveries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("to", d.to());
            r.put("status", d.status().name());
            r.put("attempts", d.attempts());
            r.put("lastError", d.lastError());
            r.put("deliveredAt", d.deliveredAt());
            recipients.add(r);
        }
        body.put("recipients", recipients);
        List<Map<String, Object>> events = new ArrayList<>();
        for (TrailViews.EventView e : trail.events()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("at", e.at());
            event.put("event", e.event());
            if (e.recipient() != null) {
                event.put("recipient", e.recipient());
            }
            event.put("detail", e.detail());
            events.add(event);
        }
        body.put("events", events);
        return body;
    }
}
