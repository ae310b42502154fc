package org.lienthong.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * Queue depths asked of a remote broker, one query per registered agency. Used in remote mode, where the
 * node cannot see the broker's internals.
 */
public final class ClientQueueDepths implements QueueDepths {

    private final BrokerSessions sessions;
    private final Supplier<Collection<String>> agencies;

    public ClientQueueDepths(BrokerSessions sessions, Supplier<Collection<String>> agencies) {
        this.sessions = sessions;
        this.agencies = agencies;
    }

    @Override
    public long depth(String agencyCode) {
        try (ClientSession session = sessions.autoCommit()) {
            return depth(session, agencyCode);
        } catch (ActiveMQException e) {
            return 0;
        }
    }

    private static long depth(ClientSession session, String agencyCode) throws ActiveMQException {
        ClientSession.QueueQuery query = session.queueQuery(SimpleString.of(DeliveryQueues.forAgency(agencyCode)));
        return query.isExists() ? query.getMessageCount() : 0;
    }

    @Override
    public Map<String, Long> nonEmpty() {
        Map<String, Long> depths = new HashMap<>();
        try (ClientSession session = sessions.autoCommit()) {
            for (String code : agencies.get()) {
                long count = depth(session, code);
                if (count > 0) {
                    depths.put(code, count);
                }
            }
        } catch (ActiveMQException e) {
            // a scan is retried on the next interval
        }
        return depths;
    }
}
