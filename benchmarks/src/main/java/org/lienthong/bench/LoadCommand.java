package org.lienthong.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The load generator on its own, against any URL (for profiling a server or comparing with another tool):
 * <pre>
 * java -cp benchmarks/target/lienthong-bench.jar:benchmarks/target/lib/* org.lienthong.bench.Main load \
 *     --url http://127.0.0.1:8080/api/v1/messages [--connections 64] [--warmup 30] [--duration 30] \
 *     [--rate 1000] [--header 'Authorization: Bearer KEY'] [--to CODE] [--body-bytes 2048] [--expect 202]
 * </pre>
 * Without {@code --rate}: closed model (max throughput); with it: open model, latency from the intended send time.
 * The body is the bus benchmark's 2 KB generic message to {@code --to}. Prints a JSON summary; exit 1 when any
 * answer was not {@code --expect} or a transport error happened.
 */
final class LoadCommand {

    private LoadCommand() {
    }

    static int run(String[] args) throws Exception {
        String url = null;
        int connections = 64;
        int warmup = 10;
        int duration = 10;
        double rate = 0;
        int bodyBytes = 2048;
        int expect = 0;
        String to = Registries.inbox(1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--body-bytes" -> bodyBytes = Integer.parseInt(args[++i]);
                case "--expect" -> expect = Integer.parseInt(args[++i]);
                case "--to" -> to = args[++i];
                case "--header" -> {
                    String[] kv = args[++i].split(":", 2);
                    headers.put(kv[0].trim(), kv[1].trim());
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String host = uri.getHost();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, Object> out = new LinkedHashMap<>();
        try (HttpLoad gen = new HttpLoad(host, port, path, connections,
                i -> HttpLoad.headers(host, port, "application/json", headers),
                Payloads.messages(0, List.of(to), bodyBytes)).connect()) {
            long start = System.nanoTime() + 50_000_000L;
            long ws = start + warmup * 1_000_000_000L;
            long we = ws + duration * 1_000_000_000L;
            gen.window(ws, we);
            if (rate > 0) {
                gen.startOpen(rate, start, we, (long) (rate * 10));
            } else {
                gen.startClosed();
            }
            sleepUntil(ws);
            long okA = gen.ok.get();
            long tA = System.nanoTime();
            ProcStats.Window cpu = new ProcStats.Window(Map.of());
            while (System.nanoTime() < we && !gen.overloaded()) {
                Thread.sleep(50);
            }
            long okB = gen.ok.get();
            long tB = System.nanoTime();
            out.putAll(cpu.finish());
            if (rate > 0) {
                gen.awaitSchedule(60_000);
            }
            gen.stop();
            gen.awaitQuiet(30_000);
            Histogram latency = gen.latency.getIntervalHistogram();
            out.put("mode", rate > 0 ? "open at " + rate + "/s" : "closed, " + connections + " connections");
            out.put("ok_per_s", Math.round((okB - okA) / ((tB - tA) / 1e9)));
            out.put("latency", HttpLoad.summary(latency));
            out.put("statuses", gen.statuses());
            out.put("transport_errors", gen.errors.get());
            out.put("connections_reopened", gen.reconnects.get());
            int expected = expect;
            boolean bad = gen.errors.get() > 0 || gen.overloaded()
                    || (expected > 0 && gen.statuses().keySet().stream().anyMatch(c -> c != expected));
            out.put("flagged", bad);
            if (gen.firstProblem() != null) {
                out.put("first_problem", gen.firstProblem());
            }
            System.out.print(Json.write(out));
            return bad ? 1 : 0;
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, 100_000_000L));
        }
    }
}
