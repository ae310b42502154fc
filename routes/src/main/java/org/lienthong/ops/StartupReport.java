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
    private volatile String apiScheme = "http";
    private volatile String managementScheme = "http";

    public StartupReport(LienthongProperties properties, RegistryService registry) {
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof WebServerInitializedEvent web) {
            String scheme = web.getWebServer() instanceof org.springframework.boot.web.embedded.tomcat.TomcatWebServer tomcat
                    && tomcat.getTomcat().getService().findConnectors().length > 0
                    ? tomcat.getTomcat().getService().findConnectors()[0].getScheme() : "http";
            if ("management".equals(web.getApplicationContext().getServerNamespace())) {
                managementPort = web.getWebServer().getPort();
                managementScheme = scheme;
            } else {
                apiPort = web.getWebServer().getPort();
                apiScheme = scheme;
            }
        } else if (event instanceof ApplicationReadyEvent) {
            int management = managementPort > 0 ? managementPort : apiPort;
            String api = apiScheme + "://localhost:" + apiPort;
            String ops = (managementPort > 0 ? managementScheme : apiScheme) + "://localhost:" + management;
            Registry current = registry.current();
            Path dataDir = properties.dataDir().toAbsolutePath().normalize();
            log.info("""
                    lienthong is ready
                      API        {}/api/v1
                      OpenAPI    {}/api/v1/openapi.json
                      SOAP       {}/services/edoc?wsdl
                                 {}/services/feedback?wsdl
                                 {}/services/dossier?wsdl
                      Hawtio     {}/actuator/hawtio  (operator: {})
                      Health     {}/actuator/health
                      Metrics    {}/actuator/prometheus
                      Broker     {}
                      Data dir   {}
                      Registry   {} ({} agencies)""",
                    api, api, api, api, api, ops, properties.ops().username(), ops, ops,
                    properties.broker().isEmbedded() ? "embedded Artemis" : "remote " + properties.broker().url(),
                    dataDir, current.source(), current.size());
        }
    }
}
