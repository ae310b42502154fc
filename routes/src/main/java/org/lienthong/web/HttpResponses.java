package org.lienthong.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes API answers. Every answer starts from a message without headers, so nothing that came in with
 * the request (or was set inside the bus) leaks into the response.
 */
public final class HttpResponses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private final ObjectMapper json;

    public HttpResponses(ObjectMapper json) {
        this.json = json;
    }

    public void json(Exchange exchange, int status, Object body) {
        bytes(exchange, status, JSON, serialize(body), Map.of());
    }

    public void bytes(Exchange exchange, int status, String contentType, byte[] body, Map<String, String> headers) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        headers.forEach(message::setHeader);
        message.setBody(body);
    }

    /** A streamed body (the HTTP binding copies and closes it). */
    public void stream(Exchange exchange, int status, String contentType, java.io.InputStream body,
                       Map<String, String> headers) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        headers.forEach(message::setHeader);
        message.setBody(body);
    }

    public void empty(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody(null);
    }

    /** An RFC 7807 problem document with the bus's {@code code} member. */
    public void problem(Exchange exchange, Problem problem, String detail, Map<String, Object> extensions,
                        Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:lienthong:problem:" + problem.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("code", problem.name());
        if (detail != null) {
            body.put("detail", detail);
        }
        var http = exchange.getIn(org.apache.camel.component.platform.http.springboot.PlatformHttpMessage.class);
        if (http != null && http.getRequest() != null) {
            body.put("instance", http.getRequest().getRequestURI());
        }
        body.putAll(extensions);
        bytes(exchange, problem.status(), PROBLEM_JSON, serialize(body), headers);
    }

    private byte[] serialize(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise an API answer", e);
        }
    }
}
