package org.lienthong.ops;

import java.nio.file.Path;

import org.lienthong.config.LienthongProperties;
import org.lienthong.registry.Registry;
import org.lienthong.registry.RegistryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints where to reach the node once it is ready (SPEC §2): the API, its OpenAPI document, Hawtio, health. */
@Component
public class StartupReport implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final LienthongProperties properties;
    private final RegistryService registry;
    private volatile int apiPort = -1;
    private volatile int managementPort = -1;

    public StartupReport(LienthongProperties properties, RegistryService registry) {
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof WebServerInitializedEvent web) {
            if ("management".equals(web.getApplicationContext().getServerNamespace())) {
                managementPort = web.getWebServer().getPort();
            } else {
                apiPort = web.getWebServer().getPort();
            }
        } else if (event instanceof ApplicationReadyEvent) {
            int management = managementPort > 0 ? managementPort : apiPort;
            Registry current = registry.current();
            Path dataDir = properties.dataDir().toAbsolutePath().normalize();
            log.info("""
                    lienthong is ready
                      API        http://localhost:{}/api/v1
                      OpenAPI    http://localhost:{}/api/v1/openapi.json
                      SOAP       http://localhost:{}/services/edoc?wsdl
                                 http://localhost:{}/services/feedback?wsdl
                                 http://localhost:{}/services/dossier?wsdl
                      Hawtio     http://localhost:{}/actuator/hawtio  (operator: {})
                      Health     http://localhost:{}/actuator/health
                      Metrics    http://localhost:{}/actuator/prometheus
                      Broker     {}
                      Data dir   {}
                      Registry   {} ({} agencies)""",
                    apiPort, apiPort, apiPort, apiPort, apiPort, management, properties.ops().username(), management, management,
                    properties.broker().isEmbedded() ? "embedded Artemis" : "remote " + properties.broker().url(),
                    dataDir, current.source(), current.size());
        }
    }
}
