package org.lienthong.connector.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.lienthong.connector.DeliveryHeaders;

/**
 * A recipient agency's REST endpoint, on loopback and a free port. It records every request by its
 * message id and answers by path:
 * <ul>
 *   <li>{@code /status/<code>}: that status (3xx with a {@code Location} back to {@code /status/200});</li>
 *   <li>{@code /hang}: no answer until {@link #releaseHangingRequests()} (a recipient that never answers);</li>
 *   <li>anything else: 200.</li>
 * </ul>
 */
final class RecordingReceiver implements AutoCloseable {

    /** One request as the recipient saw it. Header names are case-insensitive. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, Received> byMessageId = new ConcurrentHashMap<>();
    private final CountDownLatch hang = new CountDownLatch(1);

    RecordingReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The request that carried this message id, or null if none arrived. */
    Received received(String messageId) {
        return byMessageId.get(messageId);
    }

    int receivedCount() {
        return byMessageId.size();
    }

    void releaseHangingRequests() {
        hang.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            Received received = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    body.readAllBytes());
            String id = received.header(DeliveryHeaders.MESSAGE_ID);
            if (id != null) {
                byMessageId.put(id, received);
            }
            String path = received.path();
            if (path.equals("/hang")) {
                // bounded, so a forgotten release cannot keep a thread forever
                hang.await(60, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", url("/status/200"));
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        releaseHangingRequests();
        server.stop(0);
        handlers.shutdownNow();
    }
}
