package org.lienthong.web.soap;

import java.util.Objects;
import java.util.function.Function;
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
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Gives every fault of a SOAP endpoint one shape, whatever raised it: the fault code says whose fault it is
 * ({@code soap:Client} for the caller's, problem status 4xx; {@code soap:Server} for ours, 5xx), and the detail
 * is exactly one element of the contract (e-Doc's {@code edocFault}, feedback's {@code feedbackFault}) with the
 * SPEC §6 problem code and a message for the caller: {@code <detail><code/><message/></detail>} in the contract's
 * namespace.
 *
 * <p>Faults the service declares (its contract's fault exception, read by the {@code declaredFaults} function)
 * and of the authentication ({@link ProblemException}) carry their code. Faults CXF raises before the service runs are the caller's: XML that is not well-formed or goes past the
 * parser limits is {@code INVALID_XML}, a request that does not fit the contract {@code INVALID_REQUEST}. Anything else is
 * {@code INTERNAL}, logged, and its message is not passed on. Messages that look like internals (class
 * names, file paths) are replaced by the problem's title.
 */
public final class SoapFaults extends AbstractPhaseInterceptor<Message> {

    private static final Logger log = LoggerFactory.getLogger(SoapFaults.class);
    /** A qualified Java class name ({@code com.example.Foo}) or an absolute path. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_$]*)|((^|[\\s'\"(=])(/[\\w.-]+){2,})|([A-Za-z]:\\\\)");
    private static final int MAX_MESSAGE = 500;

    private final String service;
    private final QName detailElement;
    private final Function<Throwable, ProblemException> declaredFaults;

    /**
     * @param service        the service's name in log lines ({@code e-Doc}, {@code feedback})
     * @param detailElement  the contract's fault detail element, e.g. {@code {urn:lienthong:edoc:v1}edocFault}
     * @param declaredFaults the problem a fault the service declares stands for, or null for any other
     *                       throwable; a declared fault means the service has logged what needed logging
     */
    public SoapFaults(String service, QName detailElement, Function<Throwable, ProblemException> declaredFaults) {
        super(Phase.PRE_PROTOCOL);
        // after CXF has put a declared fault's info into the detail, which is then replaced as a whole
        addAfter(FaultOutInterceptor.class.getName());
        this.service = Objects.requireNonNull(service, "service");
        this.detailElement = Objects.requireNonNull(detailElement, "detailElement");
        this.declaredFaults = Objects.requireNonNull(declaredFaults, "declaredFaults");
    }

    /** The problem a declared fault carries its code for, or {@code INTERNAL} for a code this node does not know. */
    public static Problem problem(String code) {
        try {
            return code == null ? Problem.INTERNAL : Problem.valueOf(code);
        } catch (IllegalArgumentException e) {
            return Problem.INTERNAL;
        }
    }

    @Override
    public void handleMessage(Message message) {
        Exception exception = message.getContent(Exception.class);
        Fault fault = exception instanceof Fault f ? f : new Fault(exception);
        Classified classified = classify(fault);
        if (classified.problem() == Problem.INTERNAL && !raisedByService(fault)) {
            log.error("SOAP {} call failed", service, fault);
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

    /** CXF's message codes for a body that names no operation of the contract. */
    private static final java.util.Set<String> CALLER_MISTAKES = java.util.Set.of("NO_PART_FOUND", "NO_OPERATION",
            "NO_OPERATION_ELEMENT", "NO_OPERATION_PATH", "UNEXPECTED_WRAPPER_ELEMENT", "UNEXPECTED_ELEMENT");

    private Classified classify(Fault fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            ProblemException declared = declaredFaults.apply(cause);
            if (declared != null) {
                return new Classified(declared.problem(), safe(declared.getMessage(), declared.problem()));
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
        if (CALLER_MISTAKES.contains(fault.getCode())) {
            // CXF raises these as server faults, but the request named no operation of this contract
            return new Classified(Problem.INVALID_REQUEST, "the body is not an operation of this service");
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
    private boolean raisedByService(Throwable fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (declaredFaults.apply(cause) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps CXF from logging every refused call with a stack trace (an unauthenticated caller could fill the
     * log): refusals and unreadable requests are logged on one line at DEBUG; failures are logged once, at
     * ERROR, by the service or by this interceptor. Set it as the endpoint's {@link FaultListener} property.
     */
    public FaultListener quietRefusals() {
        return (exception, description, message) -> {
            Fault fault = exception instanceof Fault f ? f : new Fault(exception);
            Classified classified = classify(fault);
            if (classified.problem().status() < 500) {
                log.debug("SOAP {} call refused ({}): {} {}", service, description, classified.problem(),
                        classified.message());
            }
            // failures are logged once, with their stack trace, by the service or by handleMessage above
            return false;
        };
    }

    /** The message for the caller, or the problem's title when it is empty or looks like internals. */
    public static String safe(String message, Problem problem) {
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

    private Element detail(Problem problem, String message) {
        String namespace = detailElement.getNamespaceURI();
        Document document = DOMUtils.createDocument();
        Element detail = document.createElement("detail");
        Element fault = document.createElementNS(namespace, detailElement.getLocalPart());
        Element code = document.createElementNS(namespace, "code");
        code.setTextContent(problem.name());
        Element text = document.createElementNS(namespace, "message");
        text.setTextContent(message);
        fault.appendChild(code);
        fault.appendChild(text);
        detail.appendChild(fault);
        document.appendChild(detail);
        return detail;
    }
}
