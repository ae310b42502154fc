package org.lienthong.mailbox;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.registry.Agency;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.TrailEvent;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailViews;
import org.lienthong.trail.TrailWriter;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** The pull side for agencies that cannot receive pushes: list, fetch and acknowledge (SPEC §6). */
public final class MailboxApi {

    private final TrailRepository repository;
    private final TrailWriter trail;
    private final ContentStore contentStore;
    private final HttpResponses responses;
    private final Clock clock;

    public MailboxApi(TrailRepository repository, TrailWriter trail, ContentStore contentStore, HttpResponses responses,
                      Clock clock) {
        this.repository = repository;
        this.trail = trail;
        this.contentStore = contentStore;
        this.responses = responses;
        this.clock = clock;
    }

    public void list(Exchange exchange) {
        Agency agency = CallerAuthenticator.requireAgency(exchange);
        int limit = HttpRequests.intQuery(exchange, "limit", 100, 1, 1000);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (TrailViews.MailboxEntry e : repository.mailbox(agency.code(), limit)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", e.id());
            entry.put("from", e.from());
            entry.put("type", e.type());
            entry.put("subject", e.subject());
            entry.put("createdAt", e.createdAt());
            entry.put("size", e.size());
            if (e.conversationId() != null) {
                entry.put("conversationId", e.conversationId());
            }
            entry.put("contentType", e.contentType());
            entries.add(entry);
        }
        responses.json(exchange, 200, entries);
    }

    public void fetch(Exchange exchange) throws IOException {
        Agency agency = CallerAuthenticator.requireAgency(exchange);
        String id = HttpRequests.pathParam(exchange, "id");
        TrailViews.MailboxItem item = repository.mailboxItem(agency.code(), id)
                .orElseThrow(() -> notFound(id));
        if (item.acknowledged()) {
            throw new ProblemException(Problem.NOT_FOUND, "Message '" + id + "' was already acknowledged");
        }
        TrailViews.MailboxEntry e = item.entry();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DeliveryHeaders.MESSAGE_ID, e.id());
        headers.put(DeliveryHeaders.FROM, e.from());
        headers.put(DeliveryHeaders.TYPE, e.type());
        if (e.conversationId() != null) {
            headers.put(DeliveryHeaders.CONVERSATION_ID, e.conversationId());
        }
        headers.put(DeliveryHeaders.CREATED_AT, e.createdAt().toString());
        if (item.payload() != null) {
            responses.bytes(exchange, 200, e.contentType(), item.payload(), headers);
        } else {
            // large payloads (e-Doc packages) are streamed from the content store, never loaded whole
            java.nio.file.Path file = contentStore.resolve(item.contentRef());
            headers.put("Content-Length", Long.toString(Files.size(file)));
            responses.stream(exchange, 200, e.contentType(), Files.newInputStream(file), headers);
        }
    }

    public void acknowledge(Exchange exchange) {
        Agency agency = CallerAuthenticator.requireAgency(exchange);
        String id = HttpRequests.pathParam(exchange, "id");
        TrailViews.MailboxItem item = repository.mailboxItem(agency.code(), id).orElseThrow(() -> notFound(id));
        if (!item.acknowledged()) {
            int attempts = repository.delivery(id, agency.code()).map(TrailViews.DeliveryView::attempts).orElse(0);
            try {
                trail.submit(new TrailEvent.DeliveryChanged(TrailEvent.Change.ACKNOWLEDGED, id, agency.code(),
                        attempts, "acknowledged by the recipient", clock.instant(), null)).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ProblemException(Problem.UNAVAILABLE, "Interrupted; acknowledge again");
            } catch (ExecutionException | TimeoutException ex) {
                throw new ProblemException(Problem.UNAVAILABLE, "The acknowledgement could not be recorded; acknowledge again");
            }
        }
        responses.empty(exchange, 204);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.NOT_FOUND, "No message '" + id + "' in your mailbox");
    }
}
