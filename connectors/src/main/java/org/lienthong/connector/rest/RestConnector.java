package org.lienthong.connector.rest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.support.BasicRequestBuilder;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.lienthong.connector.DeliveryConnector;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;

/**
 * The {@code rest} connector: {@code POST <url>} with the payload as body, its content type and the
 * {@link DeliveryHeaders}. Non-blocking (one shared I/O reactor, pooled keep-alive connections): a slow
 * recipient holds a connection, never a thread.
 *
 * <p>Classification (SPEC §5 rule 4): 2xx delivered; connection errors, timeouts, 5xx, 408 and 429
 * transient; any other status permanent. Redirects are not followed (a redirect is a misconfigured URL).
 */
public final class RestConnector implements DeliveryConnector, AutoCloseable {

    /**
     * Tuning of the shared client.
     *
     * @param connectTimeout  TCP connect timeout
     * @param responseTimeout time allowed for the recipient to answer once the request is sent
     * @param maxConnectionsPerHost keep-alive pool size per recipient host
     * @param maxConnections  pool size over all recipients
     * @param ioThreads       I/O reactor threads (1 is plenty for loopback; one per core for many hosts)
     */
    public record Settings(Duration connectTimeout, Duration responseTimeout, int maxConnectionsPerHost,
                           int maxConnections, int ioThreads) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 32, 4096, 1);
        }
    }

    private final CloseableHttpAsyncClient client;

    public RestConnector(Settings settings) {
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(settings.maxConnectionsPerHost())
                .setMaxConnTotal(settings.maxConnections())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                        .setTimeToLive(Timeout.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.max(1, settings.ioThreads()))
                        .setTcpNoDelay(true)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(settings.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .setUserAgent("lienthong")
                .build();
        this.client.start();
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(OutboundMessage message, DeliveryTarget target) {
        CompletableFuture<DeliveryOutcome> result = new CompletableFuture<>();
        HttpRequest request;
        AsyncEntityProducer entity;
        try {
            URI uri = endpoint(target.url());
            BasicRequestBuilder builder = BasicRequestBuilder.post(uri);
            for (Map.Entry<String, String> header : DeliveryHeaders.of(message).entrySet()) {
                builder.addHeader(header.getKey(), header.getValue());
            }
            request = builder.build();
            entity = entityOf(message);
        } catch (RuntimeException e) {
            result.complete(DeliveryOutcome.fail("invalid endpoint for rest delivery: " + e.getMessage()));
            return result;
        }
        try {
            execute(request, entity, result);
        } catch (RuntimeException e) {
            // e.g. the client is shutting down: the recipient is not at fault, so retry later
            result.complete(classify(e));
        }
        return result;
    }

    private void execute(HttpRequest request, AsyncEntityProducer entity, CompletableFuture<DeliveryOutcome> result) {
        client.execute(new BasicRequestProducer(request, entity),
                new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()),
                new FutureCallback<Message<HttpResponse, Void>>() {
                    @Override
                    public void completed(Message<HttpResponse, Void> response) {
                        result.complete(classify(response.getHead()));
                    }

                    @Override
                    public void failed(Exception ex) {
                        result.complete(classify(ex));
                    }

                    @Override
                    public void cancelled() {
                        result.complete(DeliveryOutcome.retry("request cancelled"));
                    }
                });
    }

    /**
     * The registered URL as an absolute http(s) URI with a host. Anything else is a misconfigured registry
     * entry that no retry can fix; checked here because HttpClient reports it as a retryable-looking
     * {@code ProtocolException} ("Target host is not specified", "Unroutable protocol scheme").
     */
    static URI endpoint(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // the reason only: the URL itself may carry credentials
            throw new IllegalArgumentException("malformed URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("URL scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        return uri;
    }

    private static AsyncEntityProducer entityOf(OutboundMessage message) {
        ContentType contentType = ContentType.parse(message.contentType());
        Payload payload = message.payload();
        if (payload instanceof Payload.InFile file) {
            return AsyncEntityProducers.create(file.file().toFile(), contentType);
        }
        return AsyncEntityProducers.create(payload.bytes(), contentType);
    }

    static DeliveryOutcome classify(HttpResponse response) {
        int status = response.getCode();
        String detail = "HTTP " + status + (response.getReasonPhrase() == null || response.getReasonPhrase().isBlank()
                ? "" : " " + response.getReasonPhrase());
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.delivered(detail);
        }
        if (status >= 500 || status == 408 || status == 429) {
            return DeliveryOutcome.retry(detail);
        }
        return DeliveryOutcome.fail(detail);
    }

    static DeliveryOutcome classify(Exception ex) {
        // SocketTimeoutException covers connect (ConnectTimeoutException) and response timeouts;
        // TimeoutException (DeadlineTimeoutException) is the wait for a pooled connection
        if (ex instanceof SocketTimeoutException || ex instanceof TimeoutException) {
            return DeliveryOutcome.retry("timeout: " + ex.getMessage());
        }
        if (ex instanceof CancellationException) {
            return DeliveryOutcome.retry("request cancelled");
        }
        if (ex instanceof HttpHostConnectException || ex instanceof ConnectException) {
            return DeliveryOutcome.retry("connection refused");
        }
        if (ex instanceof UnknownHostException) {
            return DeliveryOutcome.retry("unknown host: " + ex.getMessage());
        }
        if (ex instanceof SSLException) {
            return DeliveryOutcome.retry("TLS failure: " + ex.getMessage());
        }
        if (ex instanceof IOException) {
            return DeliveryOutcome.retry("I/O error: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        }
        if (ex instanceof IllegalArgumentException) {
            return DeliveryOutcome.fail("invalid request: " + ex.getMessage());
        }
        return DeliveryOutcome.retry(ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
