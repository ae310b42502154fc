package org.lienthong.delivery;

import java.time.Duration;

import org.lienthong.config.LienthongProperties;
import org.lienthong.registry.AgencyDelivery;

/**
 * When to try a delivery again, and when to give up. Exponential backoff: the wait doubles after each
 * failed attempt, from {@code initialBackoff} up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** The agency's registered overrides on top of the node's defaults. */
    public static RetryPolicy of(AgencyDelivery delivery, LienthongProperties.Retry defaults) {
        return new RetryPolicy(
                delivery.maxAttempts() != null ? delivery.maxAttempts() : defaults.maxAttempts(),
                delivery.initialBackoff() != null ? delivery.initialBackoff() : defaults.initialBackoff(),
                delivery.maxBackoff() != null ? delivery.maxBackoff() : defaults.maxBackoff());
    }

    /** The wait after the given (1-based) failed attempt. */
    public Duration backoffAfter(int attempt) {
        long initial = Math.max(1, initialBackoff.toMillis());
        int shift = Math.min(Math.max(0, attempt - 1), 30);
        long millis = initial << shift;
        if (millis <= 0 || millis > maxBackoff.toMillis()) {
            millis = maxBackoff.toMillis();
        }
        return Duration.ofMillis(Math.max(millis, 0));
    }

    public boolean exhaustedAfter(int attempt) {
        return attempt >= maxAttempts;
    }
}
