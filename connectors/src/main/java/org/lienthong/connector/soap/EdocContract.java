package org.lienthong.connector.soap;

import java.net.URL;
import java.util.Objects;

import javax.xml.namespace.QName;

import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocService;

/**
 * The e-Doc SOAP contract ({@code wsdl/edoc.wsdl}, namespace {@value #NAMESPACE}) in one place, for the bus's
 * endpoint ({@code /services/edoc}) and for the {@code soap} delivery connector. The JAX-WS classes are
 * generated from the WSDL into {@code org.lienthong.connector.soap.contract} ({@link EdocPortType},
 * {@link EdocService}, the JAXB types and the {@code EdocFault} exception).
 */
public final class EdocContract {

    /** Target namespace of the WSDL and its types. */
    public static final String NAMESPACE = "urn:lienthong:edoc:v1";
    /** Where the WSDL is on the classpath. */
    public static final String WSDL_RESOURCE = "wsdl/edoc.wsdl";
    /** The same, as a CXF/Spring location. */
    public static final String WSDL_LOCATION = "classpath:" + WSDL_RESOURCE;
    public static final QName SERVICE = EdocService.SERVICE;
    public static final QName PORT = EdocService.EdocPort;
    /** The fault detail element: {@code <edocFault><code/><message/></edocFault>}. */
    public static final QName FAULT_DETAIL = new QName(NAMESPACE, "edocFault");
    /** Media type of the edXML attachments. */
    public static final String ATTACHMENT_CONTENT_TYPE = PayloadDataSource.CONTENT_TYPE;

    private EdocContract() {
    }

    /** The WSDL on the classpath. */
    public static URL wsdl() {
        return Objects.requireNonNull(EdocContract.class.getClassLoader().getResource(WSDL_RESOURCE),
                "the e-Doc WSDL is missing from the classpath: " + WSDL_RESOURCE);
    }
}
