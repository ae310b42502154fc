package org.lienthong.web;

import java.util.concurrent.Executor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpBinding;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.http.common.HttpHelper;

/**
 * The platform-http consumer of the API, with two changes: the request body is left unread, and a caller's
 * {@code X-Lienthong-*} headers are dropped (like {@code Camel*} headers, which the header filter drops). Camel's
 * binding would otherwise read (and cache) a whole body before any route step runs; the bus reads bodies
 * itself, enforcing the size limit while reading, and streams large edXML packages to disk.
 */
public final class ApiHttpConsumer extends SpringBootPlatformHttpConsumer {

    /** A binding that maps headers but leaves the body in the servlet request for the route to read. */
    static final class BodylessBinding extends SpringBootPlatformHttpBinding {
        @Override
        public Object parseBody(HttpServletRequest request, Message message) {
            return null;
        }
    }

    private final BodylessBinding requestBinding = new BodylessBinding();

    public ApiHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, Executor executor) {
        super(endpoint, processor, executor);
        requestBinding.setHeaderFilterStrategy(endpoint.getHeaderFilterStrategy());
        requestBinding.setMuteException(true);
    }

    private static final String INTERNAL_PREFIX = "X-Lienthong-";

    @Override
    protected void handleService(HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (isSuspended()) {
            response.sendError(503);
            return;
        }
        Exchange exchange = createExchange(true);
        exchange.setPattern(ExchangePattern.InOut);
        HttpHelper.setCharsetFromContentType(request.getContentType(), exchange);
        PlatformHttpMessage message = new PlatformHttpMessage(request, response, exchange, requestBinding, false);
        exchange.setIn(message);
        message.init(exchange, requestBinding, request, response);
        // the header filter already keeps a caller's Camel* headers out; the bus's own headers are never taken from
        // a request either: routing and delivery headers are set by the bus alone
        // (a plain prefix test: Camel's removeHeaders(pattern) compiles a regex for every header that does not match)
        message.getHeaders().keySet().removeIf(name -> name.regionMatches(true, 0, INTERNAL_PREFIX, 0,
                INTERNAL_PREFIX.length()));
        exchange.getIn().setHeader("CamelPlatformHttpContextPath", getEndpoint().getPath());
        createUoW(exchange);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            afterProcess(response, exchange);
        }
    }
}
