package org.lienthong.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one ObjectMapper the bus uses (Spring Boot's, customised here): bounded nesting, string, number and
 * document sizes, and duplicate keys refused, so a hostile body cannot exhaust memory or smuggle a second
 * value past a check.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedJson() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(20_000_000)
                    .maxNumberLength(100)
                    .maxNameLength(1_000)
                    .maxDocumentLength(1_100_000_000L)
                    .build());
            mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        });
    }
}
