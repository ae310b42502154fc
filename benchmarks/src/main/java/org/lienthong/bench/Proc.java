package org.lienthong.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child process the benchmark started (a bus node, the no-op server, the Artemis broker or its perf client),
 * its output in a log file. Every one is stopped by its own pid (and its own descendants) when closed or when
 * this JVM exits; nothing else is ever signalled.
 */
final class Proc implements AutoCloseable {

    private static final List<Proc> RUNNING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Proc proc : RUNNING) {
                proc.close();
            }
        }, "bench-cleanup"));
    }

    final String name;
    final Process process;
    final Path log;
    final long startNanos;
    private long logOffset;
    private final StringBuilder seen = new StringBuilder();

    private Proc(String name, Process process, Path log, long startNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
    }

    static Proc start(String name, List<String> command, Path workDir, Path log, Map<String, String> env)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Proc proc = new Proc(name, builder.start(), log, start);
        RUNNING.add(proc);
        return proc;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Seconds since the process was launched. */
    double age() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Reads what the process logged since the last call; true when {@code text} has appeared so far. */
    synchronized boolean logged(String text) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length > logOffset) {
                byte[] fresh = new byte[(int) Math.min(length - logOffset, 4 << 20)];
                file.seek(logOffset);
                file.readFully(fresh);
                logOffset += fresh.length;
                seen.append(new String(fresh, StandardCharsets.UTF_8));
                if (seen.length() > (8 << 20)) {
                    seen.delete(0, seen.length() - (1 << 20));
                }
            }
        } catch (IOException e) {
            return false;
        }
        return seen.indexOf(text) >= 0;
    }

    /** The last lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    /** Waits for the process to end by itself; its exit code, or -1 at the timeout. */
    int await(long seconds) throws InterruptedException {
        if (process.waitFor(seconds, TimeUnit.SECONDS)) {
            RUNNING.remove(this);
            return process.exitValue();
        }
        return -1;
    }

    /** SIGTERM to the process (and any children it made), SIGKILL after 30 s. */
    @Override
    public void close() {
        RUNNING.remove(this);
        List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /** A free TCP port on the loopback address (never 8080/8081 unless the OS hands them out, which it does not). */
    static int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port != 8080 && port != 8081) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Runs a short command to completion and returns its output (stdout and stderr). */
    static String run(List<String> command, Path workDir, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).directory(workDir == null ? null : workDir.toFile())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
