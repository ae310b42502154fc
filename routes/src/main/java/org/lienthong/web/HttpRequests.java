package org.lienthong.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * Reads what the API needs from an HTTP request, straight from the servlet request: query parameters,
 * the few headers the bus honours, and the body with a size limit enforced while reading.
 */
public final class HttpRequests {

    private HttpRequests() {
    }

    public static HttpServletRequest servletRequest(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        if (message == null || message.getRequest() == null) {
            throw new ProblemException(Problem.INTERNAL, "Not an HTTP request");
        }
        return message.getRequest();
    }

    public static String query(Exchange exchange, String name) {
        String value = servletRequest(exchange).getParameter(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static int intQuery(Exchange exchange, String name, int defaultValue, int min, int max) {
        String value = query(exchange, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new ProblemException(Problem.INVALID_REQUEST, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, name + " must be a whole number");
        }
    }

    public static String header(Exchange exchange, String name) {
        return servletRequest(exchange).getHeader(name);
    }

    /** The path parameter as the REST binding extracted it from the URI. */
    public static String pathParam(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw new ProblemException(Problem.INVALID_REQUEST, "missing " + name);
        }
        return value;
    }

    /** The media type of the request body without parameters, lower case; null when absent. */
    public static String mediaType(Exchange exchange) {
        String contentType = servletRequest(exchange).getContentType();
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Reads the whole body, refusing it with 413 as soon as it exceeds {@code maxBytes}. */
    public static byte[] body(Exchange exchange, long maxBytes) {
        HttpServletRequest request = servletRequest(exchange);
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[(int) Math.min(Math.max(declared, 8192), maxBytes + 1)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    buffer = java.util.Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxBytes + 1));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
            return length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The request body could not be read");
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(Problem.PAYLOAD_TOO_LARGE, "The request body exceeds " + maxBytes + " bytes");
    }
}
