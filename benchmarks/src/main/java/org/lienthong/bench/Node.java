package org.lienthong.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged bus ({@code routes/target/lienthong.jar}) as a separate process, started the way an operator does:
 * {@code java [opts] -jar lienthong.jar --server.port=… --management.server.port=… --lienthong.data-dir=…
 * --lienthong.registry=…}, both ports on 127.0.0.1.
 */
final class Node implements AutoCloseable {

    static final String READY_LINE = "lienthong is ready";
    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.eE+-]+)");

    final Proc proc;
    final int port;
    final int managementPort;
    final List<String> command;
    private final String opsPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private double readyLogSeconds = Double.NaN;

    private Node(Proc proc, int port, int managementPort, List<String> command, String opsPassword) {
        this.proc = proc;
        this.port = port;
        this.managementPort = managementPort;
        this.command = command;
        this.opsPassword = opsPassword;
    }

    static Node start(String name, Path jar, Path dataDir, Path registry, List<String> javaOpts, List<String> args,
                      Path logDir) throws IOException {
        int port = Proc.freePort();
        int management = Proc.freePort();
        String opsPassword = "bench-" + Long.toHexString(System.nanoTime());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOpts);
        command.add("-Dfile.encoding=UTF-8");
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--management.server.port=" + management, "--management.server.address=127.0.0.1",
                "--lienthong.data-dir=" + dataDir.toAbsolutePath(),
                "--lienthong.registry=" + registry.toAbsolutePath(),
                "--lienthong.ops.password=" + opsPassword));
        command.addAll(args);
        java.nio.file.Files.createDirectories(dataDir);
        Proc proc = Proc.start(name, command, dataDir, logDir.resolve(name + ".log"), Map.of());
        return new Node(proc, port, management, command, opsPassword);
    }

    /**
     * Waits until the node is ready: health UP with Camel's readiness UP, and the API answering (401 without a key).
     * Returns seconds from launch; also notes when {@value #READY_LINE} was logged.
     */
    double awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!proc.alive()) {
                throw new IllegalStateException(proc.name + " exited; log " + proc.log + ":\n" + proc.tail(40));
            }
            if (Double.isNaN(readyLogSeconds) && proc.logged(READY_LINE)) {
                readyLogSeconds = proc.age();
            }
            if (ready()) {
                double seconds = proc.age();
                if (Double.isNaN(readyLogSeconds) && proc.logged(READY_LINE)) {
                    readyLogSeconds = seconds;
                }
                return seconds;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(proc.name + " not ready after " + timeout + "; log " + proc.log + ":\n"
                + proc.tail(40));
    }

    /** When "lienthong is ready" was first seen in the log (seconds from launch; checked every 50 ms). */
    double readyLogSeconds() {
        return readyLogSeconds;
    }

    private boolean ready() {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (health.statusCode() != 200 || !health.body().contains("\"camelReadinessState\":{\"status\":\"UP\"")) {
                return false;
            }
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(api("/agencies"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return api.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1" + path);
    }

    /** A metric of the node's actuator (operator account), e.g. jvm.memory.used with tag area:heap; NaN on failure. */
    double metric(String name, String tag) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + managementPort + "/actuator/metrics/" + name
                                    + (tag == null ? "" : "?tag=" + tag)))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("ops:" + opsPassword).getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return Double.NaN;
            }
            Matcher m = VALUE.matcher(answer.body());
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** GET with an agency key; the answer's body (status in the first element). */
    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The journal the embedded broker really uses (Artemis falls back from ASYNCIO to NIO without libaio). */
    String journalInUse() {
        // the node logs Artemis' server category at WARN: the fallback warning is what shows
        if (proc.logged("AMQ222018") || proc.logged("Using NIO Journal")) {
            return "NIO (libaio not found: Artemis fell back from ASYNCIO)";
        }
        return "as configured (no AIO fallback warning logged)";
    }

    long pid() {
        return proc.pid();
    }

    @Override
    public void close() {
        proc.close();
    }
}
