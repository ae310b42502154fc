package org.lienthong.web;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error handling of every API route, declared once: a refusal becomes an RFC 7807 problem with its code;
 * anything unexpected becomes a 500 problem that names only the exchange id (the log has the rest).
 */
public final class ApiErrorHandling extends RouteConfigurationBuilder {

    /** Route configuration id the API routes refer to. */
    public static final String ID = "api";

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandling.class);

    private final HttpResponses responses;

    public ApiErrorHandling(HttpResponses responses) {
        this.responses = responses;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(ProblemException.class).handled(true)
                .process(this::problem).end()
                .onException(UnrecognizedPropertyException.class).handled(true)
                .process(e -> responses.problem(e, Problem.INVALID_MESSAGE, "Unknown field '"
                        + cause(e, UnrecognizedPropertyException.class).getPropertyName() + "'", Map.of(), Map.of()))
                .end()
                .onException(JsonProcessingException.class).handled(true)
                .process(e -> responses.problem(e, Problem.INVALID_JSON, jsonDetail(e), Map.of(), Map.of())).end()
                .onException(Exception.class).handled(true)
                .process(this::unexpected).end();
    }

    private void problem(Exchange exchange) {
        ProblemException problem = cause(exchange, ProblemException.class);
        Object retryAfter = problem.extensions().get(AccessGuard.RETRY_AFTER);
        responses.problem(exchange, problem.problem(), problem.getMessage(), problem.extensions(),
                problem.problem() == Problem.UNAUTHENTICATED ? Map.of("WWW-Authenticate", "Bearer realm=\"lienthong\"")
                        : retryAfter != null ? Map.of("Retry-After", retryAfter.toString()) : Map.of());
    }

    private void unexpected(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.error("Request {} failed unexpectedly", exchange.getExchangeId(), error);
        responses.problem(exchange, Problem.INTERNAL, "Unexpected error; reference " + exchange.getExchangeId(),
                Map.of(), Map.of());
    }

    /** Says where the JSON is wrong without echoing parser internals (class names, types). */
    private static String jsonDetail(Exchange exchange) {
        JsonProcessingException e = cause(exchange, JsonProcessingException.class);
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : mismatch.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return "'" + path + "' has the wrong type or form";
        }
        var location = e.getLocation();
        return "The body is not valid JSON" + (location == null ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }

    private static <T extends Throwable> T cause(Exchange exchange, Class<T> type) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, type);
    }
}
