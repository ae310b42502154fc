package org.lienthong.feedback;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.lienthong.registry.Agency;
import org.lienthong.web.Caller;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** REST edge of the feedback flow: submit, reply, state, overdue list. */
public final class FeedbackApi {

    private final FeedbackService feedback;
    private final ObjectMapper json;
    private final HttpResponses responses;
    private final long maxBody;

    public FeedbackApi(FeedbackService feedback, ObjectMapper json, HttpResponses responses, long maxBody) {
        this.feedback = feedback;
        this.json = json;
        this.responses = responses;
        this.maxBody = maxBody;
    }

    public void submit(Exchange exchange) throws IOException {
        Agency portal = CallerAuthenticator.requireAgency(exchange);
        Feedback item = json.readValue(jsonBody(exchange), Feedback.class);
        responses.json(exchange, 202, feedback.submit(portal, item));
    }

    public void reply(Exchange exchange) throws IOException {
        Agency handler = CallerAuthenticator.requireAgency(exchange);
        String id = HttpRequests.pathParam(exchange, "id");
        FeedbackReply reply = json.readValue(jsonBody(exchange), FeedbackReply.class);
        responses.json(exchange, 202, feedback.reply(handler, id, reply));
    }

    public void state(Exchange exchange) {
        String id = HttpRequests.pathParam(exchange, "id");
        FeedbackDesk.FeedbackState state = feedback.state(id);
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        if (caller instanceof Caller.AgencyCaller agency && !agency.agency().code().equals(state.portal())
                && !agency.agency().code().equals(state.handlingAgency())
                && !agency.agency().hasRole(org.lienthong.registry.Role.PAKN_SYSTEM)) {
            throw new ProblemException(Problem.NOT_FOUND, "No feedback item '" + id + "'");
        }
        responses.json(exchange, 200, state);
    }

    public void list(Exchange exchange) {
        if (!"true".equalsIgnoreCase(HttpRequests.query(exchange, "overdue"))) {
            throw new ProblemException(Problem.INVALID_REQUEST, "List feedback with ?overdue=true");
        }
        int limit = HttpRequests.intQuery(exchange, "limit", 100, 1, 1000);
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        String agency = caller instanceof Caller.AgencyCaller a ? a.agency().code() : null;
        List<FeedbackDesk.FeedbackState> overdue = feedback.overdue(agency, limit);
        responses.json(exchange, 200, overdue);
    }

    private byte[] jsonBody(Exchange exchange) {
        if (!"application/json".equals(HttpRequests.mediaType(exchange))) {
            throw new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE, "Send JSON (application/json)");
        }
        return HttpRequests.body(exchange, maxBody);
    }
}
