package org.lienthong.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** CPU time and memory of processes and of this JVM's threads, from /proc and the JVM's management beans. */
final class ProcStats {

    static final long CLK_TCK = clockTicks();

    private ProcStats() {
    }

    /** User + system CPU seconds a process has used so far, from /proc/&lt;pid&gt;/stat; NaN when unreadable. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / (double) CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds used so far by the JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…") of a JVM
     * process, from /proc/&lt;pid&gt;/task/*: while they are busy the process is still warming up.
     */
    static double compilerCpuSeconds(long pid) {
        double sum = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLK_TCK;
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return sum;
    }

    /** Resident set size in MB from /proc/&lt;pid&gt;/status VmRSS; -1 when unreadable. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Machine-wide CPU jiffies from /proc/stat: {busy, total}. */
    static long[] machineJiffies() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** CPU seconds of this JVM (load generator, receiver and orchestrator together). */
    static double selfCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** CPU seconds used so far by this JVM's live threads, summed by thread-name prefix ("gen", "recv"). */
    static Map<String, Double> threadCpuSeconds(String... prefixes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> sums = new HashMap<>();
        for (String prefix : prefixes) {
            sums.put(prefix, 0.0);
        }
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info == null) {
                continue;
            }
            for (String prefix : prefixes) {
                if (info.getThreadName().startsWith(prefix)) {
                    long cpu = threads.getThreadCpuTime(id);
                    if (cpu > 0) {
                        sums.merge(prefix, cpu / 1e9, Double::sum);
                    }
                }
            }
        }
        return sums;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }

    /**
     * CPU use over a window: of named processes, of this JVM's generator and receiver threads, and of the whole
     * machine (which shows what other processes on a shared machine took).
     */
    static final class Window {
        private final Map<String, Long> pids;
        private final Map<String, Double> procStart = new HashMap<>();
        private final Map<String, Double> threadStart;
        private final double selfStart;
        private final long[] machineStart;
        private final long start;

        Window(Map<String, Long> pids) {
            this.pids = pids;
            pids.forEach((name, pid) -> procStart.put(name, cpuSeconds(pid)));
            threadStart = threadCpuSeconds("gen", "recv");
            selfStart = selfCpuSeconds();
            machineStart = machineJiffies();
            start = System.nanoTime();
        }

        /** Each figure as % of one core over the window (100 = one full core), plus the machine's busy %. */
        Map<String, Object> finish() {
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            pids.forEach((name, pid) -> out.put(name + "_cpu_pct_of_core",
                    pct(cpuSeconds(pid) - procStart.get(name), seconds)));
            Map<String, Double> threadEnd = threadCpuSeconds("gen", "recv");
            out.put("loadgen_cpu_pct_of_core", pct(threadEnd.get("gen") - threadStart.get("gen"), seconds));
            out.put("receiver_cpu_pct_of_core", pct(threadEnd.get("recv") - threadStart.get("recv"), seconds));
            out.put("bench_jvm_cpu_pct_of_core", pct(selfCpuSeconds() - selfStart, seconds));
            long[] machineEnd = machineJiffies();
            long total = machineEnd[1] - machineStart[1];
            out.put("machine_busy_pct_of_all_cores", total <= 0 ? null
                    : Math.round(1000.0 * (machineEnd[0] - machineStart[0]) / total) / 10.0);
            out.put("cpu_window_s", Math.round(seconds * 10) / 10.0);
            return out;
        }

        private static Double pct(double cpu, double seconds) {
            return Double.isNaN(cpu) || seconds <= 0 ? null : Math.round(1000.0 * cpu / seconds) / 10.0;
        }
    }
}
