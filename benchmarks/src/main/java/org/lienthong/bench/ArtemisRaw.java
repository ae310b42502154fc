package org.lienthong.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * R, the raw broker's ceiling: a standalone Artemis broker of the same version as the bus's, created from the
 * Apache distribution with {@code artemis create} and then given the bus's own {@code broker.xml} (journal type,
 * sync, buffer timeout, file sizes and address settings all the bus's), its journal under the benchmark's work
 * directory on the same disk as the bus node's; driven by {@code artemis perf client --persistent --max-pending …
 * --message-size 2048} over TCP on 127.0.0.1. Broker and client are warmed up until both JVMs' JIT is idle
 * ({@link Warmup}); the rate reported is the mean over the measured one-second intervals of the smaller of the
 * send-completion and receive rates, so a growing backlog does not count.
 */
final class ArtemisRaw {


    private ArtemisRaw() {
    }

    static Map<String, Object> run(Path artemisHome, Path work, Path brokerXml, Main.Settings s, int warmupMaxS,
                                   List<String> errors, List<String> warnings) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Path instance = work.resolve("artemis-instance");
        Main.deleteTree(instance);
        Path artemis = artemisHome.resolve("bin/artemis");
        String created = Proc.run(List.of(artemis.toString(), "create", instance.toString(), "--user", "bench",
                "--password", "bench", "--allow-anonymous", "--no-web", "--silent", "--force", "--no-autotune"),
                work, 180);
        if (!Files.exists(instance.resolve("bin/artemis"))) {
            throw new IllegalStateException("artemis create failed: " + created);
        }
        Files.copy(brokerXml, instance.resolve("etc/broker.xml"), StandardCopyOption.REPLACE_EXISTING);
        int port = Proc.freePort();
        List<String> brokerArgs = new ArrayList<>(List.of("-XX:+UseG1GC", "-Xms512M", "-Xmx2G",
                "-Dlienthong.broker.tcp-port=" + port, "-Dlienthong.broker.tcp-host=127.0.0.1",
                "-Dlog4j2.disableJmx=true", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        if (s.journalBufferTimeoutNs() != null) {
            brokerArgs.add("-Dlienthong.broker.journal-buffer-timeout=" + s.journalBufferTimeoutNs());
        }
        out.put("broker_java_args", String.join(" ", brokerArgs));
        out.put("broker_xml", "the bus's " + brokerXml + " (copied into the instance's etc/)");
        out.put("journal_dir", instance.resolve("artemis/journal").toString());
        try (Proc broker = Proc.start("artemis-broker", List.of(instance.resolve("bin/artemis").toString(), "run"),
                instance, work.resolve("logs/artemis-broker.log"), Map.of("JAVA_ARGS", String.join(" ", brokerArgs)))) {
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (!broker.logged("AMQ221007")) { // Server is now active
                if (!broker.alive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Artemis broker did not start; log " + broker.log + ":\n"
                            + broker.tail(30));
                }
                Thread.sleep(100);
            }
            out.put("journal_in_use", broker.logged("AMQ222018") ? "NIO (libaio not found: Artemis fell back from ASYNCIO)"
                    : broker.logged("AMQ221013") ? "NIO" : broker.logged("AMQ221012") ? "ASYNCIO" : "unknown");
            List<Map<String, Object>> runs = new ArrayList<>();
            double best = Double.NaN;
            int k = 0;
            for (int[] config : s.artemisConfigs()) {
                // the broker is warm after the first pair: later pairs only wait for their new client JVM
                int maxWarm = k == 0 ? warmupMaxS : Math.min(warmupMaxS, Math.max(s.warmupS(), 90));
                Map<String, Object> one = perfClient(artemisHome, work, port, config[0], config[1], ++k, broker, s,
                        maxWarm, errors, warnings);
                runs.add(one);
                Object rate = one.get("msgs_per_s");
                if (rate instanceof Double r && (Double.isNaN(best) || r > best)) {
                    best = r;
                    out.put("best_warmup_s", one.get("warmup_s"));
                }
            }
            out.put("runs", runs);
            out.put("raw_artemis_msgs_per_s", Double.isNaN(best) ? null : (double) Math.round(best));
        }
        return out;
    }

