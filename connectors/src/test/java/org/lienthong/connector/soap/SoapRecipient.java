package org.lienthong.connector.soap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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
import org.lienthong.connector.soap.contract.AgencyInfo;
import org.lienthong.connector.soap.contract.Edoc;
import org.lienthong.connector.soap.contract.EdocEntry;
import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocReceipt;
import org.lienthong.connector.soap.contract.MailboxStatus;
import org.lienthong.connector.soap.contract.SentEdoc;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A recipient agency's SOAP service exposing the e-Doc contract: real CXF (its servlet in an embedded Tomcat) on
 * loopback and a free port, MTOM on. It records every sendEdoc / sendStatus by the message id header and
 * answers by the id's prefix: {@code server-fault-} a soap:Server fault, {@code client-fault-} a soap:Client
 * fault ({@code INVALID_SIGNATURE}, Vietnamese message), {@code rate-limited-} a soap:Client fault
 * {@code RATE_LIMITED}; anything else is accepted.
 */
public final class SoapRecipient implements AutoCloseable {

    static final String CLIENT_FAULT_MESSAGE = "Chữ ký số của gói tin không hợp lệ";

    /** One call as the recipient saw it; header names are case-insensitive. */
    public record Received(String operation, Map<String, List<String>> headers, long size, String sha256, byte[] head,
                    String dataSourceType) {
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

    public SoapRecipient() throws IOException, LifecycleException {
        baseDir = Files.createTempDirectory("soap-recipient-");
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

        endpoint = new EndpointImpl(bus, new RecordingService());
        endpoint.setWsdlLocation(EdocContract.WSDL_LOCATION);
        endpoint.setServiceName(EdocContract.SERVICE);
        endpoint.setEndpointName(EdocContract.PORT);
        endpoint.getProperties().put("mtom-enabled", Boolean.TRUE);
        endpoint.publish("/edoc");
    }

    public String url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/services/edoc";
    }

    public Received received(String messageId) {
        return byMessageId.get(messageId);
    }

    @Override
    public void close() throws Exception {
        endpoint.stop();
        tomcat.stop();
        tomcat.destroy();
        bus.shutdown(true);
    }

    @WebService(serviceName = "EdocService", portName = "EdocPort", targetNamespace = EdocContract.NAMESPACE,
            endpointInterface = "org.lienthong.connector.soap.contract.EdocPortType")
    final class RecordingService implements EdocPortType {

        @Override
        public EdocReceipt sendEdoc(DataHandler edxml) {
            return record("sendEdoc", edxml);
        }

        @Override
        public EdocReceipt sendStatus(DataHandler edxml) {
            return record("sendStatus", edxml);
        }

        @SuppressWarnings("unchecked")
        private EdocReceipt record(String operation, DataHandler edxml) {
            Message message = PhaseInterceptorChain.getCurrentMessage();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll((Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS));
            String id = String.join(",", headers.getOrDefault(DeliveryHeaders.MESSAGE_ID, List.of("")));
            long size = 0;
            byte[] head = new byte[0];
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream in = edxml.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (size == 0) {
                        head = java.util.Arrays.copyOf(buffer, Math.min(n, 4096));
                    }
                    sha256.update(buffer, 0, n);
                    size += n;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            byMessageId.put(id, new Received(operation, headers, size, java.util.HexFormat.of().formatHex(sha256.digest()),
                    head, edxml.getDataSource().getClass().getSimpleName()));
            if (id.startsWith("server-fault-")) {
                throw fault("Cơ sở dữ liệu tạm thời không sẵn sàng", SoapFault.FAULT_CODE_SERVER, "UNAVAILABLE");
            }
            if (id.startsWith("client-fault-")) {
                throw fault(CLIENT_FAULT_MESSAGE, SoapFault.FAULT_CODE_CLIENT, "INVALID_SIGNATURE");
            }
            if (id.startsWith("rate-limited-")) {
                throw fault("Quá nhiều yêu cầu", SoapFault.FAULT_CODE_CLIENT, "RATE_LIMITED");
            }
            EdocReceipt receipt = new EdocReceipt();
            receipt.setMessageId("recipient-" + id);
            return receipt;
        }

        private SoapFault fault(String text, QName faultCode, String code) {
            SoapFault fault = new SoapFault(text, faultCode);
            Element detail = fault.getOrCreateDetail();
            Document document = detail.getOwnerDocument();
            Element edocFault = document.createElementNS(EdocContract.NAMESPACE, "edocFault");
            Element codeElement = document.createElementNS(EdocContract.NAMESPACE, "code");
            codeElement.setTextContent(code);
            Element messageElement = document.createElementNS(EdocContract.NAMESPACE, "message");
            messageElement.setTextContent(text);
            edocFault.appendChild(codeElement);
            edocFault.appendChild(messageElement);
            detail.appendChild(edocFault);
            return fault;
        }

        @Override
        public List<EdocEntry> getReceivedEdocList(Integer limit) {
            return List.of();
        }

        @Override
        public Edoc getEdoc(String messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SentEdoc> getSentEdocList(java.time.Instant since, Integer limit) {
            return List.of();
        }

        @Override
        public void updateStatus(String messageId, MailboxStatus status, String reason) {
        }

        @Override
        public List<AgencyInfo> getAgenciesList() {
            return List.of();
        }
    }
}
