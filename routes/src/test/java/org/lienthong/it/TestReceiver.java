package org.lienthong.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver for delivery tests, on loopback: each path answers from a script of status codes
 * (then its default), and every request is recorded with its headers and body.
 */
public final class TestReceiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, int answered) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> defaults = new ConcurrentHashMap<>();

    private TestReceiver(HttpServer server) {
        this.server = server;
    }

    public static TestReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            TestReceiver receiver = new TestReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the next requests on {@code path} with these statuses, then with the path's default. */
    public void script(String path, Integer... statuses) {
        synchronized (scripts) {
            scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(statuses));
        }
    }

    /** The status a path answers once its script is used up (200 unless set). */
    public void answer(String path, int status) {
        defaults.put(path, status);
    }

    /** Every request received on any path. */
    public List<Received> all() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        List<Received> list = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                list.add(r);
            }
        }
        return list;
    }

    /** Requests to the path that carried the given message id. */
    public List<Received> receivedMessage(String path, String messageId) {
        return received(path).stream().filter(r -> messageId.equals(r.header("X-Lienthong-Message-Id"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        int status;
        synchronized (scripts) {
            Deque<Integer> script = scripts.get(path);
            Integer next = script == null ? null : script.poll();
            status = next != null ? next : defaults.getOrDefault(path, 200);
        }
        received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