    /**
     * One perf client run: started with a long {@code --duration} and no warm-up of its own; its per-second report
     * lines are read as they come. The load stays on until broker and client are warm ({@link Warmup}: both JVMs'
     * JIT idle, rate flat), then the next {@code MEASURE_S} one-second intervals are the measurement, and the client
     * is stopped.
     */
    private static Map<String, Object> perfClient(Path artemisHome, Path work, int port, int producers, int consumers,
                                                  int k, Proc broker, Main.Settings s, int warmupMaxS,
                                                  List<String> errors, List<String> warnings) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        int duration = warmupMaxS + s.measureS() + 60;
        List<String> command = List.of(artemisHome.resolve("bin/artemis").toString(), "perf", "client",
                "--persistent", "--max-pending", Integer.toString(s.artemisMaxPending()),
                "--message-size", Integer.toString(s.bodyBytes()),
                "--producers", Integer.toString(producers), "--consumers", Integer.toString(consumers),
                "--warmup", "0", "--duration", Integer.toString(duration),
                "--url", "tcp://127.0.0.1:" + port, "queue://BENCH.RAW." + k);
        out.put("command", String.join(" ", command.subList(1, command.size())));
        out.put("producers", producers);
        out.put("consumers", consumers);
        Path log = work.resolve("logs/artemis-perf-" + k + ".log");
        try (Proc client = Proc.start("artemis-perf-" + k, command, work, log, Map.of("JAVA_ARGS",
                "-XX:+UseG1GC -Xms256M -Xmx1G"))) {
            Intervals intervals = new Intervals(log);
            Map<String, Object> warm = Warmup.run(() -> {
                intervals.read();
                return intervals.receivedTotal();
            }, new long[] {broker.pid(), client.pid()}, s.warmupS(), warmupMaxS, warnings);
            out.put("warmup", warm);
            intervals.read();
            int first = intervals.count();
            ProcStats.Window cpu = new ProcStats.Window(Map.of("broker", broker.pid(), "perf_client", client.pid()));
            long deadline = System.nanoTime() + (s.measureS() + 30L) * 1_000_000_000L;
            while (intervals.count() < first + s.measureS() && System.nanoTime() < deadline && client.alive()) {
                Thread.sleep(100);
                intervals.read();
            }
            out.putAll(cpu.finish());
            int last = Math.min(intervals.count(), first + s.measureS());
            if (last - first < s.measureS()) {
                errors.add("artemis perf client " + producers + "x" + consumers + ": only " + (last - first)
                        + " measured intervals (log " + log + "): " + client.tail(10));
            }
            if (last > first) {
                double completed = intervals.mean(1, first, last);
                double received = intervals.mean(2, first, last);
                out.put("warmup_s", warm.get("seconds"));
                out.put("measured_intervals_1s", last - first);
                out.put("sent_per_s", Math.round(intervals.mean(0, first, last)));
                out.put("send_completed_per_s", Math.round(completed));
                out.put("received_per_s", Math.round(received));
                out.put("msgs_per_s", (double) Math.round(Math.min(completed, received)));
                out.put("received_per_s_each_interval", intervals.slice(2, first, last));
            }
        }
        return out;
    }

    /** The perf client's per-second report blocks ("--- sent: N msg/sec" … "--- received: N msg/sec"), read as they appear. */
    private static final class Intervals {
        private static final Pattern BLOCK = Pattern.compile("--- sent:\\s+(\\d+) msg/sec\\s+--- blocked:\\s+\\d+ msg/sec"
                + "\\s+--- completed:\\s+(\\d+) msg/sec\\s+--- received:\\s+(\\d+) msg/sec");
        private final Path log;
        private final List<long[]> rows = new ArrayList<>();
        private long received;

        Intervals(Path log) {
            this.log = log;
        }

        synchronized void read() {
            String text;
            try {
                text = Files.readString(log);
            } catch (IOException e) {
                return;
            }
            Matcher m = BLOCK.matcher(text);
            int i = 0;
            while (m.find()) {
                if (i++ < rows.size()) {
                    continue;
                }
                long[] row = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
                rows.add(row);
                received += row[2];
            }
        }

        synchronized int count() {
            return rows.size();
        }

        synchronized long receivedTotal() {
            return received;
        }

        synchronized double mean(int column, int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += rows.get(i)[column];
            }
            return sum / (to - from);
        }

        synchronized List<Long> slice(int column, int from, int to) {
            List<Long> values = new ArrayList<>();
            for (int i = from; i < to; i++) {
                values.add(rows.get(i)[column]);
            }
            return values;
        }
    }

    static Path brokerXml(Path root) throws IOException {
        Path xml = root.resolve("artemis-config/src/main/resources/broker.xml");
        if (!Files.exists(xml)) {
            throw new IOException("no broker.xml at " + xml);
        }
        return xml;
    }
}
