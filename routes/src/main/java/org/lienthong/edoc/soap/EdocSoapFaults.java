package org.lienthong.edoc.soap;

import java.util.regex.Pattern;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.FaultOutInterceptor;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocFaultDetail;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Gives every fault of the e-Doc endpoint one shape, whatever raised it: the fault code says whose fault it is
 * ({@code soap:Client} for the caller's, problem status 4xx; {@code soap:Server} for ours, 5xx), and the detail
 * is exactly one {@code edocFault} with the SPEC §6 problem code and a message for the caller.
 *
 * <p>Faults of the service ({@link EdocFault}) and of the authentication ({@link ProblemException}) carry their
 * code. Faults CXF raises before the service runs are the caller's: XML that is not well-formed or goes past the
 * parser limits is {@code INVALID_XML}, a request that does not fit the contract {@code INVALID_REQUEST}. Anything else is
 * {@code INTERNAL}, logged, and its message is not passed on. Messages that look like internals (class
 * names, file paths) are replaced by the problem's title.
 */
public final class EdocSoapFaults extends AbstractPhaseInterceptor<Message> {

    private static final Logger log = LoggerFactory.getLogger(EdocSoapFaults.class);
    /** A qualified Java class name ({@code com.example.Foo}) or an absolute path. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_$]*)|((^|[\\s'\"(=])(/[\\w.-]+){2,})|([A-Za-z]:\\\\)");
    private static final int MAX_MESSAGE = 500;

    public EdocSoapFaults() {
        super(Phase.PRE_PROTOCOL);
        // after CXF has put a declared fault's info into the detail, which is then replaced as a whole
        addAfter(FaultOutInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        Exception exception = message.getContent(Exception.class);
        Fault fault = exception instanceof Fault f ? f : new Fault(exception);
        Classified classified = classify(fault);
        if (classified.problem() == Problem.INTERNAL && !raisedByService(fault)) {
            log.error("SOAP e-Doc call failed", fault);
        }

        SoapVersion version = message instanceof SoapMessage soap ? soap.getVersion() : null;
        QName code = classified.problem().status() >= 500
                ? (version != null ? version.getReceiver() : Fault.FAULT_CODE_SERVER)
                : (version != null ? version.getSender() : Fault.FAULT_CODE_CLIENT);
        SoapFault answer = new SoapFault(classified.message(), code);
        answer.setDetail(detail(classified.problem(), classified.message()));
        answer.setStatusCode(fault.getStatusCode());
        message.setContent(Exception.class, answer);
    }

    private record Classified(Problem problem, String message) {
    }

    private static Classified classify(Fault fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof EdocFault edocFault && edocFault.getFaultInfo() != null) {
                EdocFaultDetail info = edocFault.getFaultInfo();
                return new Classified(problem(info.getCode()), safe(info.getMessage(), problem(info.getCode())));
            }
            if (cause instanceof ProblemException problem) {
                return new Classified(problem.problem(), safe(problem.getMessage(), problem.problem()));
            }
        }
        for (Throwable cause = fault; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof XMLStreamException || cause.getClass().getName().startsWith("com.ctc.wstx.")) {
                // not well-formed, or past the parser limits
                return new Classified(Problem.INVALID_XML, safe(firstLine(cause.getMessage()), Problem.INVALID_XML));
            }
            if (cause instanceof jakarta.xml.bind.JAXBException) {
                // well-formed, but not what the contract says
                return new Classified(Problem.INVALID_REQUEST,
                        safe(firstLine(fault.getMessage()), Problem.INVALID_REQUEST));
            }
        }
        QName faultCode = fault.getFaultCode();
        String side = faultCode == null ? "" : faultCode.getLocalPart();
        if (side.equals("Client") || side.equals("Sender") || side.equals("VersionMismatch")
                || side.equals("MustUnderstand")) {
            return new Classified(Problem.INVALID_REQUEST, safe(firstLine(fault.getMessage()), Problem.INVALID_REQUEST));
        }
        return new Classified(Problem.INTERNAL, "internal error; the call can be retried later");
    }

    /** True for the service's own faults: it has logged what needed logging. */
    private static boolean raisedByService(Throwable fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof EdocFault) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps CXF from logging every refused call with a stack trace (an unauthenticated caller could fill the
     * log): refusals and unreadable requests are logged on one line at DEBUG; failures are logged once, at
     * ERROR, by the service or by this interceptor.
     */
    static final class QuietRefusals implements FaultListener {
        @Override
        public boolean faultOccurred(Exception exception, String description, Message message) {
            Fault fault = exception instanceof Fault f ? f : new Fault(exception);
            Classified classified = classify(fault);
            if (classified.problem().status() < 500) {
                log.debug("SOAP e-Doc call refused ({}): {} {}", description, classified.problem(),
                        classified.message());
            }
            // failures are logged once, with their stack trace, by the service or by handleMessage above
            return false;
        }
    }

    private static Problem problem(String code) {
        try {
            return code == null ? Problem.INTERNAL : Problem.valueOf(code);
        } catch (IllegalArgumentException e) {
            return Problem.INTERNAL;
        }
    }

    /** The message for the caller, or the problem's title when it is empty or looks like internals. */
    static String safe(String message, Problem problem) {
        if (message == null || message.isBlank() || INTERNALS.matcher(message).find()) {
            return problem.title();
        }
        String trimmed = message.strip();
        return trimmed.length() <= MAX_MESSAGE ? trimmed : trimmed.substring(0, MAX_MESSAGE) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Element detail(Problem problem, String message) {
        Document document = DOMUtils.createDocument();
        Element detail = document.createElement("detail");
        Element edocFault = document.createElementNS(EdocContract.NAMESPACE, "edocFault");
        Element code = document.createElementNS(EdocContract.NAMESPACE, "code");
        code.setTextContent(problem.name());
        Element text = document.createElementNS(EdocContract.NAMESPACE, "message");
        text.setTextContent(message);
        edocFault.appendChild(code);
        edocFault.appendChild(text);
        detail.appendChild(edocFault);
        document.appendChild(detail);
        return detail;
    }
}
