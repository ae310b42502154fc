package org.lienthong.edoc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.lienthong.connector.Payload;
import org.lienthong.messages.Acceptance;
import org.lienthong.messages.MessageAcceptor;
import org.lienthong.messages.MessageValidator;
import org.lienthong.messages.Submission;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailViews;
import org.lienthong.trail.TrailWriter;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * The e-Doc exchange (letter 1907/TTg-KGVX): checks an edXML package or status packet — structure, sender,
 * signature, recipients — and hands it to the bus unchanged, with its links to earlier documents and the
 * business statuses recipients report. Every edge (REST, SOAP, outbox folders) goes through here.
 *
 * <p>A package is streamed to a staging file (never held in memory), checked there, and on acceptance moved
 * into the content store once, however many recipients it has. Its bus message id is derived from its bytes,
 * so sending the same package again is recognised and answered like the first time.
 */
public final class EdocService implements EdocMailbox {

    private final ContentStore contentStore;
    private final EdocInspector inspector;
    private final EdocSignatures signatures;
    private final RegistryService registry;
    private final MessageAcceptor acceptor;
    private final TrailRepository trailRepository;
    private final TrailWriter trail;
    private final EdocRepository repository;
    private final Clock clock;
    private final long maxBytes;

    public EdocService(ContentStore contentStore, EdocInspector inspector, EdocSignatures signatures,
                       RegistryService registry, MessageAcceptor acceptor, TrailRepository trailRepository,
                       TrailWriter trail, EdocRepository repository, Clock clock, long maxBytes) {
        this.contentStore = contentStore;
        this.inspector = inspector;
        this.signatures = signatures;
        this.registry = registry;
        this.acceptor = acceptor;
        this.trailRepository = trailRepository;
        this.trail = trail;
        this.repository = repository;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** A received body on disk (synced), with its size and SHA-256. */
    public record Staged(Path file, long size, String sha256) {
    }

    // ------------------------------------------------------------------ sending

    @Override
    public EdocReceipt send(Agency sender, InputStream edxml) {
        Staged staged = stage(edxml);
        try {
            return accept(sender, staged, EdocPackage.Kind.DOCUMENT);
        } finally {
            discard(staged);
        }
    }

    @Override
    public EdocReceipt sendStatus(Agency sender, InputStream edxml) {
        Staged staged = stage(edxml);
        try {
            return accept(sender, staged, EdocPackage.Kind.STATUS);
        } finally {
            discard(staged);
        }
    }

    /** Streams a body to a staging file, refusing it once it exceeds the limit. */
    public Staged stage(InputStream in) {
        Path file = contentStore.stagingFile();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "The package exceeds " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (size == 0) {
                throw new ProblemException(Problem.INVALID_XML, "The body is empty");
            }
            ContentStore.sync(file);
            return new Staged(file, size, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new ProblemException(Problem.INVALID_REQUEST, "The package could not be received completely");
        } catch (NoSuchAlgorithmException e) {
            deleteQuietly(file);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** Removes a staged file unless it was moved into the content store. */
    public void discard(Staged staged) {
        deleteQuietly(staged.file());
    }

    /**
     * Checks and accepts a staged package from the authenticated sender; {@code expected} is the kind the
     * edge takes, or null for either (outbox folders).
     */
    public EdocReceipt accept(Agency sender, Staged staged, EdocPackage.Kind expected) {
        EdocPackage edoc = inspector.inspect(staged.file());
        if (expected != null && edoc.kind() != expected) {
            throw new ProblemException(Problem.INVALID_MESSAGE, expected == EdocPackage.Kind.DOCUMENT
                    ? "This is an edXML status packet; send it to /api/v1/edoc/status (or sendStatus)"
                    : "This is an edXML document package, not a status packet; send it to /api/v1/edoc (or sendEdoc)");
        }
        if (!sender.code().equals(edoc.from())) {
            throw new ProblemException(Problem.FORBIDDEN, "From/OrganId '" + edoc.from()
                    + "' is not the authenticated agency " + sender.code());
        }
        signatures.check(staged.file(), sender);

        MessageType type = edoc.kind() == EdocPackage.Kind.DOCUMENT ? MessageType.EDOC : MessageType.EDOC_STATUS;
        List<Agency> recipients = MessageValidator.resolveRecipients(edoc.to(), type, registry.current());
        String original = originalOf(edoc);
        String id = (edoc.kind() == EdocPackage.Kind.DOCUMENT ? "edoc-" : "edst-") + staged.sha256().substring(0, 40);
        String conversation = edoc.documentId().length() <= 200 ? edoc.documentId() : edoc.documentId().substring(0, 200);
        Submission submission = new Submission(id, true, type, sender, recipients, conversation, subject(edoc),
                "application/xml", new Payload.InFile(staged.file(), staged.size()));
        Acceptance acceptance = acceptor.accept(submission);

        Instant now = clock.instant();
        repository.record(new EdocRepository.EdocRow(id, edoc.kind(), sender.code(), edoc.documentId(),
                edoc.kind() == EdocPackage.Kind.DOCUMENT ? edoc.businessType() : null, edoc.statusCode(), original, now));
        if (!acceptance.duplicate() && original != null) {
            linkToOriginal(edoc, sender, id, original, now);
        }
        return new EdocReceipt(id, edoc.documentId(), recipients.stream().map(Agency::code).toList(),
                acceptance.duplicate());
    }

    /** The document a revocation, update, replacement or status packet refers to, if the bus carried it. */
    private String originalOf(EdocPackage edoc) {
        if (edoc.kind() == EdocPackage.Kind.STATUS) {
            return edoc.to().isEmpty() ? null
                    : repository.originalDocument(edoc.documentId(), edoc.to().get(0)).orElse(null);
        }
        if (edoc.businessType() == 0) {
            return null;
        }
        String target = edoc.businessType() == 3 && !edoc.replacedDocuments().isEmpty()
                ? edoc.replacedDocuments().get(0) : edoc.documentId();
        return repository.originalDocument(target, edoc.from()).orElse(null);
    }

    private void linkToOriginal(EdocPackage edoc, Agency sender, String id, String original, Instant now) {
        TrailEvent note;
        if (edoc.kind() == EdocPackage.Kind.STATUS) {
            repository.recordStatus(original, sender.code(), edoc.statusCode(), edoc.subject(), id, now);
            note = new TrailEvent.Noted(original, sender.code(), "STATUS_" + edoc.statusCode(),
                    EdocStatusCodes.meaning(edoc.statusCode()) + " (status packet " + id + ")", now);
        } else {
            note = new TrailEvent.Noted(original, null, edoc.businessTypeName().toUpperCase(java.util.Locale.ROOT),
                    "by document package " + id, now);
        }
        record(note);
    }

    private static String subject(EdocPackage edoc) {
        String subject = edoc.kind() == EdocPackage.Kind.STATUS
                ? "Trạng thái " + edoc.statusCode() + ": " + (edoc.subject() == null ? "" : edoc.subject())
                : edoc.subject();
        if (subject == null || subject.isBlank()) {
            return null;
        }
        subject = subject.replaceAll("\\p{Cntrl}", " ").strip();
        return subject.length() <= 1000 ? subject : subject.substring(0, 999) + "…";
    }

    // ------------------------------------------------------------------ mailbox

    @Override
    public List<EdocEntry> received(Agency recipient, int limit) {
        return repository.received(recipient.code(), Math.min(Math.max(limit, 1), 1000));
    }

    @Override
    public EdocContent fetch(Agency recipient, String messageId) {
        TrailViews.MailboxItem item = waiting(recipient, messageId);
        TrailViews.MailboxEntry e = item.entry();
        String documentId = repository.find(messageId).map(EdocRepository.EdocRow::documentId).orElse(null);
        EdocEntry entry = new EdocEntry(e.id(), e.type(), e.from(), documentId, e.subject(), e.createdAt(), e.size());
        try {
            InputStream body = item.payload() != null ? new ByteArrayInputStream(item.payload())
                    : Files.newInputStream(contentStore.resolve(item.contentRef()));
            return new EdocContent(entry, body);
        } catch (IOException e2) {
            throw new UncheckedIOException(e2);
        }
    }

    @Override
    public void updateStatus(Agency recipient, String messageId, MailboxStatus status, String reason) {
        waiting(recipient, messageId);
        int attempts = trailRepository.delivery(messageId, recipient.code()).map(TrailViews.DeliveryView::attempts).orElse(0);
        Instant now = clock.instant();
        String why = reason == null || reason.isBlank() ? "" : ": " + reason.strip();
        record(switch (status) {
            case DONE -> new TrailEvent.DeliveryChanged(TrailEvent.Change.ACKNOWLEDGED, messageId, recipient.code(),
                    attempts, "acknowledged by the recipient (done)" + why, now, null);
            case FAIL -> new TrailEvent.DeliveryChanged(TrailEvent.Change.DEAD, messageId, recipient.code(),
                    attempts, "the recipient reported it could not process the package" + why, now, null);
            case PROCESSING -> new TrailEvent.Noted(messageId, recipient.code(), "PROCESSING",
                    "the recipient is processing it" + why, now);
        });
    }

    private TrailViews.MailboxItem waiting(Agency recipient, String messageId) {
        TrailViews.MailboxItem item = trailRepository.mailboxItem(recipient.code(), messageId)
                .filter(i -> i.entry().type().startsWith("edoc"))
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND, "No e-Doc message '" + messageId
                        + "' in your mailbox"));
        if (item.acknowledged()) {
            throw new ProblemException(Problem.NOT_FOUND, "Message '" + messageId + "' was already acknowledged");
        }
        return item;
    }

    @Override
    public List<EdocSent> sent(Agency sender, Instant since, int limit) {
        List<EdocSent> sent = new ArrayList<>();
        for (EdocEntry e : repository.sent(sender.code(), since == null ? Instant.EPOCH : since,
                Math.min(Math.max(limit, 1), 1000))) {
            Map<String, EdocRepository.BusinessStatus> statuses = repository.statuses(e.messageId());
            List<RecipientState> states = new ArrayList<>();
            for (TrailViews.DeliveryView d : trailRepository.deliveries(e.messageId())) {
                EdocRepository.BusinessStatus status = statuses.get(d.to());
                states.add(new RecipientState(d.to(), d.status().name(), status == null ? null : status.code()));
            }
            sent.add(new EdocSent(e.messageId(), e.type(), e.documentId(), e.subject(), e.createdAt(), states));
        }
        return sent;
    }

    private void record(TrailEvent event) {
        try {
            trail.submit(event).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.UNAVAILABLE, "Interrupted; try again");
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(Problem.UNAVAILABLE, "The trail is unavailable; try again");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover staging file is removed with the next clean-up
        }
    }
}
