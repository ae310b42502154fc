package org.lienthong.mailbox;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.lienthong.connector.DeliveryConnector;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.MessageRecord;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailWriter;

/**
 * The {@code mailbox} connector: keeps the message in the database for the recipient to poll
 * ({@code GET /api/v1/mailbox}). The delivery stays QUEUED until the recipient acknowledges it.
 */
public final class MailboxConnector implements DeliveryConnector {

    private final TrailWriter trail;
    private final ContentStore contentStore;
    private final Clock clock;

    public MailboxConnector(TrailWriter trail, ContentStore contentStore, Clock clock) {
        this.trail = trail;
        this.contentStore = contentStore;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mailbox";
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(OutboundMessage message, DeliveryTarget target) {
        byte[] inline = message.payload() instanceof Payload.InMemory memory ? memory.data() : null;
        String contentRef = message.payload() instanceof Payload.InFile file ? contentStore.refOf(file.file()) : null;
        MessageRecord repair = new MessageRecord(message.messageId(), message.type(), message.from(),
                List.of(message.recipient()), message.conversationId(), message.subject(), message.contentType(),
                message.payload().size(), message.createdAt(), contentRef);
        return trail.submit(new TrailEvent.Mailboxed(message.messageId(), message.recipient(), inline, contentRef,
                        clock.instant(), repair))
                .handle((ok, error) -> error == null ? DeliveryOutcome.delivered("stored in mailbox")
                        : DeliveryOutcome.retry("mailbox store unavailable"));
    }
}
