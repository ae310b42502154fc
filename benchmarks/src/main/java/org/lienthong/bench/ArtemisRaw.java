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
 * --message-size 2048} over TCP on 127.0.0.1. The rate reported is what the consumers received per second over
 * the perf client's measured (non-warm-up) intervals, taken as the smaller of the send-completion and receive
 * rates so a growing backlog does not count.
 */
final class ArtemisRaw {

    private static final Pattern INTERVAL = Pattern.compile(
            "\\{\"sampleType\":\"interval\",\"warmup\":(true|false),\"time\":(\\d+),\"sent\":(\\d+),\"delayed\":(\\d+),"
                    + "\"completed\":(\\d+),\"received\":(\\d+)");
    private static final Pattern RESULT = Pattern.compile("\"result\":\"([a-z]+)\"");

    private ArtemisRaw() {
    }

    static Map<String, Object> run(Path artemisHome, Path work, Path brokerXml, Main.Settings s, List<String> errors)
            throws Exception {
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
                Map<String, Object> one = perfClient(artemisHome, work, port, config[0], config[1], ++k, broker, s, errors);
                runs.add(one);
                Object rate = one.get("msgs_per_s");
                if (rate instanceof Double r && (Double.isNaN(best) || r > best)) {
                    best = r;
                }
            }
            out.put("runs", runs);
            out.put("raw_artemis_msgs_per_s", Double.isNaN(best) ? null : (double) Math.round(best));
        }
        return out;
    }

    private static Map<String, Object> perfClient(Path artemisHome, Path work, int port, int producers, int consumers,
                                                  int k, Proc broker, Main.Settings s, List<String> errors)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Path json = work.resolve("artemis-perf-" + k + ".json");
        Files.deleteIfExists(json);
        List<String> command = List.of(artemisHome.resolve("bin/artemis").toString(), "perf", "client",
                "--persistent", "--max-pending", Integer.toString(s.artemisMaxPending()),
                "--message-size", Integer.toString(s.bodyBytes()),
                "--producers", Integer.toString(producers), "--consumers", Integer.toString(consumers),
                "--warmup", Integer.toString(s.warmupS()), "--duration", Integer.toString(s.warmupS() + s.measureS()),
                "--url", "tcp://127.0.0.1:" + port, "--json", json.toString(), "--silent",
                "queue://BENCH.RAW." + k);
        out.put("command", String.join(" ", command.subList(1, command.size())));
        out.put("producers", producers);
        out.put("consumers", consumers);
        try (Proc client = Proc.start("artemis-perf-" + k, command, work, work.resolve("logs/artemis-perf-" + k + ".log"),
                Map.of("JAVA_ARGS", "-XX:+UseG1GC -Xms256M -Xmx1G"))) {
            // CPU of the broker and the client over the measured part (the client's JVM start-up plus its warm-up
            // is skipped; the end is the client's last reading before it exits)
            Thread.sleep(Math.max(0, (long) ((s.warmupS() + 2 - client.age()) * 1000)));
            double brokerStart = ProcStats.cpuSeconds(broker.pid());
            double clientStart = ProcStats.cpuSeconds(client.pid());
            long[] machineStart = ProcStats.machineJiffies();
            long t0 = System.nanoTime();
            double brokerEnd = brokerStart;
            double clientEnd = clientStart;
            long t1 = t0;
            long[] machineEnd = machineStart;
            long deadline = System.nanoTime() + (s.warmupS() + s.measureS() + 120L) * 1_000_000_000L;
            while (client.alive() && System.nanoTime() < deadline) {
                double c = ProcStats.cpuSeconds(client.pid());
                double b = ProcStats.cpuSeconds(broker.pid());
                if (!Double.isNaN(c) && !Double.isNaN(b)) {
                    clientEnd = c;
                    brokerEnd = b;
                    t1 = System.nanoTime();
                    machineEnd = ProcStats.machineJiffies();
                }
                Thread.sleep(200);
            }
            int code = client.await(10);
            double seconds = (t1 - t0) / 1e9;
            if (seconds > 0) {
                out.put("broker_cpu_pct_of_core", Math.round(1000 * (brokerEnd - brokerStart) / seconds) / 10.0);
                out.put("perf_client_cpu_pct_of_core", Math.round(1000 * (clientEnd - clientStart) / seconds) / 10.0);
                long total = machineEnd[1] - machineStart[1];
                out.put("machine_busy_pct_of_all_cores", total <= 0 ? null
                        : Math.round(1000.0 * (machineEnd[0] - machineStart[0]) / total) / 10.0);
                out.put("cpu_window_s", Math.round(seconds * 10) / 10.0);
            }
            if (code != 0) {
                errors.add("artemis perf client " + producers + "x" + consumers + " exited with " + code + ": "
                        + client.tail(10));
            }
        }
        if (!Files.exists(json)) {
            errors.add("artemis perf client wrote no report " + json);
            return out;
        }
        String report = Files.readString(json);
        Matcher result = RESULT.matcher(report);
        out.put("result", result.find() ? result.group(1) : "unknown");
        if (!"success".equals(out.get("result"))) {
            errors.add("artemis perf client " + producers + "x" + consumers + " result: " + out.get("result"));
        }
        Matcher m = INTERVAL.matcher(report);
        long lastWarmup = -1;
        long first = -1;
        long last = -1;
        long sent = 0;
        long completed = 0;
        long received = 0;
        int intervals = 0;
        while (m.find()) {
            long time = Long.parseLong(m.group(2));
            if (Boolean.parseBoolean(m.group(1))) {
                lastWarmup = time;
                continue;
            }
            if (first < 0) {
                first = lastWarmup > 0 ? lastWarmup : time - 1000;
            }
            last = time;
            sent += Long.parseLong(m.group(3));
            completed += Long.parseLong(m.group(5));
            received += Long.parseLong(m.group(6));
            intervals++;
        }
        if (intervals == 0 || last <= first) {
            errors.add("artemis perf client " + producers + "x" + consumers + ": no measured interval in " + json);
            return out;
        }
        double seconds = (last - first) / 1000.0;
        double completedRate = completed / seconds;
        double receivedRate = received / seconds;
        out.put("measured_s", seconds);
        out.put("sent_per_s", Math.round(sent / seconds));
        out.put("send_completed_per_s", Math.round(completedRate));
        out.put("received_per_s", Math.round(receivedRate));
        out.put("msgs_per_s", (double) Math.round(Math.min(completedRate, receivedRate)));
        out.put("report", json.toString());
        return out;
    }

    static Path brokerXml(Path root) throws IOException {
        Path xml = root.resolve("artemis-config/src/main/resources/broker.xml");
        if (!Files.exists(xml)) {
            throw new IOException("no broker.xml at " + xml);
        }
        return xml;
    }
}
