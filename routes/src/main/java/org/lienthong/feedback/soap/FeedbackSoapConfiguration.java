package org.lienthong.feedback.soap;

import java.nio.file.Path;
import java.util.Map;

import jakarta.xml.ws.Endpoint;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.ObjectProvider;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.soap.FeedbackContract;
import org.lienthong.feedback.FeedbackDesk;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.AccessGuard;
import org.lienthong.web.soap.SoapAuthentication;
import org.lienthong.web.soap.SoapEndpoints;
import org.lienthong.web.soap.SoapFaults;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the bus's SOAP feedback service ({@code FeedbackService} of {@code wsdl/feedback.wsdl}) at
 * {@code /services/feedback} ({@code ?wsdl} for the contract) on the CXF servlet of
 * {@code cxf-spring-boot-starter-jaxws} ({@code cxf.path}, default {@code /services}, on the public port), with the
 * same Bearer API key authentication, parser limits and fault shape as {@code /services/edoc}.
 *
 * <p>Beans: {@code feedbackSoapService} (the {@link FeedbackSoapService}, needs a {@link FeedbackDesk} bean and the
 * {@link RegistryService}) and {@code feedbackSoapEndpoint} (the published CXF endpoint). Settings:
 * {@link FeedbackSoapProperties} ({@code lienthong.soap.feedback.*}).
 *
 * <p>Activate it with {@code @Import(FeedbackSoapConfiguration.class)}. Like {@code EdocSoapConfiguration} it is
 * deliberately not annotated {@code @Configuration}, so that component scanning does not activate it on a node
 * without a {@code FeedbackDesk}.
 */
@EnableConfigurationProperties(FeedbackSoapProperties.class)
public class FeedbackSoapConfiguration {

    /** Where the endpoint is published, under the CXF servlet's path. */
    public static final String ADDRESS = "/feedback";

    @Bean
    FeedbackSoapService feedbackSoapService(FeedbackDesk desk, FeedbackSoapProperties properties) {
        return new FeedbackSoapService(desk, new FeedbackSoapMapper(properties.maxAttachmentSize().toBytes(),
                properties.maxAttachments()));
    }

    @Bean(destroyMethod = "stop")
    Endpoint feedbackSoapEndpoint(Bus bus, FeedbackSoapService service, RegistryService registry,
                                  FeedbackSoapProperties properties, LienthongProperties node, ObjectProvider<AccessGuard> guard) {
        SoapFaults faults = new SoapFaults("feedback", FeedbackContract.FAULT_DETAIL, FeedbackSoapService::problemOf);
        return SoapEndpoints.publish(bus, service, FeedbackContract.WSDL_LOCATION, FeedbackContract.SERVICE, FeedbackContract.PORT,
                endpointProperties(properties,
                SoapEndpoints.attachmentDirectory(properties.attachmentDirectory(), node.dataDir()), faults),
                new SoapAuthentication(registry, guard.getIfAvailable(AccessGuard::unlimited)), faults, ADDRESS);
    }

    static Map<String, Object> endpointProperties(FeedbackSoapProperties properties, Path attachmentDirectory,
                                                  SoapFaults faults) {
        // The service reads the files under the configured total and refuses more with PAYLOAD_TOO_LARGE; CXF's
        // own per-file size and count are backstops just past it, for requests that never reach the service.
        return SoapEndpoints.properties(new SoapEndpoints.Attachments(attachmentDirectory,
                        properties.attachmentMemoryThreshold().toBytes(),
                        properties.maxAttachmentSize().toBytes() + 64 * 1024, properties.maxAttachments() + 1),
                properties.stax(), faults.quietRefusals());
    }
}
