package org.lienthong.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The targets of issue 6 and the table printed at the end of a run. */
final class Report {

    private Report() {
    }

    /** A target: a key, a comparison and a bound. */
    record Target(String key, String op, double bound) {
        boolean met(double value) {
            return op.equals(">=") ? value >= bound : value <= bound;
        }

        String text() {
            return op.replace(">=", "≥").replace("<=", "≤") + " " + fmt(bound);
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("ratio_bus_to_limit", ">=", 0.6),
            new Target("bus_msgs_per_s", ">=", 2500),
            new Target("p99_ms_at_1000", "<=", 20),
            new Target("fanout_1000_s", "<=", 1),
            new Target("large_200mb_mb_per_s", ">=", 50),
            new Target("large_200mb_heap_mb", "<=", 512),
            new Target("startup_10k_agencies_s", "<=", 15));

    static Map<String, Object> targets() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            out.put(t.key(), t.text());
        }
        return out;
    }

    /** PASS, MISS, or NOT MEASURED per target; a run flagged with errors still shows its figures' verdicts. */
    static Map<String, Object> verdicts(Map<String, Object> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            out.put(t.key(), verdict(t, results.get(t.key())));
        }
        return out;
    }

    private static String verdict(Target t, Object value) {
        if (!(value instanceof Number n)) {
            return "NOT MEASURED";
        }
        return t.met(n.doubleValue()) ? "PASS" : "MISS";
    }

    static String table(Map<String, Object> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "value", "target", "verdict"});
        row(rows, results, "loadgen_selftest_req_per_s", "req/s", "load generator alone (vs Netty receiver)");
        row(rows, results, "raw_artemis_msgs_per_s", "msg/s", "raw Artemis R (persistent 2 KB)");
        row(rows, results, "http_noop_req_per_s", "req/s", "no-op POST H (Tomcat + platform-http)");
        row(rows, results, "limit_msgs_per_s", "msg/s", "limit 1/(2/H + 1/R)");
        row(rows, results, "bus_msgs_per_s", "msg/s", "bus delivered (closed model)");
        row(rows, results, "bus_accepted_per_s", "msg/s", "bus accepted 202 (closed model)");
        row(rows, results, "ratio_bus_to_limit", "", "bus / limit");
        for (String key : results.keySet()) {
            if (key.startsWith("p50_ms_at_")) {
                String rate = key.substring("p50_ms_at_".length());
                row(rows, results, "p50_ms_at_" + rate, "ms", "p50 latency at " + rate + "/s");
                row(rows, results, "p99_ms_at_" + rate, "ms", "p99 latency at " + rate + "/s");
                row(rows, results, "p999_ms_at_" + rate, "ms", "p99.9 latency at " + rate + "/s");
            }
        }
        row(rows, results, "fanout_1000_s", "s", "fan-out to 1,000 (last delivery)");
        row(rows, results, "large_200mb_mb_per_s", "MB/s", "200 MB edXML, send → received");
        row(rows, results, "large_200mb_heap_mb", "MB", "200 MB edXML, peak heap (-Xmx512m)");
        row(rows, results, "startup_10k_agencies_s", "s", "start-up, 10,000 agencies");
        row(rows, results, "rss_10k_agencies_mb", "MB", "resident memory, 10,000 agencies");
        row(rows, results, "warmup_s", "s", "warm-up of the bus before measuring");
        row(rows, results, "warmup_noop_s", "s", "warm-up of the no-op server");
        row(rows, results, "warmup_artemis_s", "s", "warm-up of each perf client run");
        int[] widths = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (Boolean.TRUE.equals(results.get("quick"))) {
            out.append("QUICK run: short warm-up and windows, a smoke test; its figures are not the benchmark's.\n");
        }
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            out.append(String.format(Locale.ROOT, "%-" + widths[0] + "s  %" + widths[1] + "s  %-" + widths[2]
                    + "s  %s%n", r[0], r[1], r[2], r[3]));
            if (k == 0) {
                out.append("-".repeat(widths[0] + widths[1] + widths[2] + widths[3] + 6)).append('\n');
            }
        }
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) results.get("errors");
        if (errors != null && !errors.isEmpty()) {
            out.append("\nRUN FLAGGED: ").append(errors.size()).append(" problem(s); figures may not be valid:\n");
            for (String e : errors) {
                out.append("  - ").append(e).append('\n');
            }
        } else {
            out.append("\nno errors: every request answered as expected, every accepted message delivered\n");
        }
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) results.get("warnings");
        if (warnings != null && !warnings.isEmpty()) {
            out.append("warnings:\n");
            for (String w : warnings) {
                out.append("  - ").append(w).append('\n');
            }
        }
        return out.toString();
    }

    private static void row(List<String[]> rows, Map<String, Object> results, String key, String unit, String label) {
        Object value = results.get(key);
        String shown = value instanceof Number n ? fmt(n.doubleValue()) + (unit.isEmpty() ? "" : " " + unit) : "—";
        String target = "";
        String verdict = "";
        for (Target t : TARGETS) {
            if (t.key().equals(key)) {
                target = t.text() + (unit.isEmpty() ? "" : " " + unit);
                verdict = verdict(t, value);
            }
        }
        rows.add(new String[] {label + " [" + key + "]", shown, target, verdict});
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
