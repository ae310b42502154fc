package org.lienthong.dossier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lienthong.connector.Payload;
import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.connector.dossier.DossierRecord;
import org.lienthong.connector.dossier.DossierRecords;
import org.lienthong.connector.dossier.PortalDossierMapper;
import org.lienthong.messages.MessageAcceptor;
import org.lienthong.messages.MessageValidator;
import org.lienthong.messages.Submission;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.registry.Role;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dossier (TTHC) desk: validates each entry on its own ({@link DossierRecords}), sends every good one as its
 * own {@code dossier} message in the portal's JSON ({@link PortalDossierMapper}) to every {@code portal} and
 * {@code pakn-system} agency that accepts dossiers, and keeps the dossier's latest state for the statistics.
 *
 * <p>A record is accepted once its message is durable (the same guarantee as a 202 for any message), then its
 * state is saved. The message id is derived from the reporter and the record's content, so a batch sent again
 * (after a timeout, a 503, or a file dropped twice) is answered like the first time and nothing is delivered twice;
 * a changed record is a new message. Messages of one dossier share a conversation, so they are delivered in
 * order.
 */
public final class DossierService implements DossierDesk {

    private static final Logger log = LoggerFactory.getLogger(DossierService.class);

    private final MessageAcceptor acceptor;
    private final RegistryService registry;
    private final DossierRepository repository;
    private final DossierRecords records;
    private final ObjectMapper json;
    private final int maxBatch;
    private final Clock clock;

    public DossierService(MessageAcceptor acceptor, RegistryService registry, DossierRepository repository,
                          DossierRecords records, ObjectMapper json, int maxBatch, Clock clock) {
        this.acceptor = acceptor;
        this.registry = registry;
        this.repository = repository;
        this.records = records;
        this.json = json;
        this.maxBatch = maxBatch;
        this.clock = clock;
    }

    @Override
    public BatchResult sync(Agency reporter, List<DossierEntry> entries) {
        return apply(reporter, entries, DossierRecord.Kind.RECORD);
    }

    @Override
    public BatchResult progress(Agency reporter, List<DossierEntry> entries) {
        return apply(reporter, entries, DossierRecord.Kind.PROGRESS);
    }

    /** Validates and applies a batch of either kind. */
    public BatchResult apply(Agency reporter, List<DossierEntry> entries, DossierRecord.Kind kind) {
        if (entries.isEmpty()) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The batch has no "
                    + (kind == DossierRecord.Kind.RECORD ? "dossier records" : "progress updates"));
        }
        if (entries.size() > maxBatch) {
            throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "A batch holds at most " + maxBatch
                    + " entries (lienthong.dossier.max-batch); this one has " + entries.size() + ": split it");
        }
        List<Agency> recipients = recipients(reporter);
        List<String> messageIds = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            DossierEntry entry = entries.get(i);
            DossierRecords.Outcome outcome = records.check(entry, kind);
            if (!outcome.ok()) {
                rejected.add(new Rejection(i, entry.key(), entry.where(), outcome.reason()));
                continue;
            }
            messageIds.add(send(reporter, outcome.record(), recipients));
        }
        log.info("Dossier {} batch from {}: {} accepted, {} rejected", kind == DossierRecord.Kind.RECORD ? "record"
                : "progress", reporter.code(), messageIds.size(), rejected.size());
        return new BatchResult(messageIds.size(), messageIds, rejected);
    }

    /** Every portal and PAKN system that accepts dossiers, other than the reporter. */
    private List<Agency> recipients(Agency reporter) {
        List<Agency> recipients = new ArrayList<>();
        for (Agency agency : registry.current().all()) {
            if ((agency.hasRole(Role.PORTAL) || agency.hasRole(Role.PAKN_SYSTEM)) && agency.accepts(MessageType.DOSSIER)
                    && !agency.code().equals(reporter.code())) {
                recipients.add(agency);
            }
        }
        if (recipients.isEmpty()) {
            throw new ProblemException(Problem.UNKNOWN_RECIPIENT, "No agency with the role portal or pakn-system "
                    + "accepts dossiers; ask the operators to register one");
        }
        return recipients;
    }

    private String send(Agency reporter, DossierRecord record, List<Agency> recipients) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(PortalDossierMapper.message(reporter.code(), record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a dossier message", e);
        }
        String dossierRef = MessageValidator.ID.matcher(record.maHoSo()).matches() && record.maHoSo().length() <= 60
                ? record.maHoSo() : digest(record.maHoSo().getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        String id = "tthc-" + digest(reporter.code().getBytes(StandardCharsets.UTF_8), body).substring(0, 40);
        String subject = (record.kind() == DossierRecord.Kind.RECORD ? "Hồ sơ " : "Tiến độ hồ sơ ") + record.maHoSo()
                + " — " + record.status().name();
        acceptor.accept(new Submission(id, true, MessageType.DOSSIER, reporter, recipients,
                "tthc-" + reporter.code() + "-" + dossierRef, subject, "application/json", Payload.of(body)));
        save(reporter, record);
        return id;
    }

    private void save(Agency reporter, DossierRecord record) {
        if (record.kind() == DossierRecord.Kind.RECORD) {
            repository.save(new DossierRepository.DossierState(reporter.code(), record.maHoSo(), record.maTTHC(),
                    record.tenTTHC() == null || record.tenTTHC().length() <= 1000 ? record.tenTTHC()
                            : record.tenTTHC().substring(0, 1000), record.receivedAt().toInstant(),
                    record.dueAt() == null ? null : record.dueAt().toInstant(),
                    record.resolvedAt() == null ? null : record.resolvedAt().toInstant(), record.status().code()),
                    clock.instant());
        } else if (record.status().resolved()) {
            repository.resolve(reporter.code(), record.maHoSo(), record.at().toInstant(), record.status().code(),
                    clock.instant());
        } else {
            repository.status(reporter.code(), record.maHoSo(), record.status().code(), clock.instant());
        }
    }

    private static String digest(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
