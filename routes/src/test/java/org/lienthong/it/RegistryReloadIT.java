package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** SPEC §3 on a running node: an edit of the registry file takes effect without a restart; a broken edit does not. */
class RegistryReloadIT extends BusITSupport {

    private String original;

    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void remember() throws Exception {
        original = Files.readString(REGISTRY, StandardCharsets.UTF_8);
    }

    @AfterEach
    void restore() throws Exception {
        write(original);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/agencies", SENDER_KEY).body().contains("\"T02\"")
                && !get("/agencies", SENDER_KEY).body().contains("T11"));
    }

    @Test
    void addedAgencyIsUsableWithoutRestartAndABrokenEditKeepsThePreviousRegistry() throws Exception {
        write(original + """
                  - code: T11
                    name: Cơ quan mới đăng ký
                    api-key-sha256: %s
                """.formatted(sha256("key-t11")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox", "key-t11").statusCode() == 200);
        String id = uniqueId("new-agency");
        assertThat(submit(SENDER_KEY, "{\"id\":\"%s\",\"to\":[\"T11\"],\"payload\":1}".formatted(id)).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox", "key-t11").body().contains(id));
        // the reload is an operator action: it is on the trail, in the hash chain
        await().atMost(Duration.ofSeconds(20)).until(() -> new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM trail_event WHERE message_id = '~registry' AND event_type = 'REGISTRY_RELOADED' "
                        + "AND detail LIKE ? AND hash IS NOT NULL", Integer.class, "% agencies from " + REGISTRY + "%") > 0);

        String withT11 = Files.readString(REGISTRY, StandardCharsets.UTF_8);
        write(withT11 + """
                  - code: t12-lower-case
                    name: Sai mã
                    colour: red
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> health().contains("lastReloadError"));
        String health = health();
        assertThat(health).contains("malformed").contains("colour");
        // the previous registry is still in force
        assertThat(get("/mailbox", "key-t11").statusCode()).isEqualTo(200);
        assertThat(submit(SENDER_KEY, "{\"to\":[\"T11\"],\"payload\":1}").statusCode()).isEqualTo(202);
    }

    private String health() {
        return send(HttpRequest.newBuilder(management("/actuator/health")).build()).body();
    }

    private static void write(String content) throws Exception {
        var tmp = REGISTRY.resolveSibling("agencies.yaml.tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, REGISTRY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
