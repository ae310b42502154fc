package org.lienthong.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.lienthong.model.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RegistryTest {

    private static final Logger log = LoggerFactory.getLogger(RegistryTest.class);
    private static final int MANY = 10_000;

    @Test
    void authenticatesByKeyHash() {
        Agency h41 = agency("H41", "key-h41");
        Agency g22 = agency("000.00.00.G22", "key-g22");
        Registry registry = registry(h41, g22, agency("H41.15", null));

        assertThat(registry.authenticate("key-h41")).contains(h41);
        assertThat(registry.authenticate("key-g22")).contains(g22);
        assertThat(registry.authenticate("key-h41 ")).isEmpty();
        assertThat(registry.authenticate("KEY-H41")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
        assertThat(registry.authenticate(null)).isEmpty();
        assertThat(registry.authenticate(Registry.sha256Hex("key-h41".getBytes(StandardCharsets.UTF_8))))
                .as("the hash itself is not a key").isEmpty();
    }

    @Test
    void upperCaseHashFromCodeStillAuthenticates() {
        String upper = Registry.sha256Hex("k".getBytes(StandardCharsets.UTF_8)).toUpperCase();
        Agency agency = new Agency("H41", "x", upper, Set.of(), Set.of(), null, List.of(), 1);
        assertThat(registry(agency).authenticate("k")).contains(agency);
    }

    @Test
    void findsByExactCodeInFileOrder() {
        Registry registry = registry(agency("H41.15", null), agency("000.00.00.G22", null), agency("H41", null));

        assertThat(registry.all()).extracting(Agency::code).containsExactly("H41.15", "000.00.00.G22", "H41");
        assertThat(registry.size()).isEqualTo(3);
        assertThat(registry.find("H41")).isPresent();
        assertThat(registry.find("h41")).isEmpty();
        assertThat(registry.find("H41 ")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    @Test
    void refusesDuplicateCodesAndSharedKeys() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry(agency("H41", null), agency("H41", null)))
                .withMessageContaining("H41");
        assertThatIllegalArgumentException().isThrownBy(() -> registry(agency("H41", "k"), agency("H42", "k")))
                .withMessageContaining("share an API key");
    }

    @Test
    void changesIgnoreLineMoves() {
        Registry before = registry(agency("H41", "a"), agency("H42", "b"), agency("H43", null));
        Agency movedH41 = new Agency("H41", "Agency H41", hash("a"), Set.of(), EnumSet.allOf(MessageType.class),
                null, List.of(), 99);
        Agency changedH42 = new Agency("H42", "Renamed", hash("b"), Set.of(), EnumSet.allOf(MessageType.class),
                null, List.of(), 2);
        Registry after = registry(agency("H44", null), movedH41, changedH42);

        RegistryChanges changes = after.changesSince(before);

        assertThat(changes.added()).containsExactly("H44");
        assertThat(changes.removed()).containsExactly("H43");
        assertThat(changes.changed()).containsExactly("H42");
        assertThat(changes).hasToString("1 added, 1 removed, 1 changed");
        assertThat(after.changesSince(after).isEmpty()).isTrue();
        assertThat(after.changesSince(null).added()).hasSize(3);
    }

    @Test
    void loadsTenThousandAgenciesWithConstantTimeLookups() throws Exception {
        StringBuilder yaml = new StringBuilder(MANY * 200).append("agencies:\n");
        for (int i = 1; i <= MANY; i++) {
            String code = String.format("H41.%05d", i);
            yaml.append("  - code: ").append(code).append('\n')
                    .append("    name: Cơ quan số ").append(i).append('\n')
                    .append("    api-key-sha256: ").append(hash(key(i))).append('\n');
            if (i % 3 == 0) {
                yaml.append("    delivery:\n      connector: rest\n      url: https://a").append(i)
                        .append(".example.gov.vn/inbox\n      max-attempts: 5\n      initial-backoff: 1s\n"
                                + "      max-backoff: 10m\n");
            }
        }
        byte[] content = yaml.toString().getBytes(StandardCharsets.UTF_8);
        RegistryLoader loader = new RegistryLoader(Clock.systemUTC());

        long started = System.nanoTime();
        Registry registry = loader.load(content, "generated", null, null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // Information only: timings are for benchmarks, not assertions.
        log.info("Loaded {} agencies ({} bytes) in {} ms", registry.size(), content.length, took.toMillis());

        assertThat(registry.size()).isEqualTo(MANY);
        List<String> codes = new ArrayList<>(registry.all().stream().map(Agency::code).toList());
        assertThat(codes.get(0)).isEqualTo("H41.00001");
        assertThat(codes.get(MANY - 1)).isEqualTo("H41.10000");
        for (int i = 1; i <= MANY; i++) {
            String code = String.format("H41.%05d", i);
            assertThat(registry.authenticate(key(i))).map(Agency::code).contains(code);
            assertThat(registry.find(code)).map(Agency::name).contains("Cơ quan số " + i);
        }
        assertThat(registry.find("H41.00003").orElseThrow().delivery().maxAttempts()).isEqualTo(5);
        assertThat(registry.authenticate("key-0")).isEmpty();
    }

    private static String key(int i) {
        return "key-" + i;
    }

    private static Agency agency(String code, String key) {
        return new Agency(code, "Agency " + code, key == null ? null : hash(key), Set.of(),
                EnumSet.allOf(MessageType.class), null, List.of(), 1);
    }

    private static Registry registry(Agency... agencies) {
        return new Registry(List.of(agencies), "test", Instant.EPOCH, "0".repeat(64));
    }

    private static String hash(String key) {
        return Registry.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }
}
