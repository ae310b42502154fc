package org.lienthong.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lienthong.model.MessageType;

/** The registry a new user gets from {@code java -jar} with no configuration. */
class SampleRegistryTest {

    @TempDir
    Path workingDir;

    private RegistryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void sampleIsUsedWhenNothingIsConfigured() throws Exception {
        Path dataDir = workingDir.resolve("data");
        service = new RegistryService(null, dataDir, Duration.ofMillis(50), Clock.systemUTC(), workingDir);
        service.start();

        Registry registry = service.current();
        assertThat(registry.source()).isEqualTo("classpath:registry/sample-agencies.yaml");
        assertThat(service.watchedFile()).isEmpty();
        assertThat(registry.all()).extracting(Agency::code)
                .containsExactly("000.00.00.G22", "000.00.00.H41", "H41.15", "000.00.00.A01", "000.00.00.A02");

        Agency vpcp = registry.find("000.00.00.G22").orElseThrow();
        assertThat(vpcp.name()).isEqualTo("Văn phòng Chính phủ");
        assertThat(vpcp.roles()).containsExactly(Role.BROADCASTER);
        assertThat(vpcp.delivery()).isEqualTo(AgencyDelivery.MAILBOX_ONLY);

        Agency ministry = registry.find("000.00.00.H41").orElseThrow();
        assertThat(ministry.delivery().connector()).isEqualTo(AgencyDelivery.FILE);
        assertThat(ministry.delivery().url())
                .isEqualTo(dataDir.toAbsolutePath().resolve("exchange/000.00.00.H41/inbox").toString());

        assertThat(registry.find("000.00.00.A01").orElseThrow().roles()).containsExactly(Role.PORTAL);
        assertThat(registry.find("000.00.00.A02").orElseThrow().roles()).containsExactly(Role.PAKN_SYSTEM);
        assertThat(registry.all()).allSatisfy(agency -> assertThat(agency.accepts()).contains(MessageType.values()));
    }

    @Test
    void demoKeysAuthenticateTheRightAgencies() throws Exception {
        Registry registry = service().current();

        assertThat(registry.authenticate("demo-vpcp-key")).map(Agency::code).contains("000.00.00.G22");
        assertThat(registry.authenticate("demo-h41-key")).map(Agency::code).contains("000.00.00.H41");
        assertThat(registry.authenticate("demo-h41-15-key")).map(Agency::code).contains("H41.15");
        assertThat(registry.authenticate("demo-portal-key")).map(Agency::code).contains("000.00.00.A01");
        assertThat(registry.authenticate("demo-pakn-key")).map(Agency::code).contains("000.00.00.A02");

        assertThat(registry.authenticate("demo-wrong-key")).isEmpty();
        assertThat(registry.authenticate("demo-vpcp-key\n")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
    }

    @Test
    void sampleNamesEveryDemoKeyNextToItsHash() throws Exception {
        // Main and test resources share the registry/ folder on the test classpath.
        String text = new String(RegistryLoaderTest.bytes("sample-agencies.yaml"), StandardCharsets.UTF_8);
        Registry registry = service().current();
        for (String key : new String[] {"demo-vpcp-key", "demo-h41-key", "demo-h41-15-key", "demo-portal-key",
                "demo-pakn-key"}) {
            String hash = registry.authenticate(key).orElseThrow().apiKeySha256();
            assertThat(text).containsPattern(hash + " +# demo key: " + key + "\\n");
        }
    }

    private RegistryService service() throws RegistryException {
        service = new RegistryService(null, workingDir, Duration.ofMillis(50), Clock.systemUTC(), workingDir);
        service.start();
        return service;
    }
}
