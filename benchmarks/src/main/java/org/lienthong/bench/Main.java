package org.lienthong.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import org.HdrHistogram.Histogram;

/**
 * The benchmark of issue 6, in one go: raw Artemis (R), the no-op ingress (H), the bus end to end (throughput,
 * open-model latency), fan-out, the large document and the registry scale; prints a table and writes the results
 * JSON. Settings come from environment variables (see benchmarks/README.md); run it through benchmarks/run.sh.
 *
 * <pre>java -cp target/lienthong-bench.jar:target/lib/* org.lienthong.bench.Main --root .. --artemis-home … </pre>
 */
public final class Main {

    static final List<String> ALL_STEPS = List.of("loadgen", "artemis", "noop", "bus", "fanout", "large", "registry");

    /** Every setting of a run; {@code quick} only changes the defaults. */
    record Settings(boolean quick, int warmupS, int warmupMaxS, int measureS, int openWarmupS, int openMeasureS, List<Integer> rates,
                    int connections, int bodyBytes, List<int[]> artemisConfigs, int artemisMaxPending, int drainS,
                    int fanoutRecipients, int fanoutRounds, int fanoutWarmupS, int largeMb, int largeWarmupMb, int largeWarmupS, String largeHeap,
                    boolean largeSigned, int registryAgencies, List<String> nodeJavaOpts, List<String> noopJavaOpts,
                    int senders, int inboxes, Set<String> steps, Long journalBufferTimeoutNs, int receiverThreads) {

        static Settings fromEnvironment() {
            boolean quick = "1".equals(env("QUICK", "0")) || "true".equalsIgnoreCase(env("QUICK", "0"));
            List<int[]> artemis = new ArrayList<>();
            for (String pc : env("ARTEMIS_CONFIGS", quick ? "1:1" : "1:1,4:4").split(",")) {
                String[] parts = pc.trim().split(":");
                artemis.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
            }
            String jbt = env("JOURNAL_BUFFER_TIMEOUT_NS", "");
            return new Settings(quick,
                    num("WARMUP_S", quick ? 5 : 30), num("WARMUP_MAX_S", quick ? 5 : 300), num("MEASURE_S", quick ? 10 : 30),
                    num("OPEN_WARMUP_S", quick ? 3 : 10), num("OPEN_MEASURE_S", quick ? 7 : 30),
                    Arrays.stream(env("OPEN_RATES", "500,1000,2000").split(",")).map(String::trim)
                            .map(Integer::parseInt).toList(),
                    num("CONNECTIONS", 64), num("BODY_BYTES", 2048), artemis, num("ARTEMIS_MAX_PENDING", 100),
                    num("DRAIN_S", quick ? 30 : 90), num("FANOUT_RECIPIENTS", 1000), num("FANOUT_ROUNDS", quick ? 1 : 3),
                    num("FANOUT_WARMUP_S", quick ? 0 : 30),
                    num("LARGE_MB", 200), num("LARGE_WARMUP_MB", quick ? 5 : 50), num("LARGE_WARMUP_S", quick ? 0 : 30),
                    env("LARGE_HEAP", "512m"),
                    !"0".equals(env("LARGE_SIGNED", "1")), num("REGISTRY_AGENCIES", 10_000),
                    split(env("NODE_JAVA_OPTS", "")), split(env("NOOP_JAVA_OPTS", env("NODE_JAVA_OPTS", ""))),
                    num("BUS_SENDERS", 1), num("BUS_RECIPIENTS", 1),
                    new LinkedHashSet<>(Arrays.asList(env("STEPS", String.join(",", ALL_STEPS))
                            .replace(" ", "").split(","))),
                    jbt.isBlank() ? null : Long.parseLong(jbt.trim()), num("RECEIVER_THREADS", 1));
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        private static int num(String name, int fallback) {
            return Integer.parseInt(env(name, Integer.toString(fallback)));
        }

        private static List<String> split(String s) {
            return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("quick", quick);
            m.put("warmup_s", warmupS);
            m.put("warmup_max_s", warmupMaxS);
            m.put("measure_s", measureS);
            m.put("open_warmup_s", openWarmupS);
            m.put("open_measure_s", openMeasureS);
            m.put("open_rates", rates);
            m.put("connections", connections);
            m.put("body_bytes", bodyBytes);
            m.put("artemis_configs_producers_x_consumers",
                    artemisConfigs.stream().map(c -> c[0] + "x" + c[1]).toList());
            m.put("artemis_max_pending", artemisMaxPending);
            m.put("drain_timeout_s", drainS);
            m.put("fanout_recipients", fanoutRecipients);
            m.put("fanout_rounds_measured", fanoutRounds);
            m.put("fanout_warmup_s", fanoutWarmupS);
            m.put("large_mb", largeMb);
            m.put("large_warmup_mb", largeWarmupMb);
            m.put("large_warmup_s", largeWarmupS);
            m.put("large_heap", largeHeap);
            m.put("large_signed", largeSigned);
            m.put("registry_agencies", registryAgencies);
            m.put("node_java_opts", String.join(" ", nodeJavaOpts));
            m.put("noop_java_opts", String.join(" ", noopJavaOpts));
            m.put("bus_senders", senders);
            m.put("bus_recipients", inboxes);
            m.put("steps", List.copyOf(steps));
            m.put("journal_buffer_timeout_ns_override", journalBufferTimeoutNs);
            m.put("receiver_threads", receiverThreads);
            m.put("loadgen_threads", 1);
            return m;
        }
    }

    private final Settings s;
    private final Path root;
    private final Path work;
    private final Path cache;
    private final Path resultsDir;
    private final Path artemisHome;
    private final Path jar;
    private final Path noopJar;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Receiver receiver;

    private Main(Settings s, Path root, Path artemisHome) {
        this.s = s;
        this.root = root;
        this.work = root.resolve("benchmarks/target/work");
        this.cache = root.resolve("benchmarks/target/cache");
        this.resultsDir = root.resolve("benchmarks/results");
        this.artemisHome = artemisHome;
        this.jar = root.resolve("routes/target/lienthong.jar");
        this.noopJar = root.resolve("benchmarks/target/lienthong-bench-noop.jar");
    }

    public static void main(String[] args) throws Exception {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        if (args.length > 0 && args[0].equals("load")) {
            System.exit(LoadCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path artemisHome = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--artemis-home" -> artemisHome = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Main main = new Main(Settings.fromEnvironment(), root, artemisHome);
        int code = main.runAll();
        System.exit(code);
    }

    private int runAll() throws Exception {
        long started = System.nanoTime();
        deleteTree(work);
        Files.createDirectories(work.resolve("logs"));
        Files.createDirectories(cache);
        Files.createDirectories(resultsDir);
        log("lienthong benchmark%s: steps %s; work dir %s", s.quick() ? " (QUICK: short windows, figures not comparable)"
                : "", s.steps(), work);
        results.put("started_at", OffsetDateTime.now().toString());
        results.put("load_average_at_start", read(Path.of("/proc/loadavg")).trim());
        results.put("quick", s.quick());
        for (String key : List.of("loadgen_selftest_req_per_s", "raw_artemis_msgs_per_s", "http_noop_req_per_s", "limit_msgs_per_s",
                "bus_msgs_per_s", "bus_accepted_per_s", "ratio_bus_to_limit")) {
            results.put(key, null);
        }
        for (int rate : s.rates()) {
            results.put("p50_ms_at_" + rate, null);
            results.put("p99_ms_at_" + rate, null);
            results.put("p999_ms_at_" + rate, null);
        }
        for (String key : List.of("fanout_1000_s", "large_200mb_mb_per_s", "large_200mb_heap_mb",
                "startup_10k_agencies_s", "rss_10k_agencies_mb", "warmup_s", "warmup_noop_s", "warmup_artemis_s")) {
            results.put(key, null);
        }
        try {
            receiver = new Receiver(s.receiverThreads());
            step("loadgen", s.steps().contains("loadgen"), this::loadgen);
            step("artemis", s.steps().contains("artemis"), this::artemis);
            step("noop", s.steps().contains("noop"), this::noop);
            step("bus", s.steps().contains("bus") || s.steps().contains("fanout"), this::bus);
            step("large", s.steps().contains("large"), this::large);
            step("registry", s.steps().contains("registry"), this::registry);
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
        Double h = (Double) results.get("http_noop_req_per_s");
        Double r = (Double) results.get("raw_artemis_msgs_per_s");
        if (h != null && r != null) {
            double limit = 1.0 / (2.0 / h + 1.0 / r);
            results.put("limit_msgs_per_s", (double) Math.round(limit));
            Double bus = (Double) results.get("bus_msgs_per_s");
            if (bus != null) {
                results.put("ratio_bus_to_limit", Math.round(bus / limit * 1000) / 1000.0);
            }
        }
        cpuSummary();
        results.put("total_run_s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        results.put("errors", errors);
        results.put("warnings", warnings);
        results.put("valid", errors.isEmpty());
        results.put("targets", Report.targets());
        results.put("verdicts", Report.verdicts(results));
        results.put("machine", machine());
        results.put("settings", s.describe());
        results.put("details", details);

        String json = Json.write(results);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"));
        // a run of some steps only (STEPS) never replaces latest.json
        boolean partial = !s.steps().containsAll(ALL_STEPS);
        Path dated = resultsDir.resolve(stamp + (partial ? "-partial" : "") + ".json");
        Path tmp = resultsDir.resolve("latest.json.tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.copy(tmp, dated, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (partial) {
            Files.delete(tmp);
        } else {
            Files.move(tmp, resultsDir.resolve("latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println();
        System.out.println(Report.table(results));
        System.out.println("results: " + (partial ? dated + " (some steps only: latest.json left as it was)"
                : resultsDir.resolve("latest.json") + " and " + dated));
        return errors.isEmpty() ? 0 : 1;
    }

    /**
     * CPU use in the measured windows, as % of one core (100 = one core busy; the machine has
     * {@code availableProcessors} cores), gathered from the steps' details: the server under test, the load
     * generator's threads, the receiver's threads, the whole harness JVM and the machine (busy % of all cores,
     * which shows load from other processes on a shared machine).
     */
    @SuppressWarnings("unchecked")
    private void cpuSummary() {
        Map<String, Object> cpu = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, Object> add = (name, d) -> {
            if (d instanceof Map<?, ?> m) {
                Map<String, Object> one = new LinkedHashMap<>();
                ((Map<String, Object>) m).forEach((k, v) -> {
                    if (k.endsWith("_cpu_pct_of_core") || k.equals("machine_busy_pct_of_all_cores")) {
                        one.put(k, v);
                    }
                });
                if (!one.isEmpty()) {
                    cpu.put(name, one);
                }
            }
        };
        add.accept("loadgen_selftest", details.get("loadgen_selftest"));
        if (details.get("artemis") instanceof Map<?, ?> a && a.get("runs") instanceof List<?> runs) {
            for (Object r : runs) {
                Map<String, Object> run = (Map<String, Object>) r;
                add.accept("artemis_" + run.get("producers") + "x" + run.get("consumers"), run);
            }
        }
        add.accept("noop", details.get("noop"));
        if (details.get("bus") instanceof Map<?, ?> b) {
            add.accept("bus_closed", b.get("closed"));
            if (b.get("closed") instanceof Map<?, ?> closed) {
                results.put("node_cpu_pct_of_core", closed.get("node_cpu_pct_of_core"));
                results.put("loadgen_cpu_pct_of_core", closed.get("loadgen_cpu_pct_of_core"));
                results.put("receiver_cpu_pct_of_core", closed.get("receiver_cpu_pct_of_core"));
            }
            if (b.get("open") instanceof Map<?, ?> open) {
                open.forEach((rate, d) -> add.accept("bus_open_" + rate, d));
            }
        }
        results.put("cpu_note", "node/loadgen/receiver_cpu_pct_of_core: bus closed-model window, % of one core; "
                + "all windows in cpu_use");
        results.put("cpu_use", cpu);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, boolean enabled, Step step) {
        if (!enabled) {
            return;
        }
        long t = System.nanoTime();
        log("== %s", name);
        try {
            step.run();
        } catch (Exception | Error e) {
            errors.add(name + ": " + e);
            log("!! %s failed: %s", name, e);
            e.printStackTrace(System.out);
        }
        log("== %s done in %.0f s", name, (System.nanoTime() - t) / 1e9);
    }

    // ---------------------------------------------------------------- the load generator's own ceiling

    /**
     * The load generator against the receiver (a Netty server answering 200 at once), same connections and body:
     * how many requests per second the generator itself can drive, and at what CPU cost. H is meaningful only
     * well below this.
     */
    private void loadgen() throws Exception {
        Map<String, Object> out = closed("loadgen self-test", receiver.port(), "/selftest",
                Payloads.messages(0, List.of(Registries.inbox(1)), s.bodyBytes()), Map.of(), 200,
                Math.min(5, s.warmupS()), Math.min(5, s.warmupS()), Math.min(10, s.measureS()));
        details.put("loadgen_selftest", out);
        results.put("loadgen_selftest_req_per_s", out.get("ok_per_s"));
        log("load generator self-test: %s req/s (generator %s%% of a core, receiver %s%%)", out.get("ok_per_s"),
                out.get("loadgen_cpu_pct_of_core"), out.get("receiver_cpu_pct_of_core"));
    }

    // ---------------------------------------------------------------- raw Artemis (R)

    private void artemis() throws Exception {
        if (artemisHome == null || !Files.exists(artemisHome.resolve("bin/artemis"))) {
            throw new IllegalStateException("no Artemis distribution (--artemis-home); run.sh unpacks it");
        }
        Map<String, Object> out = ArtemisRaw.run(artemisHome, work, ArtemisRaw.brokerXml(root), s,
                warmupMaxS(s.warmupS()), errors, warnings);
        details.put("artemis", out);
        results.put("raw_artemis_msgs_per_s", out.get("raw_artemis_msgs_per_s"));
        results.put("warmup_artemis_s", out.get("best_warmup_s"));
        log("raw Artemis: %s msg/s %s", out.get("raw_artemis_msgs_per_s"), out.get("runs"));
    }

    // ---------------------------------------------------------------- no-op ingress (H)

    private void noop() throws Exception {
        if (!Files.exists(noopJar)) {
            throw new IllegalStateException("no " + noopJar + "; build the benchmarks module");
        }
        int port = Proc.freePort();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(s.noopJavaOpts());
        command.addAll(List.of("-Dfile.encoding=UTF-8", "-jar", noopJar.toString(), "--server.port=" + port,
                "--server.address=127.0.0.1"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", String.join(" ", command));
        out.put("stack", "Spring Boot " + springBootVersion() + " embedded Tomcat + Camel platform-http, "
                + "route platform-http:/noop?httpMethodRestrict=POST answering 202 with an empty body");
        try (Proc noop = Proc.start("noop-server", command, work, work.resolve("logs/noop-server.log"), Map.of())) {
            long deadline = System.nanoTime() + 90_000_000_000L;
            URI uri = URI.create("http://127.0.0.1:" + port + "/noop");
            while (true) {
                if (!noop.alive()) {
                    throw new IllegalStateException("no-op server exited: " + noop.tail(30));
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json").build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 202) {
                        break;
                    }
                    // Tomcat answers 404 until Camel has started the route
                    if (status != 404 || System.nanoTime() > deadline) {
                        throw new IllegalStateException("no-op server answered " + status + " instead of 202");
                    }
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no-op server not up: " + noop.tail(30));
                    }
                }
                Thread.sleep(100);
            }
            out.put("startup_s", round1(noop.age()));
            Map<String, Object> run = closed("noop", port, "/noop", Payloads.messages(0,
                    List.of(Registries.inbox(1)), s.bodyBytes()), Map.of("noop", noop.pid()), 202, s.warmupS(), warmupMaxS(s.warmupS()), s.measureS());
            out.putAll(run);
            results.put("http_noop_req_per_s", run.get("ok_per_s"));
            results.put("warmup_noop_s", run.get("warmup_s"));
        }
        details.put("noop", out);
        log("no-op H: %s req/s", results.get("http_noop_req_per_s"));
    }

    /** A closed-model run of the load generator against a plain HTTP endpoint (no delivery tracking). */
    private Map<String, Object> closed(String name, int port, String path, HttpLoad.Bodies bodies,
                                       Map<String, Long> pids, int expected, int warmupS, int maxWarmupS,
                                       int measureS)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (HttpLoad gen = new HttpLoad("127.0.0.1", port, path, s.connections(),
                i -> HttpLoad.headers("127.0.0.1", port, "application/json",
                        Map.of("Authorization", "Bearer " + Registries.senderKey(i % s.senders() + 1))), bodies)
                .connect()) {
            gen.startClosed();
            Map<String, Object> warm = Warmup.run(gen.ok::get, pids.values().stream().mapToLong(Long::longValue)
                    .toArray(), warmupS, maxWarmupS, warnings);
            out.put("warmup", warm);
            long ws = System.nanoTime();
            long we = ws + measureS * 1_000_000_000L;
            gen.window(ws, we);
            long okA = gen.ok.get();
            long tA = System.nanoTime();
            ProcStats.Window cpu = new ProcStats.Window(pids);
            sleepUntil(we);
            long okB = gen.ok.get();
            long tB = System.nanoTime();
            out.putAll(cpu.finish());
            gen.stop();
            gen.awaitQuiet(30_000);
            double seconds = (tB - tA) / 1e9;
            out.put("warmup_s", warm.get("seconds"));
            out.put("measure_s", round1(seconds));
            out.put("ok_per_s", (double) Math.round((okB - okA) / seconds));
            out.put("latency_closed", HttpLoad.summary(gen.latency.getIntervalHistogram()));
            checkStatuses(name, gen, expected, out);
        }
        return out;
    }

    int warmupMaxS(int warmupS) {
        return Math.max(warmupS, s.warmupMaxS());
    }

    private void checkStatuses(String name, HttpLoad gen, int expected, Map<String, Object> out) throws Exception {
        Map<Integer, Long> statuses = gen.statuses();
        out.put("statuses", statuses.entrySet().stream().collect(LinkedHashMap::new,
                (m, e) -> m.put(Integer.toString(e.getKey()), e.getValue()), Map::putAll));
        out.put("sent", gen.sent.get());
        out.put("non_2xx", gen.non2xx.get());
        out.put("transport_errors", gen.errors.get());
        out.put("connections_reopened", gen.reconnects.get());
        long unexpected = statuses.entrySet().stream().filter(e -> e.getKey() != expected)
                .mapToLong(Map.Entry::getValue).sum();
        if (unexpected > 0 || gen.errors.get() > 0) {
            errors.add(name + ": " + unexpected + " answers other than " + expected + " and " + gen.errors.get()
                    + " transport errors (first: " + gen.firstProblem() + ")");
        }
    }

    // ---------------------------------------------------------------- the bus end to end

    private void bus() throws Exception {
        Path dir = work.resolve("bus");
        Files.createDirectories(dir);
        Path registry = dir.resolve("agencies.yaml");
        boolean fanout = s.steps().contains("fanout");
        Registries.bus(registry, s.senders(), s.inboxes(), fanout ? s.fanoutRecipients() : 0, receiver.port());
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= s.senders(); i++) {
            // the bench senders' own rate limit lifted (0: unlimited, see AccessGuard); everyone else keeps the default
            args.add("--lienthong.limits.agency-rates.[" + Registries.sender(i) + "]=0");
        }
        if (s.journalBufferTimeoutNs() != null) {
            args.add("--lienthong.broker.journal-buffer-timeout=" + s.journalBufferTimeoutNs() + "ns");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (Node node = Node.start("bus-node", jar, dir.resolve("data"), registry, s.nodeJavaOpts(), args,
                work.resolve("logs"))) {
            out.put("command", masked(node.command));
            double ready = node.awaitReady(Duration.ofSeconds(180));
            out.put("startup_s", round1(ready));
            out.put("ready_logged_s", round1(node.readyLogSeconds()));
            out.put("journal_in_use", node.journalInUse());
            details.put("bus", out);
            preflight(node);
            if (s.steps().contains("bus")) {
                int run = 1;
                Map<String, Object> closed = busClosed(node, run++);
                out.put("closed", closed);
                results.put("bus_msgs_per_s", closed.get("delivered_per_s"));
                results.put("bus_accepted_per_s", closed.get("accepted_per_s"));
                results.put("warmup_s", closed.get("warmup_s"));
                Map<String, Object> open = new LinkedHashMap<>();
                for (int rate : s.rates()) {
                    Map<String, Object> one = busOpen(node, run++, rate);
                    open.put(Integer.toString(rate), one);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> e2e = (Map<String, Object>) one.get("e2e_latency");
                    results.put("p50_ms_at_" + rate, e2e.get("p50_ms"));
                    results.put("p99_ms_at_" + rate, e2e.get("p99_ms"));
                    results.put("p999_ms_at_" + rate, e2e.get("p999_ms"));
                }
                out.put("open", open);
            }
            if (fanout) {
                Map<String, Object> f = fanout(node);
                out.put("fanout", f);
                results.put("fanout_1000_s", f.get("median_s"));
            }
            out.put("rss_after_mb", Math.round(ProcStats.rssMb(node.pid())));
            if (!node.proc.alive()) {
                errors.add("bus node died: " + node.proc.tail(20));
            }
        }
    }

    /** One message end to end before measuring: proves registry, keys, rest delivery and payload parsing work. */
    private void preflight(Node node) throws Exception {
        Receiver.Track track = receiver.track(0);
        long before = track.received.get();
        HttpLoad.Bodies bodies = Payloads.messages(0, List.of(Registries.inbox(1)), s.bodyBytes());
        io.netty.buffer.ByteBuf buf = bodies.body(io.netty.buffer.ByteBufAllocator.DEFAULT, 0, System.nanoTime());
        byte[] body = new byte[buf.readableBytes()];
        buf.readBytes(body);
        buf.release();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.api("/messages"))
                .header("Authorization", "Bearer " + Registries.senderKey(1))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("preflight message answered " + answer.statusCode() + ": " + answer.body());
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (track.received.get() == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("preflight message not delivered to the receiver in 30 s (unparsed "
                        + receiver.unparsed.get() + ", requests " + receiver.requests.get() + ")");
            }
            Thread.sleep(20);
        }
        log("preflight: one message accepted and delivered");
    }

    private HttpLoad busLoad(Node node, int run) throws InterruptedException {
        return new HttpLoad("127.0.0.1", node.port, "/api/v1/messages", s.connections(),
                i -> HttpLoad.headers("127.0.0.1", node.port, "application/json",
                        Map.of("Authorization", "Bearer " + Registries.senderKey(i % s.senders() + 1))),
                Payloads.messages(run, Registries.inboxes(s.inboxes()), s.bodyBytes())).connect();
    }

    /** Closed model: the maximum sustained rate, counted as deliveries at the receiver in the window. */
    private Map<String, Object> busClosed(Node node, int run) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Receiver.Track track = receiver.track(run);
        log("bus closed model: %d connections, warm-up %d s, measure %d s", s.connections(), s.warmupS(), s.measureS());
        try (HttpLoad gen = busLoad(node, run)) {
            gen.startClosed();
            // warm-up until the delivery rate (the figure measured) has settled
            Map<String, Object> warm = Warmup.run(track.received::get, new long[] {node.pid()}, s.warmupS(),
                    warmupMaxS(s.warmupS()), warnings);
            out.put("warmup", warm);
            long ws = System.nanoTime();
            long we = ws + s.measureS() * 1_000_000_000L;
            gen.window(ws, we);
            track.windowStart = ws;
            track.windowEnd = we;
            long okA = gen.ok.get();
            long delA = track.received.get();
            long tA = System.nanoTime();
            ProcStats.Window cpu = new ProcStats.Window(Map.of("node", node.pid()));
            // the rate through the window, in 5 s steps: a run measured while the node still speeds up shows as such
            List<Long> steps = new ArrayList<>();
            long last = delA;
            for (long next = ws + 5_000_000_000L; next < we; next += 5_000_000_000L) {
                sleepUntil(next);
                long now = track.received.get();
                steps.add((now - last) / 5);
                last = now;
            }
            sleepUntil(we);
            long okB = gen.ok.get();
            long delB = track.received.get();
            long tB = System.nanoTime();
            out.putAll(cpu.finish());
            out.put("delivered_per_s_each_5s", steps);
            if (steps.size() >= 3) {
                int third = steps.size() / 3;
                double first = steps.subList(0, third).stream().mapToLong(Long::longValue).average().orElse(0);
                double lastThird = steps.subList(steps.size() - third, steps.size()).stream().mapToLong(Long::longValue)
                        .average().orElse(0);
                if (lastThird > first * 1.15) {
                    warnings.add(("bus closed: the rate still rose during the measurement (first third %.0f, last third "
                            + "%.0f msg/s): measured before the node was warm").formatted(first, lastThird));
                }
            }
            gen.stop();
            gen.awaitQuiet(30_000);
            double seconds = (tB - tA) / 1e9;
            out.put("warmup_s", warm.get("seconds"));
            out.put("measure_s", round1(seconds));
            out.put("delivered_per_s", (double) Math.round((delB - delA) / seconds));
            out.put("accepted_per_s", (double) Math.round((okB - okA) / seconds));
            out.put("backlog_at_window_end", (okB - delB));
            out.put("accept_latency_closed", HttpLoad.summary(gen.latency.getIntervalHistogram()));
            checkStatuses("bus closed", gen, 202, out);
            out.putAll(drain("bus closed", gen, track));
            out.put("e2e_latency_closed_from_actual_send_in_window", HttpLoad.summary(track.e2e.getIntervalHistogram()));
        }
        log("bus closed: %s delivered/s, %s accepted/s", out.get("delivered_per_s"), out.get("accepted_per_s"));
        return out;
    }

    /** Open model at a fixed rate: latency from intended send time to receipt at the receiver. */
    private Map<String, Object> busOpen(Node node, int run, int rate) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Receiver.Track track = receiver.track(run);
        log("bus open model at %d msg/s: warm-up %d s, measure %d s", rate, s.openWarmupS(), s.openMeasureS());
        try (HttpLoad gen = busLoad(node, run)) {
            long start = System.nanoTime() + 50_000_000L;
            long ws = start + s.openWarmupS() * 1_000_000_000L;
            long we = ws + s.openMeasureS() * 1_000_000_000L;
            gen.window(ws, we);
            track.windowStart = ws;
            track.windowEnd = we;
            gen.startOpen(rate, start, we, (long) rate * 10);
            sleepUntil(ws);
            long okA = gen.ok.get();
            long delA = track.received.get();
            long tA = System.nanoTime();
            ProcStats.Window cpu = new ProcStats.Window(Map.of("node", node.pid()));
            while (System.nanoTime() < we && !gen.overloaded()) {
                Thread.sleep(50);
            }
            long okB = gen.ok.get();
            long delB = track.received.get();
            long tB = System.nanoTime();
            out.putAll(cpu.finish());
            // every request scheduled in the window is sent and answered, however late, and timed from its intended time
            boolean complete = gen.awaitSchedule(s.drainS() * 1000L);
            gen.stop();
            gen.awaitQuiet(30_000);
            if (!complete && !gen.overloaded()) {
                errors.add("bus open " + rate + "/s: " + gen.firstProblem());
            }
            double seconds = (tB - tA) / 1e9;
            out.put("rate", rate);
            out.put("warmup_s", s.openWarmupS());
            out.put("measure_s", round1(seconds));
            out.put("accepted_per_s", (double) Math.round((okB - okA) / seconds));
            out.put("delivered_per_s", (double) Math.round((delB - delA) / seconds));
            out.put("generator_backlog_peak", gen.backlogPeak());
            out.put("generator_send_lag", HttpLoad.summary(gen.sendLag.getIntervalHistogram()));
            out.put("accept_latency", HttpLoad.summary(gen.latency.getIntervalHistogram()));
            if (gen.overloaded()) {
                errors.add("bus open " + rate + "/s: " + gen.firstProblem());
            }
            checkStatuses("bus open " + rate + "/s", gen, 202, out);
            out.putAll(drain("bus open " + rate + "/s", gen, track));
            Histogram e2e = track.e2e.getIntervalHistogram();
            out.put("e2e_latency", HttpLoad.summary(e2e));
            long acceptedInWindow = gen.acceptedInWindow();
            out.put("accepted_intended_in_window", acceptedInWindow);
            if (e2e.getTotalCount() < acceptedInWindow) {
                errors.add("bus open " + rate + "/s: " + (acceptedInWindow - e2e.getTotalCount()) + " of the "
                        + acceptedInWindow + " messages accepted in the window have no delivery recorded");
            }
        }
        log("bus open %d/s: e2e %s", rate, out.get("e2e_latency"));
        return out;
    }

    /** Waits until every accepted message of the run has reached the receiver (bounded); reports what is missing. */
    private Map<String, Object> drain(String name, HttpLoad gen, Receiver.Track track) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        BitSet accepted = gen.accepted();
        long start = System.nanoTime();
        long deadline = start + s.drainS() * 1_000_000_000L;
        long missing;
        while (true) {
            BitSet left = (BitSet) accepted.clone();
            left.andNot(track.delivered());
            missing = left.cardinality();
            if (missing == 0 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        out.put("accepted_total", accepted.cardinality());
        out.put("missing_after_drain", missing);
        out.put("drain_s", round1((System.nanoTime() - start) / 1e9));
        out.put("duplicates", track.duplicates());
        if (missing > 0) {
            errors.add(name + ": " + missing + " accepted messages not delivered within " + s.drainS() + " s");
        }
        return out;
    }

    // ---------------------------------------------------------------- fan-out

    private Map<String, Object> fanout(Node node) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        int n = s.fanoutRecipients();
        String pad = "x".repeat(Math.max(0, s.bodyBytes() - 120));
        List<Double> samples = new ArrayList<>();
        List<Double> accepts = new ArrayList<>();
        // Warm-up rounds for at least FANOUT_WARMUP_S (at least one round): the broadcast path (resolving "*",
        // a thousand lanes opening and closing) is code the bus step did not compile.
        long warmupEnd = System.nanoTime() + s.fanoutWarmupS() * 1_000_000_000L;
        int warmupRounds = 0;
        int measured = 0;
        for (int round = 0; measured < s.fanoutRounds(); round++) {
            boolean warmup = round == 0 || System.nanoTime() < warmupEnd;
            Receiver.Fanout f = receiver.fanout(n);
            String body = "{\"type\":\"directive\",\"to\":[\"*\"],\"subject\":\"bench fan-out " + round
                    + "\",\"payload\":{\"round\":" + round + ",\"pad\":\"" + pad + "\"}}";
            long t = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.api("/messages"))
                    .header("Authorization", "Bearer " + Registries.senderKey(1))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            double accept = (System.nanoTime() - t) / 1e9;
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("fan-out directive answered " + answer.statusCode() + ": "
                        + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
            int recipients = answer.body().split("\"to\"", -1).length - 1;
            if (!f.all.await(120, TimeUnit.SECONDS)) {
                errors.add("fan-out round " + round + ": only " + f.distinct.get() + " of " + n
                        + " recipients received the directive in 120 s");
                break;
            }
            double seconds = (f.lastNanos - t) / 1e9;
            log("fan-out round %d%s: %d recipients (%d in the answer), accepted in %.3f s, last delivery after %.3f s",
                    round, warmup ? " (warm-up)" : "", n, recipients, accept, seconds);
            if (recipients != n) {
                errors.add("fan-out: the 202 lists " + recipients + " recipients, expected " + n);
            }
            if (warmup) {
                warmupRounds++;
            } else {
                samples.add(round3(seconds));
                accepts.add(round3(accept));
                measured++;
            }
            Thread.sleep(1000);
        }
        out.put("recipients", n);
        out.put("rounds_measured", samples.size());
        out.put("warmup_rounds", warmupRounds);
        out.put("warmup_s", s.fanoutWarmupS());
        out.put("samples_s", samples);
        out.put("accept_s", accepts);
        if (!samples.isEmpty()) {
            List<Double> sorted = samples.stream().sorted().toList();
            out.put("median_s", sorted.get((sorted.size() - 1) / 2));
            out.put("max_s", sorted.get(sorted.size() - 1));
        }
        out.put("note", "time from sending the directive (\"to\":[\"*\"], role broadcaster) to the first delivery "
                + "reaching the last of the " + n + " rest recipients; fanout_1000_s is the median of the measured "
                + "rounds (lower middle for an even count)");
        return out;
    }

    // ---------------------------------------------------------------- the large document

    private void large() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        details.put("large", out);
        String sender = "B93.E001";
        String recipient = "B93.E002";
        String key = "bench-edoc-key";
        LargePackage.Credential signer = s.largeSigned()
                ? LargePackage.credential(cache.resolve("signer"), sender) : null;
        long t = System.nanoTime();
        Path warm = s.largeWarmupMb() > 0 ? LargePackage.ensure(cache.resolve("warmup-" + s.largeWarmupMb() + "mb.edxml"),
                sender, recipient, 1, s.largeWarmupMb() * 1_000_000L, signer) : null;
        Path big = LargePackage.ensure(cache.resolve("large-" + s.largeMb() + "mb.edxml"), sender, recipient, 2,
                s.largeMb() * 1_000_000L, signer);
        log("large packages ready in %.0f s (cached in %s)", (System.nanoTime() - t) / 1e9, cache);
        long size = Files.size(big);
        long crc = LargePackage.crc32c(big);
        out.put("package_bytes", size);
        out.put("signed", signer != null);
        Path dir = work.resolve("large");
        Files.createDirectories(dir);
        Path registry = dir.resolve("agencies.yaml");
        Registries.large(registry, sender, key, signer == null ? null : signer.pem(), recipient, receiver.port());
        List<String> opts = new ArrayList<>(s.nodeJavaOpts());
        opts.removeIf(o -> o.startsWith("-Xmx"));
        opts.add("-Xmx" + s.largeHeap());
        List<String> args = new ArrayList<>();
        if (signer == null) {
            args.add("--lienthong.edoc.allow-unsigned=" + sender);
        }
        try (Node node = Node.start("large-node", jar, dir.resolve("data"), registry, opts, args, work.resolve("logs"))) {
            out.put("command", masked(node.command));
            out.put("xmx", s.largeHeap());
            node.awaitReady(Duration.ofSeconds(180));
            if (warm != null) {
                out.put("warmup", warmLarge(node, warm, key));
            }
            HeapPoller heap = new HeapPoller(node);
            heap.start();
            Map<String, Object> m;
            try {
                m = sendLarge(node, big, key, crc, heap);
            } finally {
                heap.stop();
            }
            out.putAll(m);
            out.put("heap_used_peak_mb", heap.peakMb());
            out.put("heap_samples", heap.samples);
            out.put("rss_peak_mb", Math.round(heap.rssPeak));
            out.put("heap_note", "peak of jvm.memory.used{area=heap} polled every 100 ms on the node's actuator "
                    + "(operator account) from send start to full receipt; includes garbage not yet collected");
            results.put("large_200mb_mb_per_s", m.get("mb_per_s"));
            results.put("large_200mb_heap_mb", heap.peakMb());
            if (!node.proc.alive() || node.proc.logged("OutOfMemoryError")) {
                errors.add("large: the node died or logged OutOfMemoryError: " + node.proc.tail(20));
            }
        }
        if (s.largeMb() != 200) {
            errors.add("large: package of " + s.largeMb() + " MB, not 200 MB (LARGE_MB)");
        }
    }

    /**
     * Warm-up of the large-document node: the warm-up package once end to end (ingest, signature check, delivery),
     * then sent again until LARGE_WARMUP_S seconds of ingest load have passed. The bus answers a repeat with the
     * same 202 after staging, inspecting and verifying it in full, and does not deliver it twice (the message id is
     * the package's SHA-256), so the repeats warm the ingest path, which is most of the work.
     */
    private Map<String, Object> warmLarge(Node node, Path warm, String key) throws Exception {
        long wall = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>(sendLarge(node, warm, key, LargePackage.crc32c(warm), null));
        double load = (Double) out.get("delivered_after_s");
        int repeats = 0;
        while (load < s.largeWarmupS() && repeats < 1000) {
            long t = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.api("/edoc"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofFile(warm)).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("warm-up repeat answered " + answer.statusCode() + ": "
                        + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
            load += (System.nanoTime() - t) / 1e9;
            repeats++;
        }
        out.put("repeats", repeats);
        out.put("warmup_load_s", round1(load));
        out.put("warmup_wall_s", round1((System.nanoTime() - wall) / 1e9));
        log("large warm-up: %d MB package delivered once and sent %d more times: %.1f s of load", s.largeWarmupMb(),
                repeats, load);
        return out;
    }

    private Map<String, Object> sendLarge(Node node, Path file, String key, long crc, HeapPoller heap) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        long size = Files.size(file);
        Receiver.Large sink = receiver.large();
        long t = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.api("/edoc"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        double accept = (System.nanoTime() - t) / 1e9;
        if (answer.statusCode() != 202) {
            throw new IllegalStateException(file.getFileName() + " answered " + answer.statusCode() + ": "
                    + answer.body().substring(0, Math.min(400, answer.body().length())));
        }
        if (!sink.done.await(600, TimeUnit.SECONDS)) {
            throw new IllegalStateException(file.getFileName() + " not delivered within 600 s");
        }
        double total = (sink.endNanos - t) / 1e9;
        out.put("bytes", size);
        out.put("accepted_after_s", round3(accept));
        out.put("delivered_after_s", round3(total));
        out.put("delivery_streaming_s", round3((sink.endNanos - sink.firstByteNanos) / 1e9));
        out.put("mb_per_s", round1(size / 1e6 / total));
        out.put("accept_mb_per_s", round1(size / 1e6 / accept));
        boolean intact = sink.bytes == size && sink.crc == crc;
        out.put("delivered_intact", intact);
        if (!intact) {
            errors.add("large: delivered " + sink.bytes + " bytes (CRC32C " + Long.toHexString(sink.crc) + ") for "
                    + size + " sent (CRC32C " + Long.toHexString(crc) + ")");
        }
        log("large %s: %.1f MB accepted in %.2f s, delivered after %.2f s: %.1f MB/s", file.getFileName(), size / 1e6,
                accept, total, size / 1e6 / total);
        return out;
    }

    /** Polls the node's used heap every 100 ms. */
    private static final class HeapPoller {
        private final Node node;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile double peak = Double.NaN;
        volatile double rssPeak;
        volatile int samples;
        private Thread thread;

        HeapPoller(Node node) {
            this.node = node;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    double used = node.metric("jvm.memory.used", "area:heap");
                    if (!Double.isNaN(used)) {
                        peak = Double.isNaN(peak) ? used : Math.max(peak, used);
                        samples++;
                    }
                    rssPeak = Math.max(rssPeak, ProcStats.rssMb(node.pid()));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-poller");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        Double peakMb() {
            return Double.isNaN(peak) ? null : (double) Math.round(peak / (1024 * 1024));
        }
    }

    // ---------------------------------------------------------------- registry scale

    private void registry() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        details.put("registry", out);
        Path dir = work.resolve("registry");
        Files.createDirectories(dir);
        Path registry = dir.resolve("agencies.yaml");
        int n = s.registryAgencies();
        String key = Registries.many(registry, n);
        out.put("agencies", n);
        out.put("registry_bytes", Files.size(registry));
        try (Node node = Node.start("registry-node", jar, dir.resolve("data"), registry, s.nodeJavaOpts(), List.of(),
                work.resolve("logs"))) {
            out.put("command", masked(node.command));
            double ready = node.awaitReady(Duration.ofSeconds(300));
            double rss = ProcStats.rssMb(node.pid());
            out.put("ready_s", round1(ready));
            out.put("ready_logged_s", round1(node.readyLogSeconds()));
            out.put("rss_mb", Math.round(rss));
            out.put("heap_used_mb", Math.round(node.metric("jvm.memory.used", "area:heap") / (1024 * 1024)));
            out.put("note", "ready = launch of the JVM until /actuator/health is UP with Camel's readiness and the "
                    + "API answers (polled every 50 ms); RSS = VmRSS right then");
            HttpResponse<String> list = node.get("/agencies", key);
            int listed = list.body().split("\"code\"", -1).length - 1;
            out.put("agencies_listed", listed);
            if (list.statusCode() != 200 || listed != n) {
                errors.add("registry: GET /agencies answered " + list.statusCode() + " with " + listed + " agencies, expected " + n);
            }
            results.put("startup_10k_agencies_s", round1(ready));
            results.put("rss_10k_agencies_mb", (double) Math.round(rss));
            if (n != 10_000) {
                errors.add("registry: " + n + " agencies, not 10,000 (REGISTRY_AGENCIES)");
            }
        }
    }

    // ---------------------------------------------------------------- machine and settings

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", firstMatch(read(Path.of("/proc/cpuinfo")), "model name\\s*:\\s*(.+)"));
        m.put("memory_mb", parseKb(firstMatch(read(Path.of("/proc/meminfo")), "MemTotal:\\s*(\\d+)")));
        m.put("kernel", Proc.run(List.of("uname", "-srvm"), null, 10));
        m.put("os", firstMatch(read(Path.of("/etc/os-release")), "PRETTY_NAME=\"?([^\"\\n]+)"));
        m.put("java_version", Proc.run(List.of(java(), "-version"), null, 30));
        String flags = Proc.run(List.of(java(), "-XX:+PrintFlagsFinal", "-version"), null, 30);
        m.put("jvm_default_max_heap_mb", parseBytesMb(firstMatch(flags, "size_t MaxHeapSize\\s*=\\s*(\\d+)")));
        m.put("jvm_default_gc", flags.matches("(?s).*bool UseG1GC\\s*=\\s*true.*") ? "G1"
                : flags.matches("(?s).*bool UseSerialGC\\s*=\\s*true.*") ? "Serial" : "other");
        m.put("libaio", Proc.run(List.of("sh", "-c", "ldconfig -p | grep -c libaio || true"), null, 10).trim()
                .equals("0") ? "not installed (Artemis journals use NIO)" : "installed");
        m.put("load_average_at_end", read(Path.of("/proc/loadavg")).trim());
        try {
            FileStore store = Files.getFileStore(work);
            m.put("data_filesystem", store.name() + " (" + store.type() + ")");
        } catch (IOException e) {
            m.put("data_filesystem", "unknown");
        }
        m.put("git_commit", Proc.run(List.of("git", "-C", root.toString(), "rev-parse", "HEAD"), null, 10));
        m.put("git_branch", Proc.run(List.of("git", "-C", root.toString(), "rev-parse", "--abbrev-ref", "HEAD"), null, 10));
        String dirty = Proc.run(List.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no"),
                null, 10);
        m.put("git_dirty", !dirty.isBlank());
        m.put("bus_jar", jar + " (" + fileInfo(jar) + ")");
        m.put("broker_journal", journalSettings());
        m.put("tomcat", "server.tomcat.threads.max=200, max-swallow-size=2MB, connection-timeout=20s (bus and no-op)");
        return m;
    }

    private Map<String, Object> journalSettings() {
        Map<String, Object> j = new LinkedHashMap<>();
        try {
            String xml = Files.readString(ArtemisRaw.brokerXml(root));
            for (String element : List.of("persistence-enabled", "journal-type", "journal-sync-transactional",
                    "journal-sync-non-transactional", "journal-datasync", "journal-buffer-timeout", "journal-file-size",
                    "journal-min-files", "journal-pool-files", "global-max-size")) {
                j.put(element, firstMatch(xml, "<" + element + ">([^<]+)</" + element + ">"));
            }
        } catch (IOException e) {
            j.put("error", e.toString());
        }
        j.put("journal_buffer_timeout_override_ns", s.journalBufferTimeoutNs());
        j.put("note", "the bus node and the raw broker use this same broker.xml; ${name:default} values at their "
                + "defaults unless overridden");
        return j;
    }

    // ---------------------------------------------------------------- helpers

    private String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String springBootVersion() {
        return org.springframework.boot.SpringBootVersion.getVersion();
    }

    private static String masked(List<String> command) {
        return String.join(" ", command).replaceAll("(--lienthong\\.ops\\.password=)\\S+", "$1***");
    }

    private static String fileInfo(Path file) {
        try {
            return Files.size(file) / (1024 * 1024) + " MB, modified " + Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return "missing";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).trim() : null;
    }

    private static Long parseKb(String kb) {
        return kb == null ? null : Long.parseLong(kb) / 1024;
    }

    private static Long parseBytesMb(String bytes) {
        return bytes == null ? null : Long.parseLong(bytes) / (1024 * 1024);
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, 100_000_000L));
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%s] %s%n", LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
                String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
