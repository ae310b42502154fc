package org.lienthong.dossier;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.lienthong.connector.dossier.DossierBatch;
import org.lienthong.connector.dossier.DossierJsonReader;
import org.lienthong.connector.dossier.DossierRecord;
import org.lienthong.registry.Agency;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * REST edge of the dossier flow: {@code POST /api/v1/dossiers} (records) and {@code POST /api/v1/dossiers/progress}
 * (progress updates), each a JSON array of objects with the portal's field names. When at least one entry is
 * accepted the answer is 202 with the accepted message ids and the rejected entries; when none is, a 400
 * {@code INVALID_REQUEST} problem whose {@code rejected} member lists every entry with its reason.
 */
public final class DossierApi {

    private final DossierService desk;
    private final ObjectMapper json;
    private final HttpResponses responses;
    private final long maxBody;

    public DossierApi(DossierService desk, ObjectMapper json, HttpResponses responses, long maxBody) {
        this.desk = desk;
        this.json = json;
        this.responses = responses;
        this.maxBody = maxBody;
    }

    public void sync(Exchange exchange) throws IOException {
        apply(exchange, DossierRecord.Kind.RECORD);
    }

    public void progress(Exchange exchange) throws IOException {
        apply(exchange, DossierRecord.Kind.PROGRESS);
    }

    private void apply(Exchange exchange, DossierRecord.Kind kind) throws IOException {
        Agency reporter = CallerAuthenticator.requireAgency(exchange);
        if (!"application/json".equals(HttpRequests.mediaType(exchange))) {
            throw new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE, "Send a JSON array (application/json)");
        }
        JsonNode body = json.readTree(HttpRequests.body(exchange, maxBody));
        DossierDesk.BatchResult result;
        try {
            result = desk.apply(reporter, DossierJsonReader.read(body), kind);
        } catch (DossierBatch.Unreadable e) {
            throw new ProblemException(Problem.INVALID_REQUEST, e.getMessage());
        }
        if (result.accepted() == 0) {
            throw new ProblemException(Problem.INVALID_REQUEST, "No entry of the batch was accepted: "
                    + result.rejected().size() + " rejected (see 'rejected')", Map.of("rejected", result.rejected()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", result.accepted());
        answer.put("messageIds", result.messageIds());
        answer.put("rejected", result.rejected());
        responses.json(exchange, 202, answer);
    }

    /** The rejection report of a batch as text, one line per rejected entry (for files and logs). */
    static String report(List<DossierDesk.Rejection> rejected) {
        StringBuilder text = new StringBuilder();
        for (DossierDesk.Rejection r : rejected) {
            text.append(r.where());
            if (r.key() != null) {
                text.append(" (MaHoSo ").append(r.key().length() > 100 ? r.key().substring(0, 100) : r.key()).append(')');
            }
            text.append(": ").append(r.reason()).append(System.lineSeparator());
        }
        return text.toString();
    }
}
