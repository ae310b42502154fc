package org.lienthong.edoc.soap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lienthong.edoc.EdocMailbox;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * An in-memory {@link EdocMailbox} for the SOAP edge's tests: it reads the recipients ({@code To/OrganId}),
 * {@code DocumentId} and {@code Subject} of a package with regular expressions, keeps the bytes, and records
 * how the edge called it. Markers in the package make it refuse ({@code !INVALID-SIGNATURE!}) or fail
 * ({@code !BOOM!}, characters base64 never has).
 */
final class FakeEdocMailbox implements EdocMailbox {

    private static final Pattern TO = Pattern.compile("<To>\\s*<OrganId>([^<]+)</OrganId>");
    private static final Pattern RESPONSE_FOR = Pattern.compile("<ResponseFor>\\s*<OrganId>([^<]+)</OrganId>");
    private static final Pattern DOCUMENT_ID = Pattern.compile("<DocumentId>([^<]+)</DocumentId>");
    private static final Pattern SUBJECT = Pattern.compile("<Subject>([^<]+)</Subject>");

    /** One stored message. */
    record Stored(String messageId, String type, String from, List<String> to, String documentId, String subject,
                  Instant createdAt, byte[] bytes, Map<String, String> delivery, Map<String, String> acknowledgement) {
    }

    /** How the edge handed over a package. */
    record SendCall(String sender, String streamType, long bytesRead) {
    }

    private final Clock clock;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    final List<SendCall> sendCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger openBodies = new AtomicInteger();
    final List<String> acknowledgements = new CopyOnWriteArrayList<>();

    FakeEdocMailbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public EdocReceipt send(Agency sender, InputStream edxml) {
        return accept(sender, edxml, "edoc", TO);
    }

    @Override
    public EdocReceipt sendStatus(Agency sender, InputStream edxml) {
        return accept(sender, edxml, "edoc-status", RESPONSE_FOR);
    }

    private synchronized EdocReceipt accept(Agency sender, InputStream edxml, String type, Pattern recipients) {
        calls.incrementAndGet();
        byte[] bytes;
        try {
            bytes = edxml.readAllBytes();
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "the package could not be read");
        }
        sendCalls.add(new SendCall(sender.code(), edxml.getClass().getSimpleName(), bytes.length));
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("!INVALID-SIGNATURE!")) {
            throw new ProblemException(Problem.INVALID_SIGNATURE, "Chữ ký số của gói tin không hợp lệ");
        }
        if (text.contains("!BOOM!")) {
            throw new IllegalStateException("com.example.internal.Store failed writing /var/lib/lienthong/content/x");
        }
        List<String> to = all(recipients, text);
        if (to.isEmpty()) {
            throw new ProblemException(Problem.INVALID_MESSAGE, "the package names no recipient");
        }
        String id = UUID.randomUUID().toString();
        Map<String, String> delivery = new LinkedHashMap<>();
        to.forEach(code -> delivery.put(code, "QUEUED"));
        messages.put(id, new Stored(id, type, sender.code(), to, first(DOCUMENT_ID, text), first(SUBJECT, text),
                clock.instant(), bytes, delivery, new LinkedHashMap<>()));
        return new EdocReceipt(id, first(DOCUMENT_ID, text), to, false);
    }

    @Override
    public synchronized List<EdocEntry> received(Agency recipient, int limit) {
        calls.incrementAndGet();
        return messages.values().stream()
                .filter(m -> "QUEUED".equals(m.delivery().get(recipient.code())))
                .limit(limit)
                .map(FakeEdocMailbox::entry)
                .toList();
    }

    @Override
    public synchronized EdocContent fetch(Agency recipient, String messageId) {
        calls.incrementAndGet();
        Stored stored = messages.get(messageId);
        if (stored == null || !stored.to().contains(recipient.code())) {
            throw new ProblemException(Problem.NOT_FOUND, "no such message in your mailbox");
        }
        openBodies.incrementAndGet();
        InputStream body = new ByteArrayInputStream(stored.bytes()) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    openBodies.decrementAndGet();
                }
                super.close();
            }
        };
        return new EdocContent(entry(stored), body);
    }

    @Override
    public synchronized void updateStatus(Agency recipient, String messageId, MailboxStatus status, String reason) {
        calls.incrementAndGet();
        Stored stored = messages.get(messageId);
        if (stored == null || !stored.to().contains(recipient.code())) {
            throw new ProblemException(Problem.NOT_FOUND, "no such message in your mailbox");
        }
        acknowledgements.add(messageId + " " + recipient.code() + " " + status + (reason == null ? "" : " " + reason));
        if (status != MailboxStatus.PROCESSING) {
            stored.delivery().put(recipient.code(), status == MailboxStatus.DONE ? "DELIVERED" : "DEAD");
        }
    }

    @Override
    public synchronized List<EdocSent> sent(Agency sender, Instant since, int limit) {
        calls.incrementAndGet();
        List<EdocSent> sent = new ArrayList<>();
        messages.values().stream()
                .filter(m -> m.from().equals(sender.code()))
                .filter(m -> since == null || !m.createdAt().isBefore(since))
                .sorted(Comparator.comparing(Stored::createdAt).reversed())
                .limit(limit)
                .forEach(m -> sent.add(new EdocSent(m.messageId(), m.type(), m.documentId(), m.subject(), m.createdAt(),
                        m.to().stream().map(to -> new RecipientState(to, m.delivery().get(to), null)).toList())));
        return sent;
    }

    private static EdocEntry entry(Stored m) {
        return new EdocEntry(m.messageId(), m.type(), m.from(), m.documentId(), m.subject(), m.createdAt(),
                m.bytes().length);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1).trim());
        }
        return found;
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1).trim() : null;
    }
}
