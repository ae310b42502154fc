package org.lienthong.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void generatedIdsAreVersion7UuidsCarryingTheirTime() {
        long at = 1_795_446_263_123L;
        UUID id = UUID.fromString(MessageIds.next(at));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAndNoneRepeats() {
        Set<String> seen = new HashSet<>();
        String previous = MessageIds.next(1_000_000L);
        for (long t = 1_000_001L; t < 1_010_000L; t++) {
            String next = MessageIds.next(t);
            assertThat(next).isGreaterThan(previous);
            assertThat(seen.add(next)).isTrue();
            previous = next;
        }
    }
}
