package org.lienthong.messaging;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transacted broker sessions for senders, created once and reused: a session per request would cost more
 * than the send itself. A transaction groups a message's sends to all its recipients, so a message is
 * either queued for every recipient or for none.
 */
public final class ProducerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProducerPool.class);

    /** A borrowed session; return it with {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final ClientSession session;
        private final ClientProducer producer;
        private boolean broken;

        private Lease(ClientSession session, ClientProducer producer) {
            this.session = session;
            this.producer = producer;
        }

        public ClientSession session() {
            return session;
        }

        /** The anonymous producer of this session; every send names its address. */
        public ClientProducer producer() {
            return producer;
        }

        /** Marks the session unusable (after a failed commit); it is replaced instead of reused. */
        public void discard() {
            broken = true;
        }

        @Override
        public void close() {
            giveBack(this);
        }
    }

    private final BrokerSessions sessions;
    private final BlockingQueue<Lease> idle;
    private final int size;
    private volatile boolean closed;

    public ProducerPool(BrokerSessions sessions, int size) {
        this.sessions = sessions;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(newLease());
        }
    }

    private Lease newLease() {
        try {
            ClientSession session = sessions.transacted();
            return new Lease(session, session.createProducer());
        } catch (ActiveMQException e) {
            throw new IllegalStateException("Cannot open a broker session: " + e.getMessage(), e);
        }
    }

    /** Waits up to the timeout for a free session; null when none became free. */
    public Lease borrow(long timeout, TimeUnit unit) throws InterruptedException {
        return idle.poll(timeout, unit);
    }

    private void giveBack(Lease lease) {
        if (closed) {
            closeQuietly(lease);
            return;
        }
        if (lease.broken || lease.session.isClosed()) {
            closeQuietly(lease);
            try {
                lease = newLease();
            } catch (RuntimeException e) {
                log.warn("Could not replace a broker session: {}", e.getMessage());
                return;
            }
        }
        idle.offer(lease);
    }

    public int size() {
        return size;
    }

    private static void closeQuietly(Lease lease) {
        try {
            lease.session.close();
        } catch (ActiveMQException e) {
            log.debug("Closing broker session failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Lease lease;
        while ((lease = idle.poll()) != null) {
            closeQuietly(lease);
        }
    }
}
