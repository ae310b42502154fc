package org.lienthong.web.soap;

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
import org.apache.cxf.attachment.AttachmentDeserializer;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.staxutils.StaxUtils;

/**
 * What every SOAP endpoint of the node sets on its CXF endpoint: MTOM, attachment spooling and limits, the
 * hardened parser with its limits, and faults without internals. Used by each service's configuration
 * ({@code EdocSoapConfiguration}, {@code FeedbackSoapConfiguration}, {@code DossierSoapConfiguration}).
 */
public final class SoapEndpoints {

    private SoapEndpoints() {
    }

    /**
     * Attachments the endpoint accepts.
     *
     * @param directory       where an attachment past the threshold is spooled
     * @param memoryThreshold an attachment past this many bytes goes to a temporary file, never whole into memory
     * @param maxSize         largest single attachment (a backstop: the service refuses oversized content first)
     * @param maxCount        most attachments in one request
     */
    public record Attachments(Path directory, long memoryThreshold, long maxSize, int maxCount) {
    }

    /**
     * Publishes a service on the CXF servlet with what every endpoint of the node has: the WSDL's service and port,
     * the given endpoint properties, API key (or client certificate) authentication with the access guard, the
     * single-body check, and the fault shape. Stop the returned endpoint on shutdown.
     *
     * @param wsdlLocation the contract ({@code classpath:wsdl/...})
     * @param address      where under {@code cxf.path} (e.g. {@code /edoc})
     */
    public static org.apache.cxf.jaxws.EndpointImpl publish(org.apache.cxf.Bus bus, Object service, String wsdlLocation,
                                                           javax.xml.namespace.QName serviceName,
                                                           javax.xml.namespace.QName port, Map<String, Object> properties,
                                                           SoapAuthentication authentication, SoapFaults faults,
                                                           String address) {
        org.apache.cxf.jaxws.EndpointImpl endpoint = new org.apache.cxf.jaxws.EndpointImpl(bus, service);
        endpoint.setWsdlLocation(wsdlLocation);
        endpoint.setServiceName(serviceName);
        endpoint.setEndpointName(port);
        endpoint.setProperties(properties);
        endpoint.getInInterceptors().add(authentication);
        endpoint.getInInterceptors().add(new SingleBodyInterceptor());
        endpoint.getOutFaultInterceptors().add(faults);
        endpoint.publish(address);
        return endpoint;
    }

    /** The configured spool directory, else {@code <data-dir>/tmp/soap}; created when missing. */
    public static Path attachmentDirectory(Path configured, Path dataDir) {
        Path dir = configured != null ? configured : dataDir.resolve("tmp").resolve("soap");
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SOAP attachment directory " + dir, e);
        }
    }

    /** MTOM, attachment spooling and the parser limits, as endpoint properties (CXF reads them per message). */
    public static Map<String, Object> properties(Attachments attachments, SoapParserLimits stax, FaultListener faults) {
        Map<String, Object> map = new HashMap<>();
        map.put(Message.MTOM_ENABLED, Boolean.TRUE);
        map.put(AttachmentDeserializer.ATTACHMENT_DIRECTORY, attachments.directory().toString());
        map.put(AttachmentDeserializer.ATTACHMENT_MEMORY_THRESHOLD, attachments.memoryThreshold());
        map.put(AttachmentDeserializer.ATTACHMENT_MAX_SIZE, attachments.maxSize());
        map.put(AttachmentDeserializer.ATTACHMENT_MAX_COUNT, attachments.maxCount());
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
        map.put(FaultListener.class.getName(), faults);
        return map;
    }

    /**
     * The endpoint's XML parser: Woodstox with no DTDs, no external entities and every limit of {@code stax}.
     * Woodstox factories are thread-safe once configured.
     */
    public static XMLInputFactory inputFactory(SoapParserLimits stax) {
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
        // hand long texts (an inline base64 file) to the reader in pieces, as CXF's own factory does
        factory.setProperty(WstxInputProperties.P_MIN_TEXT_SEGMENT, 64);
        return factory;
    }
}
