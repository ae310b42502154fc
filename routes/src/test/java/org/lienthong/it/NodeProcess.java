package org.lienthong.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged bus ({@code routes/target/lienthong.jar}) running as a separate process, as an operator
 * starts it: for tests that kill it, restart it, or measure it.
 */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private NodeProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** The jar failsafe hands over (built by the package phase). */
    public static Path jar() {
        String jar = System.getProperty("lienthong.jar", "target/lienthong.jar");
        Path path = Path.of(jar);
        if (!Files.exists(path)) {
            throw new IllegalStateException("Build the jar first (./mvnw package): " + path.toAbsolutePath());
        }
        return path;
    }

    public static NodeProcess start(Path dataDir, Path registry, String heap, int port, int managementPort,
                                    String... extraArgs) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("node-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8",
                "-jar", jar().toAbsolutePath().toString(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--lienthong.data-dir=" + dataDir.toAbsolutePath(),
                "--lienthong.registry=" + registry.toAbsolutePath(),
                "--lienthong.ops.password=crash-test"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new NodeProcess(process, port, managementPort, log);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True once the API answers and Camel is ready. */
    public boolean ready(HttpClient http) {
        if (!process.isAlive()) {
            throw new IllegalStateException("node exited with " + process.exitValue() + "; log " + log + ":\n" + tail());
        }
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (health.statusCode() != 200 || !health.body().contains("\"camelReadinessState\":{\"status\":\"UP\"")) {
                return false;
            }
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/agencies"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return api.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public URI api(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1" + path);
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the process in MB (Linux), or -1. */
    public long residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut of the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
