package org.lienthong.dossier.soap;

import java.util.Map;

import jakarta.xml.ws.Endpoint;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.cxf.message.Message;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.soap.DossierContract;
import org.lienthong.dossier.DossierDesk;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.AccessGuard;
import org.lienthong.web.soap.SoapAuthentication;
import org.lienthong.web.soap.SoapEndpoints;
import org.lienthong.web.soap.SoapFaults;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the bus's SOAP dossier service ({@code DossierService} of {@code wsdl/dossier.wsdl}) at
 * {@code /services/dossier} ({@code ?wsdl} for the contract) on the CXF servlet of
 * {@code cxf-spring-boot-starter-jaxws} ({@code cxf.path}, default {@code /services}, on the public port), with the
 * same Bearer API key authentication, hardened parser and fault shape as {@code /services/edoc} and
 * {@code /services/feedback}. The contract carries no files, so MTOM is off: answers are plain {@code text/xml}.
 *
 * <p>Beans: {@code dossierSoapService} (the {@link DossierSoapService}, needs a {@link DossierDesk} bean) and
 * {@code dossierSoapEndpoint} (the published CXF endpoint, needs the {@link RegistryService}). Settings:
 * {@link DossierSoapProperties} ({@code lienthong.soap.dossier.*}).
 *
 * <p>Activate it with {@code @Import(DossierSoapConfiguration.class)}. Like the other SOAP configurations it is
 * deliberately not annotated {@code @Configuration}, so that component scanning does not activate it on a node
 * without a {@code DossierDesk}.
 */
@EnableConfigurationProperties(DossierSoapProperties.class)
public class DossierSoapConfiguration {

    /** Where the endpoint is published, under the CXF servlet's path. */
    public static final String ADDRESS = "/dossier";

    /** Multipart parts past this are spooled to disk (only a client sending MTOM anyway produces any). */
    private static final long SPOOL_THRESHOLD = 64 * 1024;

    @Bean
    DossierSoapService dossierSoapService(DossierDesk desk, DossierSoapProperties properties) {
        return new DossierSoapService(desk, new DossierSoapMapper(), properties.maxRecords());
    }

    @Bean(destroyMethod = "stop")
    Endpoint dossierSoapEndpoint(Bus bus, DossierSoapService service, RegistryService registry,
                                 DossierSoapProperties properties, LienthongProperties node, ObjectProvider<AccessGuard> guard) {
        SoapFaults faults = new SoapFaults("dossier", DossierContract.FAULT_DETAIL, DossierSoapService::problemOf);
        return SoapEndpoints.publish(bus, service, DossierContract.WSDL_LOCATION, DossierContract.SERVICE, DossierContract.PORT,
                endpointProperties(properties, node, faults),
                new SoapAuthentication(registry, guard.getIfAvailable(AccessGuard::unlimited)), faults, ADDRESS);
    }

    static Map<String, Object> endpointProperties(DossierSoapProperties properties, LienthongProperties node,
                                                  SoapFaults faults) {
        DossierSoapProperties.Stax stax = properties.stax();
        // No files in this contract: a multipart request's parts are bounded like the envelope itself.
        SoapEndpoints.Attachments parts = new SoapEndpoints.Attachments(
                SoapEndpoints.attachmentDirectory(properties.spoolDirectory(), node.dataDir()), SPOOL_THRESHOLD,
                stax.maxXmlCharacters(), 1);
        Map<String, Object> map = SoapEndpoints.properties(parts, stax.limits(), faults.quietRefusals());
        // answers as plain text/xml, which every SOAP 1.1 client reads; MTOM would only wrap them in multipart
        map.put(Message.MTOM_ENABLED, Boolean.FALSE);
        return map;
    }
}
