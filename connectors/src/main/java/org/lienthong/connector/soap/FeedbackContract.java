package org.lienthong.connector.soap;

import java.net.URL;
import java.util.Objects;

import javax.xml.namespace.QName;

import org.lienthong.connector.soap.feedback.contract.FeedbackInboxPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackInboxService;
import org.lienthong.connector.soap.feedback.contract.FeedbackPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackService;

/**
 * The feedback (PAKN) SOAP contract ({@code wsdl/feedback.wsdl}, namespace {@value #NAMESPACE}) in one place. The
 * WSDL has two port types, one per side of the exchange:
 * <ul>
 *   <li>{@link FeedbackPortType} (service {@link #SERVICE}, port {@link #PORT}): what the bus serves at
 *       {@code /services/feedback} — list, acknowledge, reply, state, submit;</li>
 *   <li>{@link FeedbackInboxPortType} (service {@link #INBOX_SERVICE}, port {@link #INBOX_PORT}): what an agency
 *       registered with the {@code soap} connector implements, and the connector calls — {@code receiveFeedback}
 *       for {@code feedback} messages, {@code receiveReply} for {@code feedback-reply} messages.</li>
 * </ul>
 * The JAX-WS classes are generated from the WSDL into {@code org.lienthong.connector.soap.feedback.contract}
 * (the port types and services, the JAXB types and the {@code FeedbackFault} exception).
 */
public final class FeedbackContract {

    /** Target namespace of the WSDL and its types. */
    public static final String NAMESPACE = "urn:lienthong:feedback:v1";
    /** Where the WSDL is on the classpath. */
    public static final String WSDL_RESOURCE = "wsdl/feedback.wsdl";
    /** The same, as a CXF/Spring location. */
    public static final String WSDL_LOCATION = "classpath:" + WSDL_RESOURCE;
    /** The bus's service ({@link FeedbackPortType}). */
    public static final QName SERVICE = FeedbackService.SERVICE;
    public static final QName PORT = FeedbackService.FeedbackPort;
    /** An agency's inbox ({@link FeedbackInboxPortType}). */
    public static final QName INBOX_SERVICE = FeedbackInboxService.SERVICE;
    public static final QName INBOX_PORT = FeedbackInboxService.FeedbackInboxPort;
    /** The fault detail element: {@code <feedbackFault><code/><message/></feedbackFault>}. */
    public static final QName FAULT_DETAIL = new QName(NAMESPACE, "feedbackFault");
    /** Media type of an attachment whose own type is unknown. */
    public static final String DEFAULT_ATTACHMENT_TYPE = "application/octet-stream";

    private FeedbackContract() {
    }

    /** The WSDL on the classpath. */
    public static URL wsdl() {
        return Objects.requireNonNull(FeedbackContract.class.getClassLoader().getResource(WSDL_RESOURCE),
                "the feedback WSDL is missing from the classpath: " + WSDL_RESOURCE);
    }
}
