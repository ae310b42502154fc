package org.lienthong.dossier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.lienthong.registry.Role;
import org.lienthong.web.Caller;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * {@code GET /api/v1/dossiers/stats?month=YYYY-MM&agency=&format=json|csv}: per reporting agency and procedure,
 * dossiers received, resolved on time, resolved late, pending and overdue. For the portal, the PAKN system
 * and operators. Months follow the configured zone (Asia/Ho_Chi_Minh).
 */
public final class DossierStatsApi {

    private final DossierRepository repository;
    private final HttpResponses responses;
    private final Clock clock;
    private final ZoneId zone;

    public DossierStatsApi(DossierRepository repository, HttpResponses responses, Clock clock, ZoneId zone) {
        this.repository = repository;
        this.responses = responses;
        this.clock = clock;
        this.zone = zone;
    }

    public void stats(Exchange exchange) {
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        if (caller instanceof Caller.AgencyCaller agency && !agency.agency().hasRole(Role.PORTAL)
                && !agency.agency().hasRole(Role.PAKN_SYSTEM)) {
            throw new ProblemException(Problem.FORBIDDEN, "Dossier statistics are for the portal, the PAKN system and operators");
        }
        String monthText = HttpRequests.query(exchange, "month");
        YearMonth month;
        try {
            month = monthText == null ? YearMonth.now(clock.withZone(zone)) : YearMonth.parse(monthText);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "month must look like 2026-11");
        }
        String agency = HttpRequests.query(exchange, "agency");
        Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        Instant asOf = now.isBefore(end) ? now : end;
        List<DossierRepository.StatsRow> rows = repository.stats(start, end, asOf, agency);
        String format = HttpRequests.query(exchange, "format");
        if ("csv".equalsIgnoreCase(format)) {
            StringBuilder csv = new StringBuilder("month,agency,procedure,procedureName,received,resolvedOnTime,"
                    + "resolvedLate,pending,overdue\r\n");
            for (DossierRepository.StatsRow r : rows) {
                csv.append(month).append(',').append(r.agency()).append(',').append(quote(r.procedure())).append(',')
                        .append(quote(r.procedureName())).append(',').append(r.received()).append(',')
                        .append(r.resolvedOnTime()).append(',').append(r.resolvedLate()).append(',').append(r.pending())
                        .append(',').append(r.overdue()).append("\r\n");
            }
            // a BOM so spreadsheet programs read the Vietnamese procedure names as UTF-8
            byte[] body = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
            responses.bytes(exchange, 200, "text/csv; charset=UTF-8", body,
                    Map.of("Content-Disposition", "attachment; filename=\"dossiers-" + month + ".csv\""));
            return;
        }
        if (format != null && !"json".equalsIgnoreCase(format)) {
            throw new ProblemException(Problem.INVALID_REQUEST, "format must be json or csv");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", month.toString());
        body.put("asOf", asOf);
        body.put("rows", rows);
        responses.json(exchange, 200, body);
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
