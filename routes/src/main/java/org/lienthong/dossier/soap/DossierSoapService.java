package org.lienthong.dossier.soap;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;

import jakarta.jws.WebService;
import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.connector.soap.DossierContract;
import org.lienthong.connector.soap.dossier.contract.BatchResult;
import org.lienthong.connector.soap.dossier.contract.DossierFault;
import org.lienthong.connector.soap.dossier.contract.DossierFaultDetail;
import org.lienthong.connector.soap.dossier.contract.DossierPortType;
import org.lienthong.connector.soap.dossier.contract.SyncDossiers;
import org.lienthong.connector.soap.dossier.contract.UpdateProgress;
import org.lienthong.dossier.DossierDesk;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.lienthong.web.soap.SoapAuthentication;
import org.lienthong.web.soap.SoapFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dossier (TTHC) operations the bus serves over SOAP ({@code /services/dossier}, port type
 * {@code DossierPortType} of {@link DossierContract}): each call reports for the agency {@link SoapAuthentication}
 * identified from the API key, and its records are handed to the {@link DossierDesk} as {@link DossierEntry}s
 * (through {@link DossierSoapMapper}), which checks each on its own.
 *
 * <p>Batch semantics: when at least one record is accepted the answer lists the accepted and the rejected ones;
 * when none is, the call is refused with {@code INVALID_REQUEST} naming the first rejections, as the REST edge
 * answers 400. More than {@code maxRecords} records in one call is {@code PAYLOAD_TOO_LARGE}, none at all
 * {@code INVALID_REQUEST}; neither reaches the desk. Refusals ({@link ProblemException}, from here or from the desk)
 * become {@link DossierFault}s carrying the problem code; anything unexpected is logged here and answered as
 * {@code INTERNAL}, with nothing of the internals in the fault.
 *
 * <p>Personal data (the owner's name, id, e-mail and phone) travels to the desk; nothing here logs a record.
 */
@WebService(serviceName = "DossierService", portName = "DossierPort", targetNamespace = DossierContract.NAMESPACE,
        endpointInterface = "org.lienthong.connector.soap.dossier.contract.DossierPortType",
        wsdlLocation = DossierContract.WSDL_LOCATION)
public class DossierSoapService implements DossierPortType {

    /** Rejections named in the message of an all-rejected refusal; the rest are counted. */
    static final int REJECTIONS_NAMED = 5;

    private static final Logger log = LoggerFactory.getLogger(DossierSoapService.class);

    private final DossierDesk desk;
    private final DossierSoapMapper mapper;
    private final int maxRecords;

    /**
     * @param maxRecords most records (or progress updates) in one call
     */
    public DossierSoapService(DossierDesk desk, DossierSoapMapper mapper, int maxRecords) {
        this.desk = Objects.requireNonNull(desk, "desk");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1");
        }
        this.maxRecords = maxRecords;
    }

    @Override
    public BatchResult syncDossiers(SyncDossiers request) throws DossierFault {
        return call("syncDossiers", () -> {
            Agency reporter = SoapAuthentication.currentCaller();
            List<DossierEntry> records = mapper.records(sized(request == null ? List.of() : request.getHoSo(),
                    DossierContract.RECORD));
            return answer(desk::sync, reporter, records, "dossier record");
        });
    }

    @Override
    public BatchResult updateProgress(UpdateProgress request) throws DossierFault {
        return call("updateProgress", () -> {
            Agency reporter = SoapAuthentication.currentCaller();
            List<DossierEntry> updates = mapper.updates(sized(request == null ? List.of() : request.getTienDo(),
                    DossierContract.PROGRESS));
            return answer(desk::progress, reporter, updates, "progress update");
        });
    }

    // ------------------------------------------------------------------ helpers

    /** The request's elements, when there is at least one and at most {@code maxRecords}. */
    private <T> List<T> sized(List<T> elements, String element) {
        if (elements.isEmpty()) {
            throw new ProblemException(Problem.INVALID_REQUEST, "no " + element + " element: send at least one");
        }
        if (elements.size() > maxRecords) {
            throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, String.format(Locale.ROOT,
                    "%,d %s elements in one call; at most %,d are accepted, send the others in further calls",
                    elements.size(), element, maxRecords));
        }
        return elements;
    }

    private BatchResult answer(BiFunction<Agency, List<DossierEntry>, DossierDesk.BatchResult> handler,
                               Agency reporter, List<DossierEntry> entries, String what) {
        DossierDesk.BatchResult result = handler.apply(reporter, entries);
        if (result.accepted() == 0) {
            throw new ProblemException(Problem.INVALID_REQUEST, nothingAccepted(result, what));
        }
        return mapper.result(result);
    }

    /** "no dossier record was accepted: HoSo[0]: reason; HoSo[1]: reason; … and 3 more". */
    static String nothingAccepted(DossierDesk.BatchResult result, String what) {
        List<DossierDesk.Rejection> rejected = result.rejected() == null ? List.of() : result.rejected();
        StringBuilder message = new StringBuilder("no ").append(what).append(" was accepted");
        for (int i = 0; i < Math.min(rejected.size(), REJECTIONS_NAMED); i++) {
            DossierDesk.Rejection rejection = rejected.get(i);
            message.append(i == 0 ? ": " : "; ").append(rejection.where()).append(": ").append(rejection.reason());
        }
        if (rejected.size() > REJECTIONS_NAMED) {
            message.append("; and ").append(rejected.size() - REJECTIONS_NAMED).append(" more");
        }
        return message.toString();
    }

    /** One operation: refusals become faults with their code; anything else is logged and answered INTERNAL. */
    private static BatchResult call(String operation, Operation body) throws DossierFault {
        try {
            return body.run();
        } catch (ProblemException e) {
            // the message may quote a record's reason: only the code is logged here
            log.debug("SOAP {} refused: {}", operation, e.problem());
            throw fault(e.problem(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("SOAP {} failed", operation, e);
            throw fault(Problem.INTERNAL, "internal error; the call can be retried later");
        }
    }

    static DossierFault fault(Problem problem, String message) {
        DossierFaultDetail detail = new DossierFaultDetail();
        detail.setCode(problem.name());
        detail.setMessage(message == null || message.isBlank() ? problem.title() : message);
        return new DossierFault(detail.getMessage(), detail);
    }

    /** The problem a {@link DossierFault} of this service stands for, or null for any other throwable. */
    static ProblemException problemOf(Throwable error) {
        if (error instanceof DossierFault fault && fault.getFaultInfo() != null) {
            DossierFaultDetail info = fault.getFaultInfo();
            return new ProblemException(SoapFaults.problem(info.getCode()), info.getMessage());
        }
        return null;
    }

    @FunctionalInterface
    private interface Operation {
        BatchResult run();
    }
}
