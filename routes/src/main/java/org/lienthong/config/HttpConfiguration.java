package org.lienthong.config;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.lienthong.web.ApiHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP side of the API routes: Camel's platform-http on Spring Boot's Tomcat, with a worker pool of
 * its own. Ingress threads wait for the broker's journal sync, so the pool is sized to keep many requests
 * in one group commit.
 */
@Configuration(proxyBeanMethods = false)
public class HttpConfiguration {

    @Bean(name = "apiExecutor", destroyMethod = "shutdown")
    ThreadPoolTaskExecutor apiExecutor(@Value("${lienthong.http.worker-threads:64}") int threads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(10_000);
        executor.setThreadNamePrefix("api-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(20);
        executor.initialize();
        return executor;
    }

    /**
     * Spring MVC's validator for the public port: one that validates nothing. The bus has no MVC controllers with
     * {@code @Valid} arguments (Camel's handler reads and checks every body itself), but with Bean Validation on the
     * class path (the CXF starter brings it) MVC looked up validation groups on every request, scanning the
     * handler method's annotations each time. A validator that is not a Bean Validation one turns that off.
     */
    @Bean
    WebMvcConfigurer noMethodValidation() {
        Validator none = new Validator() {
            @Override
            public boolean supports(Class<?> type) {
                return false;
            }

            @Override
            public void validate(Object target, Errors errors) {
                // nothing is validated through MVC
            }
        };
        return new WebMvcConfigurer() {
            @Override
            public Validator getValidator() {
                return none;
            }
        };
    }

    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port, ThreadPoolTaskExecutor apiExecutor) {
        return new ApiHttpEngine(port, apiExecutor);
    }
}
