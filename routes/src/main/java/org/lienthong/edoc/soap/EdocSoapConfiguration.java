package org.lienthong.edoc.soap;

import java.nio.file.Path;
import java.util.Map;

import jakarta.xml.ws.Endpoint;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.ObjectProvider;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.edoc.EdocMailbox;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.AccessGuard;
import org.lienthong.web.soap.SoapAuthentication;
import org.lienthong.web.soap.SoapEndpoints;
import org.lienthong.web.soap.SoapFaults;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the SOAP e-Doc service at {@code /services/edoc} ({@code ?wsdl} for the contract) on the CXF servlet
 * of {@code cxf-spring-boot-starter-jaxws} ({@code cxf.path}, default {@code /services}, on the public port).
 *
 * <p>Beans: {@code edocSoapService} (the {@link EdocSoapService}, needs an {@link EdocMailbox} bean) and
 * {@code edocSoapEndpoint} (the published CXF endpoint). Settings: {@link EdocSoapProperties}
 * ({@code lienthong.soap.edoc.*}).
 *
 * <p>Activate it with {@code @Import(EdocSoapConfiguration.class)}. It is deliberately not annotated
 * {@code @Configuration}: under {@code @SpringBootApplication}'s component scan it would then be active on its
 * own, and a node without an {@code EdocMailbox} bean would not start. Imported classes are full
 * configuration classes all the same.
 */
@EnableConfigurationProperties(EdocSoapProperties.class)
public class EdocSoapConfiguration {

    /** Where the endpoint is published, under the CXF servlet's path. */
    public static final String ADDRESS = "/edoc";

    @Bean
    EdocSoapService edocSoapService(EdocMailbox mailbox, RegistryService registry, EdocSoapProperties properties) {
        return new EdocSoapService(mailbox, registry, properties.maxPackageSize().toBytes());
    }

    @Bean(destroyMethod = "stop")
    Endpoint edocSoapEndpoint(Bus bus, EdocSoapService service, RegistryService registry,
                              EdocSoapProperties properties, LienthongProperties node, ObjectProvider<AccessGuard> guard) {
        SoapFaults faults = new SoapFaults("e-Doc", EdocContract.FAULT_DETAIL, EdocSoapService::problemOf);
        return SoapEndpoints.publish(bus, service, EdocContract.WSDL_LOCATION, EdocContract.SERVICE, EdocContract.PORT,
                endpointProperties(properties,
                SoapEndpoints.attachmentDirectory(properties.attachmentDirectory(), node.dataDir()), faults),
                new SoapAuthentication(registry, guard.getIfAvailable(AccessGuard::unlimited)), faults, ADDRESS);
    }

    /** MTOM, attachment spooling and the parser limits, as endpoint properties (CXF reads them per message). */
    static Map<String, Object> endpointProperties(EdocSoapProperties properties, Path attachmentDirectory,
                                                  SoapFaults faults) {
        // an attachment past the threshold goes to a temporary file, never whole into memory; the size is a
        // backstop only: EdocSoapService refuses an oversized package first, with PAYLOAD_TOO_LARGE
        return SoapEndpoints.properties(new SoapEndpoints.Attachments(attachmentDirectory,
                        properties.attachmentMemoryThreshold().toBytes(),
                        properties.maxPackageSize().toBytes() + 64 * 1024, 4),
                properties.stax(), faults.quietRefusals());
    }
}
