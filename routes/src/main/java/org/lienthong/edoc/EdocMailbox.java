package org.lienthong.edoc;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import org.lienthong.registry.Agency;
import org.lienthong.web.ProblemException;

/**
 * The e-Doc operations every edge offers (REST {@code /api/v1/edoc}, SOAP {@code /services/edoc}, outbox
 * folders): send a package or a status packet, list and fetch what was received, acknowledge it, list what
 * was sent. Refusals are {@link ProblemException}s with the SPEC §6 codes; edges map them to their own form
 * (HTTP problem, SOAP fault, {@code .error/} file).
 */
public interface EdocMailbox {

    /** Accepts an edXML document package from {@code sender}; the stream is read to its end. */
    EdocReceipt send(Agency sender, InputStream edxml) throws ProblemException;

    /** Accepts an edXML status packet from {@code sender}, routed to {@code ResponseFor/OrganId}. */
    EdocReceipt sendStatus(Agency sender, InputStream edxml) throws ProblemException;

    /** Packages and status packets waiting for {@code recipient}, oldest first. */
    List<EdocEntry> received(Agency recipient, int limit);

    /** One received package or status packet, as sent (the signed bytes, unchanged). */
    EdocContent fetch(Agency recipient, String messageId) throws ProblemException;

    /**
     * Mailbox acknowledgement ({@code done}: received, leaves the mailbox; {@code fail}: the recipient could
     * not process it, leaves the mailbox and is recorded as failed; {@code processing}: recorded, stays).
     */
    void updateStatus(Agency recipient, String messageId, MailboxStatus status, String reason) throws ProblemException;

    /** What {@code sender} sent, newest first, with each recipient's delivery state and business status. */
    List<EdocSent> sent(Agency sender, Instant since, int limit);

    /** The mailbox acknowledgements of the national axis' SDK. */
    enum MailboxStatus { DONE, FAIL, PROCESSING }

    /** The answer to an accepted package or status packet. */
    record EdocReceipt(String messageId, String documentId, List<String> recipients, boolean duplicate) {
    }

    /** A waiting package or status packet. */
    record EdocEntry(String messageId, String type, String from, String documentId, String subject, Instant createdAt,
                     long size) {
    }

    /** A package's bytes. Close the stream. */
    record EdocContent(EdocEntry entry, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** A sent package and where it stands with each recipient. */
    record EdocSent(String messageId, String type, String documentId, String subject, Instant createdAt,
                    List<RecipientState> recipients) {
    }

    /**
     * @param to             recipient agency
     * @param delivery       delivery state (QUEUED, RETRYING, DELIVERED, DEAD)
     * @param businessStatus latest edXML status code received from it (01–06, 13, 15, 16), or null
     */
    record RecipientState(String to, String delivery, String businessStatus) {
    }
}
