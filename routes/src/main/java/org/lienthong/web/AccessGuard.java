package org.lienthong.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.lienthong.registry.Agency;

/**
 * Limits what one caller can do per unit of time, on every edge (REST and SOAP):
 * <ul>
 *   <li><b>failed logins</b>: a source address that failed to authenticate {@code maxFailures} times within a
 *       minute is refused with {@code 429 RATE_LIMITED} (and {@code Retry-After}) until that minute is over,
 *       whatever credentials it sends meanwhile, so keys cannot be guessed at speed;</li>
 *   <li><b>requests per agency</b>: a token bucket per agency, {@code ratePerSecond} sustained with bursts of
 *       {@code burst}; over it, {@code 429 RATE_LIMITED} with the seconds until a request fits. Per-agency rates
 *       override the default; a rate of 0 means unlimited.</li>
 * </ul>
 * State is per node and in memory: a node behind a load balancer limits its share.
 */
public final class AccessGuard {

    /** The extension member (and header value) carrying the seconds to wait. */
    public static final String RETRY_AFTER = "retryAfter";

    private static final long MINUTE = 60_000_000_000L;
    private static final int MAX_TRACKED_SOURCES = 100_000;

    /**
     * @param maxFailuresPerMinute failed authentications from one source address before it is refused for the rest
     *                             of the minute (0: never)
     * @param ratePerSecond        requests per second per agency, sustained (0: unlimited)
     * @param burst                requests an agency may send at once
     * @param agencyRates          per agency code: its own rate per second (0: unlimited); burst scales with it
     */
    public record Settings(int maxFailuresPerMinute, double ratePerSecond, int burst, Map<String, Double> agencyRates) {
        public Settings {
            agencyRates = agencyRates == null ? Map.of() : Map.copyOf(agencyRates);
        }
    }

    private final Settings settings;
    private final LongSupplier nanos;
    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public AccessGuard(Settings settings, LongSupplier nanos) {
        this.settings = settings;
        this.nanos = nanos;
    }

    public AccessGuard(Settings settings) {
        this(settings, System::nanoTime);
    }

    /** A guard that limits nothing (components started without the node's configuration, e.g. in tests). */
    public static AccessGuard unlimited() {
        return new AccessGuard(new Settings(0, 0, 1, Map.of()));
    }

    /** Refuses a source that failed too often lately; call before looking at its credentials. */
    public void beforeAuthentication(String source) {
        if (settings.maxFailuresPerMinute() <= 0 || source == null) {
            return;
        }
        Window window = failures.get(source);
        if (window == null) {
            return;
        }
        long now = nanos.getAsLong();
        synchronized (window) {
            if (now - window.start >= MINUTE) {
                return;
            }
            if (window.count >= settings.maxFailuresPerMinute()) {
                throw limited("Too many failed authentications from this address; try again later",
                        seconds(window.start + MINUTE - now));
            }
        }
    }

    /** Counts a failed authentication from a source. */
    public void failed(String source) {
        if (settings.maxFailuresPerMinute() <= 0 || source == null) {
            return;
        }
        if (failures.size() > MAX_TRACKED_SOURCES) {
            long now = nanos.getAsLong();
            failures.values().removeIf(w -> now - w.start >= MINUTE);
        }
        long now = nanos.getAsLong();
        Window window = failures.computeIfAbsent(source, s -> new Window(now));
        synchronized (window) {
            if (now - window.start >= MINUTE) {
                window.start = now;
                window.count = 0;
            }
            window.count++;
        }
    }

    /** Takes one request from the agency's allowance, or refuses it. */
    public void admit(Agency agency) {
        double rate = settings.agencyRates().getOrDefault(agency.code(), settings.ratePerSecond());
        if (rate <= 0) {
            return;
        }
        double capacity = Math.max(1, settings.ratePerSecond() > 0
                ? settings.burst() * (rate / settings.ratePerSecond()) : settings.burst());
        Bucket bucket = buckets.computeIfAbsent(agency.code(), c -> new Bucket(capacity, nanos.getAsLong()));
        long now = nanos.getAsLong();
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) / 1e9 * rate);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            long wait = (long) Math.ceil((1 - bucket.tokens) / rate * 1e9);
            throw limited("Agency " + agency.code() + " sends more than " + format(rate)
                    + " requests per second; slow down", seconds(wait));
        }
    }

    private static ProblemException limited(String detail, int retryAfter) {
        return new ProblemException(Problem.RATE_LIMITED, detail, Map.of(RETRY_AFTER, retryAfter));
    }

    private static int seconds(long nanos) {
        return (int) Math.max(1, Math.min(3600, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static final class Window {
        long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
