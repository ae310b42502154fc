package org.lienthong.edoc.soap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import jakarta.xml.ws.Endpoint;
import org.apache.cxf.Bus;
import org.apache.cxf.attachment.AttachmentDeserializer;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.staxutils.StaxUtils;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.edoc.EdocMailbox;
import org.lienthong.registry.RegistryService;
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
                              EdocSoapProperties properties, LienthongProperties node) {
        EndpointImpl endpoint = new EndpointImpl(bus, service);
        endpoint.setWsdlLocation(EdocContract.WSDL_LOCATION);
        endpoint.setServiceName(EdocContract.SERVICE);
        endpoint.setEndpointName(EdocContract.PORT);
        endpoint.setProperties(endpointProperties(properties, attachmentDirectory(properties, node)));
        endpoint.getInInterceptors().add(new EdocSoapAuthentication(registry));
        endpoint.getOutFaultInterceptors().add(new EdocSoapFaults());
        endpoint.publish(ADDRESS);
        return endpoint;
    }

    static Path attachmentDirectory(EdocSoapProperties properties, LienthongProperties node) {
        Path dir = properties.attachmentDirectory() != null ? properties.attachmentDirectory()
                : node.dataDir().resolve("tmp").resolve("soap");
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SOAP attachment directory " + dir, e);
        }
    }

    /** MTOM, attachment spooling and the parser limits, as endpoint properties (CXF reads them per message). */
    static Map<String, Object> endpointProperties(EdocSoapProperties properties, Path attachmentDirectory) {
        Map<String, Object> map = new HashMap<>();
        map.put(Message.MTOM_ENABLED, Boolean.TRUE);
        // an attachment past the threshold goes to a temporary file there, never whole into memory
        map.put(AttachmentDeserializer.ATTACHMENT_DIRECTORY, attachmentDirectory.toString());
        map.put(AttachmentDeserializer.ATTACHMENT_MEMORY_THRESHOLD, properties.attachmentMemoryThreshold().toBytes());
        // a backstop only: EdocSoapService refuses an oversized package first, with PAYLOAD_TOO_LARGE
        map.put(AttachmentDeserializer.ATTACHMENT_MAX_SIZE, properties.maxPackageSize().toBytes() + 64 * 1024);
        map.put(AttachmentDeserializer.ATTACHMENT_MAX_COUNT, 4);
        EdocSoapProperties.Stax stax = properties.stax();
        // The limits go twice: into the endpoint's own parser factory, because Woodstox fixes the attribute
        // count per element when a reader is created (CXF's per-message setting comes too late for it), and as
        // CXF's per-message properties, which CXF applies on top (depth and child counts by its own wrapper).
        map.put(XMLInputFactory.class.getName(), inputFactory(stax));
        map.put(StaxUtils.MAX_ELEMENT_DEPTH, stax.maxElementDepth());
        map.put(StaxUtils.MAX_CHILD_ELEMENTS, stax.maxChildElements());
        map.put(StaxUtils.MAX_ELEMENT_COUNT, stax.maxElementCount());
        map.put(StaxUtils.MAX_ATTRIBUTE_COUNT, stax.maxAttributeCount());
        map.put(StaxUtils.MAX_ATTRIBUTE_SIZE, stax.maxAttributeSize());
        map.put(StaxUtils.MAX_TEXT_LENGTH, stax.maxTextLength());
        map.put(StaxUtils.MAX_XML_CHARACTERS, stax.maxXmlCharacters());
        // faults carry a code and a message for the caller, never a stack trace or an exception's cause
        map.put("faultStackTraceEnabled", Boolean.FALSE);
        map.put("exceptionMessageCauseEnabled", Boolean.FALSE);
        map.put(FaultListener.class.getName(), new EdocSoapFaults.QuietRefusals());
        return map;
    }

    /**
     * The endpoint's XML parser: Woodstox with no DTDs, no external entities and every limit of {@code stax}.
     * Woodstox factories are thread-safe once configured.
     */
    static XMLInputFactory inputFactory(EdocSoapProperties.Stax stax) {
        WstxInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, stax.maxElementDepth());
        factory.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, stax.maxChildElements());
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, stax.maxElementCount());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, stax.maxAttributeCount());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, stax.maxAttributeSize());
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, stax.maxTextLength());
        factory.setProperty(WstxInputProperties.P_MAX_CHARACTERS, stax.maxXmlCharacters());
        // hand long texts (an inline base64 package) to the reader in pieces, as CXF's own factory does
        factory.setProperty(WstxInputProperties.P_MIN_TEXT_SEGMENT, 64);
        return factory;
    }
}
