package org.lienthong.bench.noop;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The ceiling of the bus's ingress, H: a no-op {@code POST} answered {@code 202} by the HTTP stack the bus uses
 * for ingress (Spring Boot's embedded Tomcat + Camel platform-http), with the bus's Tomcat settings
 * ({@code noop-server.yml}). The request body is read in full, as the bus reads it, and dropped.
 *
 * <p>Started by the benchmark orchestrator as {@code java -jar target/lienthong-bench-noop.jar --server.port=...}.
 */
@SpringBootApplication
public class NoopApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(NoopApplication.class);
        // its own settings file, so the load tool's classpath (which holds this class too) picks up nothing
        System.setProperty("spring.config.name", "noop-server");
        application.run(args);
    }

    @Bean
    RouteBuilder noopRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/noop?httpMethodRestrict=POST").routeId("noop")
                        .process(exchange -> {
                            exchange.getMessage().getBody(byte[].class); // read the request body in full
                            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
                            exchange.getMessage().setBody(null);
                        });
            }
        };
    }
}
