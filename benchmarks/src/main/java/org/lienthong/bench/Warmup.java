package org.lienthong.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Warm-up that ends when the servers are warm, not after a fixed time. On this 2-core machine a server under full
 * load leaves its JIT compiler threads little CPU, so compilation goes on for a minute or more and throughput keeps
 * climbing long after 30 s (the no-op server measured 2,000 req/s after 40 s and 14,000 once compiled). So the
 * load stays on for at least {@code minS} seconds and then until, over the last 10 s, the JIT compiler threads of
 * the server processes used less than 5% of a core (read from /proc/&lt;pid&gt;/task/*) and the rate of the
 * measured counter was no more than 3% above the 10 s before; at most {@code maxS} seconds (a warning then).
 */
final class Warmup {

    private Warmup() {
    }

    static Map<String, Object> run(LongSupplier counter, long[] serverPids, int minS, int maxS, List<String> warnings)
            throws InterruptedException {
        long start = System.nanoTime();
        long minEnd = start + minS * 1_000_000_000L;
        long maxEnd = start + Math.max(minS, maxS) * 1_000_000_000L;
        List<Double> slices = new ArrayList<>();
        List<Double> jit = new ArrayList<>();
        boolean settled = false;
        long lastCount = counter.getAsLong();
        double lastJit = jitSeconds(serverPids);
        long lastT = start;
        while (System.nanoTime() < maxEnd) {
            sleepUntil(Math.min(lastT + 5_000_000_000L, maxEnd));
            long now = System.nanoTime();
            long count = counter.getAsLong();
            double seconds = (now - lastT) / 1e9;
            slices.add((double) Math.round((count - lastCount) / seconds));
            double jitNow = jitSeconds(serverPids);
            jit.add(Double.isNaN(jitNow) || Double.isNaN(lastJit) ? null
                    : Math.round(1000 * (jitNow - lastJit) / seconds) / 10.0);
            lastCount = count;
            lastJit = jitNow;
            lastT = now;
            int n = slices.size();
            if (now >= minEnd && n >= 4) {
                double recent = (slices.get(n - 1) + slices.get(n - 2)) / 2;
                double before = (slices.get(n - 3) + slices.get(n - 4)) / 2;
                boolean flat = before > 0 && recent <= before * 1.03;
                boolean compiled = serverPids.length == 0 || (jit.get(n - 1) != null && jit.get(n - 2) != null
                        && (jit.get(n - 1) + jit.get(n - 2)) / 2 < 5.0);
                if (flat && compiled) {
                    settled = true;
                    break;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", Main.round1((System.nanoTime() - start) / 1e9));
        out.put("settled", settled);
        out.put("rates_per_5s", slices);
        out.put("jit_pct_of_core_per_5s", jit);
        if (!settled && maxS > minS) {
            warnings.add("warm-up did not settle within " + maxS + " s (rates per 5 s: " + slices
                    + "; JIT % of a core: " + jit + ")");
        }
        return out;
    }

    private static double jitSeconds(long[] pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += ProcStats.compilerCpuSeconds(pid);
        }
        return sum;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, 100_000_000L));
        }
    }
}
