package org.lienthong.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.lienthong.registry.Agency;

class AccessGuardTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    private static Agency agency(String code) {
        return new Agency(code, "Cơ quan " + code, null, Set.of(), Set.of(), null, List.of(), 1);
    }

    @Test
    void anAddressThatFailsTooOftenIsRefusedForTheRestOfTheMinuteWhateverItSends() {
        AccessGuard guard = new AccessGuard(new AccessGuard.Settings(3, 0, 1, Map.of()), now::get);
        for (int i = 0; i < 3; i++) {
            guard.beforeAuthentication("10.0.0.9");
            guard.failed("10.0.0.9");
            now.addAndGet(SECOND);
        }
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> guard.beforeAuthentication("10.0.0.9"));
        assertThat(refused.problem()).isEqualTo(Problem.RATE_LIMITED);
        assertThat(refused.extensions().get(AccessGuard.RETRY_AFTER)).isEqualTo(57); // the window began 3 s ago
        assertThatCode(() -> guard.beforeAuthentication("10.0.0.10")).as("another address").doesNotThrowAnyException();

        now.addAndGet(57 * SECOND);
        assertThatCode(() -> guard.beforeAuthentication("10.0.0.9")).as("a new minute").doesNotThrowAnyException();
    }

    @Test
    void anAgencyGetsItsBurstThenItsRateAndIsToldHowLongToWait() {
        AccessGuard guard = new AccessGuard(new AccessGuard.Settings(0, 2, 4, Map.of("T-FAST", 0.0, "T-SLOW", 0.5)), now::get);
        Agency a = agency("T-A");
        for (int i = 0; i < 4; i++) {
            guard.admit(a);
        }
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> guard.admit(a));
        assertThat(refused.problem()).isEqualTo(Problem.RATE_LIMITED);
        assertThat(refused.getMessage()).contains("T-A").contains("2 requests per second");
        assertThat(refused.extensions().get(AccessGuard.RETRY_AFTER)).isEqualTo(1);
        now.addAndGet(SECOND / 2);
        assertThatCode(() -> guard.admit(a)).as("half a second refills one").doesNotThrowAnyException();
        assertThat(catchThrowableOfType(ProblemException.class, () -> guard.admit(a))).isNotNull();

        Agency fast = agency("T-FAST");
        for (int i = 0; i < 10_000; i++) {
            guard.admit(fast); // rate 0: unlimited
        }
        Agency slow = agency("T-SLOW"); // 0.5/s: its burst scales to 4 × 0.5 / 2 = 1
        guard.admit(slow);
        ProblemException slowed = catchThrowableOfType(ProblemException.class, () -> guard.admit(slow));
        assertThat(slowed.extensions().get(AccessGuard.RETRY_AFTER)).isEqualTo(2);
    }
}
