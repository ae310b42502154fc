package org.lienthong.edoc.soap;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import jakarta.activation.DataHandler;
import jakarta.jws.WebService;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.connector.soap.contract.AgencyInfo;
import org.lienthong.connector.soap.contract.Edoc;
import org.lienthong.connector.soap.contract.EdocEntry;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocFaultDetail;
import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocReceipt;
import org.lienthong.connector.soap.contract.MailboxStatus;
import org.lienthong.connector.soap.contract.RecipientState;
import org.lienthong.connector.soap.contract.SentEdoc;
import org.lienthong.edoc.EdocMailbox;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.lienthong.web.soap.SoapAuthentication;
import org.lienthong.web.soap.SoapFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-Doc mailbox operations over SOAP ({@code /services/edoc}, contract {@link EdocContract}): each call acts
 * for the agency {@link SoapAuthentication} identified from the API key and is handed to {@link EdocMailbox}.
 * Refusals ({@link ProblemException}) become {@link EdocFault}s carrying the problem code; anything unexpected
 * is logged here and answered as {@code INTERNAL}, with nothing of the internals in the fault.
 *
 * <p>Packages are streams end to end: the received MTOM attachment (spooled to disk by CXF past a small
 * threshold) is passed to the mailbox as a stream, capped at the configured package size; a fetched package
 * goes out as a streaming attachment of {@link EdocMailbox.EdocContent#body()}.
 */
@WebService(serviceName = "EdocService", portName = "EdocPort", targetNamespace = EdocContract.NAMESPACE,
        endpointInterface = "org.lienthong.connector.soap.contract.EdocPortType",
        wsdlLocation = EdocContract.WSDL_LOCATION)
public class EdocSoapService implements EdocPortType {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_REASON = 2000;

    private static final Logger log = LoggerFactory.getLogger(EdocSoapService.class);

    private final EdocMailbox mailbox;
    private final RegistryService registry;
    private final long maxPackageBytes;

    /**
     * @param mailbox         the e-Doc operations
     * @param registry        for {@code getAgenciesList}
     * @param maxPackageBytes largest package or status packet accepted
     */
    public EdocSoapService(EdocMailbox mailbox, RegistryService registry, long maxPackageBytes) {
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.maxPackageBytes = maxPackageBytes;
    }

    @Override
    public EdocReceipt sendEdoc(DataHandler edxml) throws EdocFault {
        return call("sendEdoc", () -> {
            Agency sender = SoapAuthentication.currentCaller();
            try (InputStream in = attachment(edxml)) {
                return receipt(mailbox.send(sender, in));
            }
        });
    }

    @Override
    public EdocReceipt sendStatus(DataHandler edxml) throws EdocFault {
        return call("sendStatus", () -> {
            Agency sender = SoapAuthentication.currentCaller();
            try (InputStream in = attachment(edxml)) {
                return receipt(mailbox.sendStatus(sender, in));
            }
        });
    }

    @Override
    public List<EdocEntry> getReceivedEdocList(Integer limit) throws EdocFault {
        return call("getReceivedEdocList", () -> {
            Agency recipient = SoapAuthentication.currentCaller();
            List<EdocEntry> entries = new ArrayList<>();
            for (EdocMailbox.EdocEntry entry : mailbox.received(recipient, limit(limit))) {
                entries.add(entry(entry));
            }
            return entries;
        });
    }

    @Override
    public Edoc getEdoc(String messageId) throws EdocFault {
        return call("getEdoc", () -> {
            Agency recipient = SoapAuthentication.currentCaller();
            EdocMailbox.EdocContent content = mailbox.fetch(recipient, required(messageId, "messageId"));
            Edoc edoc = new Edoc();
            edoc.setEntry(entry(content.entry()));
            // CXF writes the attachment from this stream after we return, and closes it when done
            edoc.setEdxml(new DataHandler(new StreamDataSource(content.body(), content.entry().messageId())));
            return edoc;
        });
    }

    @Override
    public List<SentEdoc> getSentEdocList(Instant since, Integer limit) throws EdocFault {
        return call("getSentEdocList", () -> {
            Agency sender = SoapAuthentication.currentCaller();
            List<SentEdoc> sent = new ArrayList<>();
            Instant from = since == null ? Instant.EPOCH : since; // absent: everything
            for (EdocMailbox.EdocSent message : mailbox.sent(sender, from, limit(limit))) {
                SentEdoc item = new SentEdoc();
                item.setMessageId(message.messageId());
                item.setType(message.type());
                item.setDocumentId(message.documentId());
                item.setSubject(message.subject());
                item.setCreatedAt(message.createdAt());
                for (EdocMailbox.RecipientState state : message.recipients()) {
                    RecipientState recipient = new RecipientState();
                    recipient.setTo(state.to());
                    recipient.setDelivery(state.delivery());
                    recipient.setBusinessStatus(state.businessStatus());
                    item.getRecipient().add(recipient);
                }
                sent.add(item);
            }
            return sent;
        });
    }

    @Override
    public void updateStatus(String messageId, MailboxStatus status, String reason) throws EdocFault {
        call("updateStatus", () -> {
            Agency recipient = SoapAuthentication.currentCaller();
            if (status == null) {
                throw new ProblemException(Problem.INVALID_REQUEST, "status must be done, fail or processing");
            }
            if (reason != null && reason.length() > MAX_REASON) {
                throw new ProblemException(Problem.INVALID_REQUEST,
                        "reason must be at most " + MAX_REASON + " characters");
            }
            mailbox.updateStatus(recipient, required(messageId, "messageId"),
                    EdocMailbox.MailboxStatus.valueOf(status.name()), reason);
            return null;
        });
    }

    @Override
    public List<AgencyInfo> getAgenciesList() throws EdocFault {
        return call("getAgenciesList", () -> {
            SoapAuthentication.currentCaller();
            List<AgencyInfo> agencies = new ArrayList<>();
            for (Agency agency : registry.current().all()) {
                AgencyInfo info = new AgencyInfo();
                info.setCode(agency.code());
                info.setName(agency.name());
                agency.accepts().stream().map(MessageType::wireName).sorted().forEach(info.getAccepts()::add);
                info.setConnector(agency.delivery().connector());
                agencies.add(info);
            }
            return agencies;
        });
    }

    // ------------------------------------------------------------------ helpers

    private InputStream attachment(DataHandler edxml) throws IOException {
        if (edxml == null) {
            throw new ProblemException(Problem.INVALID_REQUEST, "edxml is missing: send the package as an MTOM attachment");
        }
        return new CappedInputStream(edxml.getInputStream(), maxPackageBytes);
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

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(Problem.INVALID_REQUEST, name + " is required");
        }
        return value.trim();
    }

    private static EdocReceipt receipt(EdocMailbox.EdocReceipt receipt) {
        EdocReceipt answer = new EdocReceipt();
        answer.setMessageId(receipt.messageId());
        answer.setDocumentId(receipt.documentId());
        answer.getRecipient().addAll(receipt.recipients());
        answer.setDuplicate(receipt.duplicate());
        return answer;
    }

    private static EdocEntry entry(EdocMailbox.EdocEntry entry) {
        EdocEntry answer = new EdocEntry();
        answer.setMessageId(entry.messageId());
        answer.setType(entry.type());
        answer.setFrom(entry.from());
        answer.setDocumentId(entry.documentId());
        answer.setSubject(entry.subject());
        answer.setCreatedAt(entry.createdAt());
        answer.setSize(entry.size());
        return answer;
    }

    /** One operation: refusals become faults with their code; anything else is logged and answered INTERNAL. */
    private static <T> T call(String operation, Operation<T> body) throws EdocFault {
        try {
            return body.run();
        } catch (ProblemException e) {
            log.debug("SOAP {} refused: {} {}", operation, e.problem(), e.getMessage());
            throw fault(e.problem(), e.getMessage());
        } catch (IOException e) {
            // reading the caller's attachment failed: it ended early or was cut off
            log.debug("SOAP {}: the attachment could not be read", operation, e);
            throw fault(Problem.INVALID_REQUEST, "the edxml attachment could not be read completely");
        } catch (RuntimeException e) {
            log.error("SOAP {} failed", operation, e);
            throw fault(Problem.INTERNAL, "internal error; the call can be retried later");
        }
    }

    /** The problem an {@link EdocFault} of this service stands for, or null for any other throwable. */
    static ProblemException problemOf(Throwable error) {
        if (error instanceof EdocFault fault && fault.getFaultInfo() != null) {
            EdocFaultDetail info = fault.getFaultInfo();
            return new ProblemException(SoapFaults.problem(info.getCode()), info.getMessage());
        }
        return null;
    }

    static EdocFault fault(Problem problem, String message) {
        EdocFaultDetail detail = new EdocFaultDetail();
        detail.setCode(problem.name());
        detail.setMessage(message == null || message.isBlank() ? problem.title() : message);
        return new EdocFault(detail.getMessage(), detail);
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws IOException;
    }

    /** Refuses a package past the size limit, while the mailbox reads it. */
    static final class CappedInputStream extends java.io.FilterInputStream {
        private final long max;
        private long count;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            count += n;
            if (count > max) {
                throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "the package is larger than "
                        + String.format(Locale.ROOT, "%,d", max) + " bytes");
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** A one-shot streaming source for an outgoing attachment. */
    static final class StreamDataSource implements jakarta.activation.DataSource {
        private final InputStream body;
        private final String name;

        StreamDataSource(InputStream body, String name) {
            this.body = body;
            this.name = name;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public java.io.OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            return EdocContract.ATTACHMENT_CONTENT_TYPE;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
