package org.lienthong.admin;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailVerifier;
import org.lienthong.trail.TrailViews;
import org.lienthong.web.Caller;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** Operator calls: dead letters and their replay, usage counters, trail verification. */
public final class AdminApi {

    private final TrailRepository repository;
    private final DeadLetterReplayer replayer;
    private final HttpResponses responses;
    private final TrailVerifier verifier;

    public AdminApi(TrailRepository repository, DeadLetterReplayer replayer, HttpResponses responses,
                    TrailVerifier verifier) {
        this.repository = repository;
        this.replayer = replayer;
        this.responses = responses;
        this.verifier = verifier;
    }

    /** {@code GET /api/v1/admin/trail/verify}: walks every node's hash chain and the anchors. */
    public void verifyTrail(Exchange exchange) {
        CallerAuthenticator.requireOperator(exchange);
        responses.json(exchange, 200, TrailVerifier.json(verifier.verify()));
    }

    public void deadLetters(Exchange exchange) {
        CallerAuthenticator.requireOperator(exchange);
        String agency = HttpRequests.query(exchange, "agency");
        int limit = HttpRequests.intQuery(exchange, "limit", 100, 1, 10_000);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrailViews.DeadLetter d : repository.deadLetters(agency, limit)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("messageId", d.messageId());
            row.put("agency", d.to());
            row.put("from", d.from());
            row.put("type", d.type());
            row.put("attempts", d.attempts());
            row.put("reason", d.reason());
            row.put("deadAt", d.deadAt());
            row.put("createdAt", d.createdAt());
            rows.add(row);
        }
        responses.json(exchange, 200, rows);
    }

    public void replay(Exchange exchange) {
        Caller.Operator operator = CallerAuthenticator.requireOperator(exchange);
        String messageId = HttpRequests.pathParam(exchange, "messageId");
        String agency = HttpRequests.pathParam(exchange, "agency");
        replayer.replay(messageId, agency, operator.username());
        responses.json(exchange, 202, Map.of("messageId", messageId, "agency", agency, "status", "QUEUED"));
    }

    public void usage(Exchange exchange) {
        CallerAuthenticator.requireOperator(exchange);
        String month = HttpRequests.query(exchange, "month");
        if (month == null) {
            throw new ProblemException(Problem.INVALID_REQUEST, "month=YYYY-MM is required");
        }
        try {
            YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "month must look like 2026-11");
        }
        String format = HttpRequests.query(exchange, "format");
        List<TrailViews.UsageRow> rows = repository.usage(month);
        if ("csv".equalsIgnoreCase(format)) {
            StringBuilder csv = new StringBuilder("month,from,type,to,messages,bytes\n");
            for (TrailViews.UsageRow r : rows) {
                csv.append(r.month()).append(',').append(r.from()).append(',').append(r.type()).append(',')
                        .append(r.to()).append(',').append(r.messages()).append(',').append(r.bytes()).append('\n');
            }
            responses.bytes(exchange, 200, "text/csv; charset=UTF-8", csv.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Disposition", "attachment; filename=\"usage-" + month + ".csv\""));
            return;
        }
        if (format != null && !"json".equalsIgnoreCase(format)) {
            throw new ProblemException(Problem.INVALID_REQUEST, "format must be json or csv");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (TrailViews.UsageRow r : rows) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("from", r.from());
            item.put("type", r.type());
            item.put("to", r.to());
            item.put("messages", r.messages());
            item.put("bytes", r.bytes());
            items.add(item);
        }
        responses.json(exchange, 200, Map.of("month", month, "rows", items));
    }
}
