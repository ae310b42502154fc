package org.lienthong.config;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.lienthong.web.ApiHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

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

    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port, ThreadPoolTaskExecutor apiExecutor) {
        return new ApiHttpEngine(port, apiExecutor);
    }
}
