package org.lienthong.connector.soap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.xml.namespace.QName;

import jakarta.activation.DataHandler;
import jakarta.jws.WebService;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.connector.soap.feedback.contract.Attachment;
import org.lienthong.connector.soap.feedback.contract.FeedbackInboxPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackReplyItem;
import org.lienthong.connector.soap.feedback.contract.Receipt;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An agency's feedback inbox (a provincial portal's SOAP service implementing {@code FeedbackInboxPortType} of
 * {@code wsdl/feedback.wsdl}): real CXF, its servlet in an embedded Tomcat on loopback and a free port, MTOM on.
 * It records every {@code receiveFeedback} / {@code receiveReply} by the message id header, attachments read in
 * full, and answers by the id's prefix: {@code server-fault-} a soap:Server fault {@code UNAVAILABLE},
 * {@code client-fault-} a soap:Client fault {@code INVALID_REQUEST} (Vietnamese message), {@code rate-limited-} a
 * soap:Client fault {@code RATE_LIMITED}; anything else is accepted with the reference {@code "HS-" + id}.
 *
 * <p>Other tests (the feedback flow end to end) may use it as the provincial portal: {@link #onReceive} is told
 * of every accepted call, e.g. to reply through the bus's own feedback service.
 */
public final class FeedbackInboxRecipient implements AutoCloseable {

    public static final String CLIENT_FAULT_MESSAGE = "Nội dung phản ánh không đúng định dạng của cổng tỉnh";

    /** A file as the inbox got it: the contract's name and type, the bytes, and the MIME part's own type. */
    public record ReceivedAttachment(String name, String contentType, byte[] content, String partContentType) {
    }

    /**
     * One call as the inbox saw it; header names are case-insensitive.
     *
     * @param mimeParts MIME parts of the request besides the envelope: the attachments sent as MTOM parts
     */
    public record Received(String operation, Map<String, List<String>> headers, FeedbackItem feedback,
                           FeedbackReplyItem reply, List<ReceivedAttachment> attachments, int mimeParts) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    private final Path baseDir;
    private final Tomcat tomcat;
    private final Bus bus;
    private final EndpointImpl endpoint;
    private final Map<String, Received> byMessageId = new ConcurrentHashMap<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();

    public FeedbackInboxRecipient() throws IOException, LifecycleException {
        baseDir = Files.createTempDirectory("feedback-inbox-");
        bus = new CXFBusFactory().createBus();
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        Tomcat.addServlet(context, "cxf", servlet).setLoadOnStartup(1);
        context.addServletMappingDecoded("/services/*", "cxf");
        tomcat.start();

        endpoint = new EndpointImpl(bus, new RecordingInbox());
        endpoint.setWsdlLocation(FeedbackContract.WSDL_LOCATION);
        endpoint.setServiceName(FeedbackContract.INBOX_SERVICE);
        endpoint.setEndpointName(FeedbackContract.INBOX_PORT);
        endpoint.getProperties().put("mtom-enabled", Boolean.TRUE);
        endpoint.publish("/feedback-inbox");
    }

    public String url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/services/feedback-inbox";
    }

    public Received received(String messageId) {
        return byMessageId.get(messageId);
    }

    public Collection<Received> all() {
        return List.copyOf(byMessageId.values());
    }

    /** Told of every accepted call, on the request's thread (hand long work to another thread). */
    public void onReceive(Consumer<Received> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() throws Exception {
        endpoint.stop();
        tomcat.stop();
        tomcat.destroy();
        bus.shutdown(true);
    }

    @WebService(serviceName = "FeedbackInboxService", portName = "FeedbackInboxPort",
            targetNamespace = FeedbackContract.NAMESPACE,
            endpointInterface = "org.lienthong.connector.soap.feedback.contract.FeedbackInboxPortType")
    final class RecordingInbox implements FeedbackInboxPortType {

        @Override
        public Receipt receiveFeedback(FeedbackItem feedback) {
            return record("receiveFeedback", feedback, null, feedback.getId(), feedback.getAttachment());
        }

        @Override
        public Receipt receiveReply(FeedbackReplyItem reply) {
            return record("receiveReply", null, reply, reply.getFeedbackId(), reply.getAttachment());
        }

        @SuppressWarnings("unchecked")
        private Receipt record(String operation, FeedbackItem feedback, FeedbackReplyItem reply, String feedbackId,
                               List<Attachment> attachments) {
            Message message = PhaseInterceptorChain.getCurrentMessage();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll((Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS));
            String id = String.join(",", headers.getOrDefault(DeliveryHeaders.MESSAGE_ID, List.of("")));
            List<ReceivedAttachment> files = new ArrayList<>();
            for (Attachment attachment : attachments) {
                DataHandler content = attachment.getContent();
                try (InputStream in = content.getInputStream()) {
                    files.add(new ReceivedAttachment(attachment.getName(), attachment.getContentType(),
                            in.readAllBytes(), content.getContentType()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            int parts = message.getAttachments() == null ? 0 : message.getAttachments().size();
            Received received = new Received(operation, headers, feedback, reply, List.copyOf(files), parts);
            byMessageId.put(id, received);
            if (id.startsWith("server-fault-")) {
                throw fault("Hệ thống một cửa tạm thời không sẵn sàng", SoapFault.FAULT_CODE_SERVER, "UNAVAILABLE");
            }
            if (id.startsWith("client-fault-")) {
                throw fault(CLIENT_FAULT_MESSAGE, SoapFault.FAULT_CODE_CLIENT, "INVALID_REQUEST");
            }
            if (id.startsWith("rate-limited-")) {
                throw fault("Quá nhiều yêu cầu", SoapFault.FAULT_CODE_CLIENT, "RATE_LIMITED");
            }
            listeners.forEach(listener -> listener.accept(received));
            Receipt receipt = new Receipt();
            receipt.setFeedbackId(feedbackId);
            receipt.setReference("HS-" + id);
            return receipt;
        }

        private SoapFault fault(String text, QName faultCode, String code) {
            SoapFault fault = new SoapFault(text, faultCode);
            Element detail = fault.getOrCreateDetail();
            Document document = detail.getOwnerDocument();
            Element feedbackFault = document.createElementNS(FeedbackContract.NAMESPACE, "feedbackFault");
            Element codeElement = document.createElementNS(FeedbackContract.NAMESPACE, "code");
            codeElement.setTextContent(code);
            Element messageElement = document.createElementNS(FeedbackContract.NAMESPACE, "message");
            messageElement.setTextContent(text);
            feedbackFault.appendChild(codeElement);
            feedbackFault.appendChild(messageElement);
            detail.appendChild(feedbackFault);
            return fault;
        }
    }
}
