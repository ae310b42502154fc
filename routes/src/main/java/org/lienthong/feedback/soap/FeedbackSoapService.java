package org.lienthong.feedback.soap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.jws.WebService;
import org.lienthong.connector.soap.FeedbackContract;
import org.lienthong.connector.soap.feedback.contract.Attachment;
import org.lienthong.connector.soap.feedback.contract.FeedbackFault;
import org.lienthong.connector.soap.feedback.contract.FeedbackFaultDetail;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackState;
import org.lienthong.feedback.Feedback;
import org.lienthong.feedback.FeedbackDesk;
import org.lienthong.registry.Agency;
import org.lienthong.registry.Role;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.lienthong.web.soap.SoapAuthentication;
import org.lienthong.web.soap.SoapFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feedback (PAKN) operations the bus serves over SOAP ({@code /services/feedback}, port type
 * {@code FeedbackPortType} of {@link FeedbackContract}): each call acts for the agency {@link SoapAuthentication}
 * identified from the API key and is handed to the {@link FeedbackDesk}, through {@link FeedbackSoapMapper}.
 * Refusals ({@link ProblemException}, from here or from the desk) become {@link FeedbackFault}s carrying the problem
 * code; anything unexpected is logged here and answered as {@code INTERNAL}, with nothing of the internals in the
 * fault.
 *
 * <p>Who may do what: any agency lists, acknowledges and replies to what the desk routed to it (the desk checks
 * the item is the caller's); only an agency with the {@code portal} role submits; an item's state is shown to the
 * portal that submitted it, its handling agency and {@code pakn-system} agencies — to anyone else the item does
 * not exist ({@code NOT_FOUND}).
 *
 * <p>Personal data: listed items carry the citizen's contact details to the handling agency, which needs them;
 * nothing here logs an item or a reply.
 */
@WebService(serviceName = "FeedbackService", portName = "FeedbackPort", targetNamespace = FeedbackContract.NAMESPACE,
        endpointInterface = "org.lienthong.connector.soap.feedback.contract.FeedbackPortType",
        wsdlLocation = FeedbackContract.WSDL_LOCATION)
public class FeedbackSoapService implements FeedbackPortType {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_ID = 128;

    private static final Logger log = LoggerFactory.getLogger(FeedbackSoapService.class);

    private final FeedbackDesk desk;
    private final FeedbackSoapMapper mapper;

    public FeedbackSoapService(FeedbackDesk desk, FeedbackSoapMapper mapper) {
        this.desk = Objects.requireNonNull(desk, "desk");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public FeedbackState submitFeedback(FeedbackItem feedback) throws FeedbackFault {
        return call("submitFeedback", () -> {
            Agency portal = SoapAuthentication.currentCaller();
            if (!portal.hasRole(Role.PORTAL)) {
                throw new ProblemException(Problem.FORBIDDEN, "only an agency with the portal role submits feedback");
            }
            if (feedback == null) {
                throw new ProblemException(Problem.INVALID_REQUEST, "feedback is required");
            }
            id(feedback.getId(), "feedback id");
            required(feedback.getTitle(), "title");
            required(feedback.getContent(), "content");
            return mapper.state(desk.submit(portal, mapper.feedback(feedback)));
        });
    }

    @Override
    public List<FeedbackItem> getReceivedFeedbackList(Integer limit) throws FeedbackFault {
        return call("getReceivedFeedbackList", () -> {
            Agency handler = SoapAuthentication.currentCaller();
            List<FeedbackItem> items = new ArrayList<>();
            for (Feedback feedback : desk.waiting(handler, limit(limit))) {
                items.add(mapper.item(feedback, stateOrNull(feedback.id())));
            }
            return items;
        });
    }

    @Override
    public void acknowledgeFeedback(String feedbackId) throws FeedbackFault {
        call("acknowledgeFeedback", () -> {
            Agency handler = SoapAuthentication.currentCaller();
            desk.acknowledge(handler, id(feedbackId, "feedbackId"));
            return null;
        });
    }

    @Override
    public FeedbackState replyFeedback(String feedbackId, String responder, String content, List<Attachment> attachment)
            throws FeedbackFault {
        return call("replyFeedback", () -> {
            Agency handler = SoapAuthentication.currentCaller();
            String id = id(feedbackId, "feedbackId");
            required(responder, "responder");
            required(content, "content");
            return mapper.state(desk.reply(handler, id, mapper.reply(responder.strip(), content, attachment)));
        });
    }

    @Override
    public FeedbackState getFeedbackState(String feedbackId) throws FeedbackFault {
        return call("getFeedbackState", () -> {
            Agency caller = SoapAuthentication.currentCaller();
            String id = id(feedbackId, "feedbackId");
            FeedbackDesk.FeedbackState state = desk.state(id);
            if (!mayRead(caller, state)) {
                throw new ProblemException(Problem.NOT_FOUND, "no feedback item " + id);
            }
            return mapper.state(state);
        });
    }

    // ------------------------------------------------------------------ helpers

    /** The portal that submitted the item, its handling agency and the PAKN reporting system may follow it. */
    static boolean mayRead(Agency caller, FeedbackDesk.FeedbackState state) {
        return caller.code().equals(state.portal()) || caller.code().equals(state.handlingAgency())
                || caller.hasRole(Role.PAKN_SYSTEM);
    }

    /** The portal and deadline of a listed item, when the desk can tell; the item is listed either way. */
    private FeedbackDesk.FeedbackState stateOrNull(String id) {
        try {
            return desk.state(id);
        } catch (ProblemException e) {
            return null;
        }
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(Problem.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    private static String id(String value, String name) {
        String id = required(value, name);
        if (id.length() > MAX_ID) {
            throw new ProblemException(Problem.INVALID_REQUEST, name + " must be at most " + MAX_ID + " characters");
        }
        return id;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(Problem.INVALID_REQUEST, name + " is required");
        }
        return value.strip();
    }

    /** One operation: refusals become faults with their code; anything else is logged and answered INTERNAL. */
    private static <T> T call(String operation, Operation<T> body) throws FeedbackFault {
        try {
            return body.run();
        } catch (ProblemException e) {
            log.debug("SOAP {} refused: {} {}", operation, e.problem(), e.getMessage());
            throw fault(e.problem(), e.getMessage());
        } catch (IOException e) {
            // reading the caller's attachment failed: it ended early or was cut off
            log.debug("SOAP {}: an attachment could not be read", operation, e);
            throw fault(Problem.INVALID_REQUEST, "an attachment could not be read completely");
        } catch (RuntimeException e) {
            log.error("SOAP {} failed", operation, e);
            throw fault(Problem.INTERNAL, "internal error; the call can be retried later");
        }
    }

    static FeedbackFault fault(Problem problem, String message) {
        FeedbackFaultDetail detail = new FeedbackFaultDetail();
        detail.setCode(problem.name());
        detail.setMessage(message == null || message.isBlank() ? problem.title() : message);
        return new FeedbackFault(detail.getMessage(), detail);
    }

    /** The problem a {@link FeedbackFault} of this service stands for, or null for any other throwable. */
    static ProblemException problemOf(Throwable error) {
        if (error instanceof FeedbackFault fault && fault.getFaultInfo() != null) {
            FeedbackFaultDetail info = fault.getFaultInfo();
            return new ProblemException(SoapFaults.problem(info.getCode()), info.getMessage());
        }
        return null;
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws IOException;
    }
}
