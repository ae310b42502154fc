package org.lienthong.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised before a request reaches a route (unknown path, wrong method, wrong media type, a body the
 * server refuses) are answered in the same RFC 7807 form as the routes' own errors, never with Spring's
 * default error page.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer n ? n : 500;
        Problem problem = switch (status) {
            case 400 -> Problem.INVALID_REQUEST;
            case 401 -> Problem.UNAUTHENTICATED;
            case 403 -> Problem.FORBIDDEN;
            case 404 -> Problem.NOT_FOUND;
            case 405 -> Problem.METHOD_NOT_ALLOWED;
            case 406 -> Problem.NOT_ACCEPTABLE;
            case 413 -> Problem.PAYLOAD_TOO_LARGE;
            case 415 -> Problem.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> Problem.RATE_LIMITED;
            case 503 -> Problem.UNAVAILABLE;
            default -> Problem.INTERNAL;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:lienthong:problem:" + problem.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", problem.title());
        body.put("status", status);
        body.put("code", problem.name());
        body.put("detail", detail(status));
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path != null) {
            body.put("instance", path.toString());
        }
        return ResponseEntity.status(HttpStatus.valueOf(status)).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "No such resource; the API is under /api/v1 (see /api/v1/openapi.json)";
            case 405 -> "This method is not allowed on this resource";
            case 415 -> "Unsupported Content-Type for this resource";
            case 406 -> "The requested response type is not available";
            case 413 -> "The request body is too large";
            default -> HttpStatus.valueOf(status).getReasonPhrase();
        };
    }
}
