package org.lienthong.trail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.lienthong.model.DeliveryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the trail: events from every thread are queued and written by one thread in
 * batches, one transaction per batch (group commit). Callers get a future that completes once their event
 * is committed, so "delivered" is acknowledged to the broker only after it is on record.
 *
 * <p>One writer per node keeps the database work per message to a few batched statements and gives the
 * trail a single order (which the hash chain of the security work builds on).
 */
public final class TrailWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrailWriter.class);
    private static final int MAX_DETAIL = 1000;

    private record Pending(TrailEvent event, CompletableFuture<Void> done) {
    }

    private final DataSource dataSource;
    private final TrailChain chain;
    private final int maxBatch;
    private final ZoneId billingZone;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(200_000);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long committedEvents;

    /**
     * @param dataSource  the trail database
     * @param maxBatch    events per transaction at most
     * @param billingZone the zone whose calendar months the usage counters follow
     */
    public TrailWriter(DataSource dataSource, int maxBatch, ZoneId billingZone) {
        this(dataSource, maxBatch, billingZone, "local");
    }

    /**
     * @param node the node's id in the trail's hash chain (unique among the nodes sharing the database)
     */
    public TrailWriter(DataSource dataSource, int maxBatch, ZoneId billingZone, String node) {
        this.chain = new TrailChain(node);
        this.dataSource = dataSource;
        this.billingZone = billingZone;
        this.maxBatch = Math.max(1, maxBatch);
        this.thread = new Thread(this::run, "trail-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an event; the future completes when it is committed, or exceptionally if it cannot be. */
    public CompletableFuture<Void> submit(TrailEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("trail writer stopped"));
            return done;
        }
        Pending pending = new Pending(event, done);
        try {
            // Bounded: when the database falls far behind, producers wait instead of exhausting memory.
            if (!queue.offer(pending, 30, TimeUnit.SECONDS)) {
                done.completeExceptionally(new IllegalStateException("trail writer overloaded"));
            } else if (!running && queue.remove(pending)) {
                // close() ran between the check above and the offer: the writer may be gone, nobody else
                // would ever answer this event
                done.completeExceptionally(new IllegalStateException("trail writer stopped"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Events committed since start (for metrics). */
    public long committedEvents() {
        return committedEvents;
    }

    public int backlog() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writeWithRetry(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("Trail writer failed unexpectedly", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void writeWithRetry(List<Pending> batch) {
        try {
            write(batch, false);
            complete(batch);
            return;
        } catch (SQLException | RuntimeException e) {
            // a RuntimeException is one event the code cannot bind (a null time...): isolate it like a bad row.
            // A fresh acceptance colliding with a row a delivery's repair wrote first lands here too, and passes in
            // the careful retry.
            log.debug("Trail batch of {} failed, retrying event by event: {}", batch.size(), e.getMessage());
        }
        // Isolate a bad event (or ride out a conflict with another node) without failing the others.
        for (Pending pending : batch) {
            Exception last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    write(List.of(pending), true);
                    last = null;
                    break;
                } catch (SQLException | RuntimeException e) {
                    last = e;
                }
            }
            if (last == null) {
                complete(List.of(pending));
            } else {
                log.error("Trail event for message {} could not be written: {}", pending.event().messageId(),
                        last.getMessage());
                pending.done().completeExceptionally(last);
            }
        }
    }

    private void complete(List<Pending> batch) {
        committedEvents += batch.size();
        for (Pending pending : batch) {
            pending.done().complete(null);
        }
    }

    /**
     * Writes a batch in one transaction, in phases that keep each message's events in causal order.
     *
     * @param careful look up every acceptance before inserting it, even one the broker took as new
     */
    private void write(List<Pending> batch, boolean careful) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                chain.load(connection);
                Batch work = new Batch(connection, careful);
                for (Pending pending : batch) {
                    work.add(pending.event());
                }
                work.flush();
                connection.commit();
                chain.advance(work.chainSeq, work.chainHead);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The statements of one batch. */
    private final class Batch {
        private final Connection connection;
        private final boolean careful;
        private final List<TrailEvent.Accepted> accepted = new ArrayList<>();
        private final List<TrailEvent> changes = new ArrayList<>();
        /** The chain's tail as this batch leaves it (moved into the chain only after the commit). */
        private long chainSeq;
        private String chainHead;

        Batch(Connection connection, boolean careful) {
            this.connection = connection;
            this.careful = careful;
            this.chainSeq = chain.seq();
            this.chainHead = chain.head();
        }

        void add(TrailEvent event) {
            if (event instanceof TrailEvent.Accepted a) {
                accepted.add(a);
            } else {
                changes.add(event);
            }
        }

        void flush() throws SQLException {
            Map<UsageKey, long[]> usage = new LinkedHashMap<>();
            List<Object[]> events = new ArrayList<>();
            insertAccepted(usage, events);
            applyChanges(usage, events);
            insertEvents(events);
            addUsage(usage);
        }

        private void insertAccepted(Map<UsageKey, long[]> usage, List<Object[]> events) throws SQLException {
            if (accepted.isEmpty()) {
                return;
            }
            List<MessageRecord> messages = new ArrayList<>();
            List<MessageRecord> repeats = new ArrayList<>();
            for (TrailEvent.Accepted a : accepted) {
                messages.add(a.message());
                if (careful || !a.fresh()) {
                    repeats.add(a.message());
                }
            }
            // Only repeats are looked up: a message the broker took as new is not in the trail, unless a delivery's
            // repair wrote it first, and then the insert collides and the careful retry looks it up.
            Set<String> existing = repeats.isEmpty() ? new HashSet<>() : existingMessages(repeats);
            Set<String> insertedNow = new HashSet<>();
            try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
                for (MessageRecord m : messages) {
                    if (!existing.contains(m.id()) && insertedNow.add(m.id())) {
                        bindMessage(insert, m);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            Set<String> existingDeliveries = repeats.isEmpty() ? new HashSet<>() : existingDeliveries(repeats);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_DELIVERY)) {
                for (TrailEvent.Accepted a : accepted) {
                    MessageRecord m = a.message();
                    if (existing.add(m.id())) { // once per new message, even if accepted twice in this batch
                        events.add(event(m.id(), null, a.at(), "ACCEPTED",
                                m.recipients().size() + " recipient(s), " + m.size() + " bytes"));
                    }
                    for (String recipient : m.recipients()) {
                        if (existingDeliveries.add(m.id() + '\n' + recipient)) {
                            bindDelivery(insert, m.id(), recipient, DeliveryStatus.QUEUED, 0, null, a.at(), null);
                            insert.addBatch();
                            count(usage, m, recipient, a.at());
                            events.add(event(m.id(), recipient, a.at(), "QUEUED", null));
                        }
                    }
                }
                insert.executeBatch();
            }
        }

        private void applyChanges(Map<UsageKey, long[]> usage, List<Object[]> events) throws SQLException {
            if (changes.isEmpty()) {
                return;
            }
            List<TrailEvent.DeliveryChanged> updates = new ArrayList<>();
            List<TrailEvent.Mailboxed> mailboxed = new ArrayList<>();
            List<TrailEvent.Noted> notes = new ArrayList<>();
            for (TrailEvent event : changes) {
                if (event instanceof TrailEvent.DeliveryChanged c) {
                    updates.add(c);
                } else if (event instanceof TrailEvent.Mailboxed m) {
                    mailboxed.add(m);
                } else if (event instanceof TrailEvent.Noted n) {
                    notes.add(n);
                }
            }
            for (TrailEvent.Noted n : notes) {
                events.add(event(n.messageId(), n.recipient(), n.at(), n.eventType(), n.detail()));
            }
            List<MessageRecord> mailboxRepairs = new ArrayList<>();
            for (TrailEvent.Mailboxed m : mailboxed) {
                if (m.repair() != null) {
                    mailboxRepairs.add(m.repair().forRecipient(m.recipient()));
                }
            }
            repairMissing(mailboxRepairs, usage, events);
            if (!mailboxed.isEmpty()) {
                storeInMailboxes(mailboxed, events);
            }
            if (updates.isEmpty()) {
                return;
            }
            // Update first; a delivery the update did not find lost its acceptance record in a crash: recreate it
            // from its queue entry, then update it. (Looking every delivery up first cost two queries per batch.)
            int[] counts = updateDeliveries(updates);
            List<TrailEvent.DeliveryChanged> missing = new ArrayList<>();
            List<MessageRecord> repairs = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                TrailEvent.DeliveryChanged c = updates.get(i);
                if (counts[i] <= 0 && c.repair() != null) { // 0, or a driver that cannot tell
                    missing.add(c);
                    repairs.add(c.repair().forRecipient(c.recipient()));
                }
            }
            if (!missing.isEmpty()) {
                repairMissing(repairs, usage, events);
                updateDeliveries(missing);
            }
            try (PreparedStatement ack = connection.prepareStatement(ACK_MAILBOX)) {
                boolean any = false;
                for (TrailEvent.DeliveryChanged c : updates) {
                    // an acknowledged or dead delivery leaves the recipient's mailbox (if it was there)
                    if (c.change() == TrailEvent.Change.ACKNOWLEDGED || c.change() == TrailEvent.Change.DEAD) {
                        ack.setObject(1, utc(c.at()));
                        ack.setString(2, c.messageId());
                        ack.setString(3, c.recipient());
                        ack.addBatch();
                        any = true;
                    }
                    events.add(event(c.messageId(), c.recipient(), c.at(), c.change().name(), c.detail()));
                }
                if (any) {
                    ack.executeBatch();
                }
            }
        }

        private int[] updateDeliveries(List<TrailEvent.DeliveryChanged> updates) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement(UPDATE_DELIVERY)) {
                for (TrailEvent.DeliveryChanged c : updates) {
                    DeliveryStatus status = statusAfter(c.change());
                    update.setString(1, status.name());
                    update.setInt(2, c.attempts());
                    update.setString(3, status == DeliveryStatus.RETRYING || status == DeliveryStatus.DEAD
                            ? truncate(c.detail()) : null);
                    update.setObject(4, utc(c.at()));
                    update.setObject(5, status == DeliveryStatus.DELIVERED ? utc(c.at()) : null);
                    update.setString(6, c.messageId());
                    update.setString(7, c.recipient());
                    update.addBatch();
                }
                return update.executeBatch();
            }
        }

        /**
         * Recreates deliveries whose acceptance record a crash lost, from what their queue entries say (each repair
         * is the message as one recipient's entry describes it); deliveries the trail has are left alone.
         */
        private void repairMissing(List<MessageRecord> repairs, Map<UsageKey, long[]> usage, List<Object[]> events)
                throws SQLException {
            if (repairs.isEmpty()) {
                return;
            }
            Set<String> existingDeliveries = existingDeliveries(repairs);
            Set<String> existingMessages = existingMessages(repairs);
            try (PreparedStatement insertMessage = connection.prepareStatement(INSERT_MESSAGE);
                 PreparedStatement insertDelivery = connection.prepareStatement(INSERT_DELIVERY)) {
                for (int i = 0; i < repairs.size(); i++) {
                    MessageRecord m = repairs.get(i);
                    String recipient = m.recipients().get(0);
                    if (!existingDeliveries.add(m.id() + '\n' + recipient)) {
                        continue;
                    }
                    if (existingMessages.add(m.id())) {
                        bindMessage(insertMessage, m);
                        insertMessage.addBatch();
                        events.add(event(m.id(), null, m.createdAt(), "ACCEPTED", "trail restored from the queue entry"));
                    }
                    bindDelivery(insertDelivery, m.id(), recipient, DeliveryStatus.QUEUED, 0, null, m.createdAt(), null);
                    insertDelivery.addBatch();
                    count(usage, m, recipient, m.createdAt());
                    events.add(event(m.id(), recipient, m.createdAt(), "QUEUED", null));
                }
                insertMessage.executeBatch();
                insertDelivery.executeBatch();
            }
        }

        private void storeInMailboxes(List<TrailEvent.Mailboxed> mailboxed, List<Object[]> events) throws SQLException {
            Set<String> present = new HashSet<>();
            Set<String> acknowledged = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT acked_at FROM mailbox WHERE message_id = ? AND recipient = ?")) {
                for (TrailEvent.Mailboxed m : mailboxed) {
                    select.setString(1, m.messageId());
                    select.setString(2, m.recipient());
                    try (ResultSet rs = select.executeQuery()) {
                        if (rs.next()) {
                            present.add(m.messageId() + '\n' + m.recipient());
                            if (rs.getObject(1) != null) {
                                acknowledged.add(m.messageId() + '\n' + m.recipient());
                            }
                        }
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO mailbox (message_id, recipient, payload, content_ref, stored_at) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement reopen = connection.prepareStatement(
                         "UPDATE mailbox SET acked_at = NULL, payload = ?, content_ref = ?, stored_at = ? "
                                 + "WHERE message_id = ? AND recipient = ?")) {
                for (TrailEvent.Mailboxed m : mailboxed) {
                    String key = m.messageId() + '\n' + m.recipient();
                    if (acknowledged.remove(key)) {
                        // a replayed delivery comes back to the mailbox it left
                        reopen.setBytes(1, m.payload());
                        reopen.setString(2, m.contentRef());
                        reopen.setObject(3, utc(m.at()));
                        reopen.setString(4, m.messageId());
                        reopen.setString(5, m.recipient());
                        reopen.addBatch();
                        events.add(event(m.messageId(), m.recipient(), m.at(), "IN_MAILBOX", "again"));
                        continue;
                    }
                    if (!present.add(key)) {
                        continue;
                    }
                    insert.setString(1, m.messageId());
                    insert.setString(2, m.recipient());
                    insert.setBytes(3, m.payload());
                    insert.setString(4, m.contentRef());
                    insert.setObject(5, utc(m.at()));
                    insert.addBatch();
                    events.add(event(m.messageId(), m.recipient(), m.at(), "IN_MAILBOX", null));
                }
                insert.executeBatch();
                reopen.executeBatch();
            }
        }

        private void insertEvents(List<Object[]> events) throws SQLException {
            if (events.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO trail_event (message_id, recipient, event_at, event_type, detail, node, chain_seq, "
                            + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] e : events) {
                    String detail = truncate((String) e[4]);
                    long next = chainSeq + 1;
                    String hash = TrailChain.hash(chainHead, chain.node(), next, (String) e[0], (String) e[1],
                            (OffsetDateTime) e[2], (String) e[3], detail);
                    insert.setString(1, (String) e[0]);
                    insert.setString(2, (String) e[1]);
                    insert.setObject(3, e[2]);
                    insert.setString(4, (String) e[3]);
                    insert.setString(5, detail);
                    insert.setString(6, chain.node());
                    insert.setLong(7, next);
                    insert.setString(8, chainHead);
                    insert.setString(9, hash);
                    insert.addBatch();
                    chainSeq = next;
                    chainHead = hash;
                }
                insert.executeBatch();
            }
        }

        private void addUsage(Map<UsageKey, long[]> usage) throws SQLException {
            if (usage.isEmpty()) {
                return;
            }
            List<UsageKey> keys = new ArrayList<>(usage.keySet());
            // one global lock order, so two nodes counting on the same rows wait for each other, never deadlock
            keys.sort(UsageKey.LOCK_ORDER);
            int[] updated;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE usage_counter SET messages = messages + ?, bytes = bytes + ? "
                            + "WHERE usage_month = ? AND sender = ? AND msg_type = ? AND recipient = ?")) {
                for (UsageKey key : keys) {
                    long[] v = usage.get(key);
                    update.setLong(1, v[0]);
                    update.setLong(2, v[1]);
                    key.bind(update, 3);
                    update.addBatch();
                }
                updated = update.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO usage_counter (usage_month, sender, msg_type, recipient, messages, bytes) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")) {
                boolean any = false;
                for (int i = 0; i < keys.size(); i++) {
                    if (updated[i] == 0) {
                        UsageKey key = keys.get(i);
                        long[] v = usage.get(key);
                        key.bind(insert, 1);
                        insert.setLong(5, v[0]);
                        insert.setLong(6, v[1]);
                        insert.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    insert.executeBatch();
                }
            }
        }

        private Set<String> existingMessages(List<MessageRecord> messages) throws SQLException {
            Set<String> ids = new HashSet<>();
            for (MessageRecord m : messages) {
                ids.add(m.id());
            }
            return selectIn("SELECT id FROM message WHERE id IN (%s)", ids, rs -> rs.getString(1));
        }

        private Set<String> existingDeliveries(List<MessageRecord> messages) throws SQLException {
            Set<String> ids = new HashSet<>();
            for (MessageRecord m : messages) {
                ids.add(m.id());
            }
            return selectIn("SELECT message_id, recipient FROM delivery WHERE message_id IN (%s)", ids,
                    rs -> rs.getString(1) + '\n' + rs.getString(2));
        }

        private interface Row {
            String read(ResultSet rs) throws SQLException;
        }

        private Set<String> selectIn(String sql, Set<String> ids, Row row) throws SQLException {
            Set<String> found = new HashSet<>();
            List<String> all = new ArrayList<>(ids);
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                // a few fixed arities (the last id repeated), so the database parses and caches four statements
                // instead of a new one for every batch size
                int arity = chunk.size() <= 8 ? 8 : chunk.size() <= 32 ? 32 : chunk.size() <= 128 ? 128 : 500;
                String marks = String.join(",", java.util.Collections.nCopies(arity, "?"));
                try (PreparedStatement select = connection.prepareStatement(sql.formatted(marks))) {
                    for (int i = 0; i < arity; i++) {
                        select.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            found.add(row.read(rs));
                        }
                    }
                }
            }
            return found;
        }
    }

    private static final String INSERT_MESSAGE = "INSERT INTO message (id, sender, msg_type, conversation_id, subject, "
            + "content_type, size_bytes, recipient_count, created_at, content_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_DELIVERY = "INSERT INTO delivery (message_id, recipient, status, attempts, "
            + "last_error, updated_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_DELIVERY = "UPDATE delivery SET status = ?, attempts = ?, last_error = ?, "
            + "updated_at = ?, delivered_at = ? WHERE message_id = ? AND recipient = ?";
    private static final String ACK_MAILBOX = "UPDATE mailbox SET acked_at = ?, payload = NULL "
            + "WHERE message_id = ? AND recipient = ? AND acked_at IS NULL";

    private static void bindMessage(PreparedStatement insert, MessageRecord m) throws SQLException {
        insert.setString(1, m.id());
        insert.setString(2, m.from());
        insert.setString(3, m.type());
        insert.setString(4, m.conversationId());
        insert.setString(5, truncate(m.subject()));
        insert.setString(6, m.contentType());
        insert.setLong(7, m.size());
        insert.setInt(8, m.recipients().size());
        insert.setObject(9, utc(m.createdAt()));
        insert.setString(10, m.contentRef());
    }

    private static void bindDelivery(PreparedStatement insert, String messageId, String recipient, DeliveryStatus status,
                                     int attempts, String lastError, Instant at, Instant deliveredAt) throws SQLException {
        insert.setString(1, messageId);
        insert.setString(2, recipient);
        insert.setString(3, status.name());
        insert.setInt(4, attempts);
        insert.setString(5, truncate(lastError));
        insert.setObject(6, utc(at));
        insert.setObject(7, deliveredAt == null ? null : utc(deliveredAt));
    }

    private static DeliveryStatus statusAfter(TrailEvent.Change change) {
        return switch (change) {
            case DELIVERED, ACKNOWLEDGED -> DeliveryStatus.DELIVERED;
            case RETRYING -> DeliveryStatus.RETRYING;
            case DEAD -> DeliveryStatus.DEAD;
            case REPLAYED -> DeliveryStatus.QUEUED;
        };
    }

    private record UsageKey(String month, String sender, String type, String recipient) {
        static final Comparator<UsageKey> LOCK_ORDER = Comparator.comparing(UsageKey::month)
                .thenComparing(UsageKey::sender).thenComparing(UsageKey::type).thenComparing(UsageKey::recipient);

        void bind(PreparedStatement statement, int first) throws SQLException {
            statement.setString(first, month);
            statement.setString(first + 1, sender);
            statement.setString(first + 2, type);
            statement.setString(first + 3, recipient);
        }
    }

    private void count(Map<UsageKey, long[]> usage, MessageRecord m, String recipient, Instant at) {
        UsageKey key = new UsageKey(YearMonth.from(at.atZone(billingZone)).toString(), m.from(), m.type(), recipient);
        long[] v = usage.computeIfAbsent(key, k -> new long[2]);
        v[0]++;
        v[1] += m.size();
    }

    private static Object[] event(String messageId, String recipient, Instant at, String type, String detail) {
        // the database keeps microseconds: hash what it will give back
        return new Object[] {messageId, recipient, utc(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), type, detail};
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL - 1) + "…";
    }

    @Override
    public void close() throws InterruptedException {
        running = false; // the thread drains what is queued, then ends
        thread.join(30_000);
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("trail writer stopped"));
        }
    }
}
