package org.lienthong.ops;

import org.lienthong.messaging.MessagingConfiguration.EmbeddedBrokerHolder;
import org.lienthong.messaging.BrokerSessions;
import org.lienthong.registry.Registry;
import org.lienthong.registry.RegistryService;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health of the broker and the registry; the database has Spring Boot's own indicator ("db"). */
@Configuration(proxyBeanMethods = false)
public class HealthIndicators {

    @Bean
    HealthIndicator brokerHealthIndicator(EmbeddedBrokerHolder embedded, BrokerSessions sessions) {
        return () -> {
            if (embedded.broker() != null && !embedded.broker().isActive()) {
                return Health.down().withDetail("mode", "embedded").withDetail("reason", "broker not active").build();
            }
            try (var session = sessions.autoCommit()) {
                return Health.up().withDetail("mode", embedded.broker() != null ? "embedded" : "remote").build();
            } catch (Exception e) {
                return Health.down().withDetail("reason", "cannot open a session").build();
            }
        };
    }

    @Bean
    HealthIndicator registryHealthIndicator(RegistryService registry) {
        return () -> {
            Registry current = registry.current();
            Health.Builder health = current == null ? Health.down() : Health.up();
            if (current != null) {
                health.withDetail("agencies", current.size()).withDetail("source", current.source())
                        .withDetail("loadedAt", current.loadedAt().toString());
            }
            registry.lastError().ifPresent(error -> health.withDetail("lastReloadError", error));
            return health.build();
        };
    }
}
