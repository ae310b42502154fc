package org.lienthong.web;

import java.util.concurrent.Executor;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;

/** Camel's Spring Boot HTTP engine, creating {@link ApiHttpConsumer}s on the API's worker pool. */
public final class ApiHttpEngine extends SpringBootPlatformHttpEngine {

    private final Executor executor;

    public ApiHttpEngine(int port, Executor executor) {
        super(port, executor);
        this.executor = executor;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new ApiHttpConsumer(endpoint, processor, executor);
    }
}
