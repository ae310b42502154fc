package org.lienthong.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;

/** Queue depths read directly from the embedded broker, without a round trip. */
public final class EmbeddedQueueDepths implements QueueDepths {

    private final ActiveMQServer server;

    public EmbeddedQueueDepths(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public long depth(String agencyCode) {
        Queue queue = server.locateQueue(SimpleString.of(DeliveryQueues.forAgency(agencyCode)));
        return queue == null ? 0 : queue.getMessageCount();
    }

    @Override
    public Map<String, Long> nonEmpty() {
        Map<String, Long> depths = new HashMap<>();
        server.getPostOffice().getAllBindings()
                .filter(LocalQueueBinding.class::isInstance)
                .map(b -> ((LocalQueueBinding) b).getQueue())
                .forEach(queue -> {
                    String agency = DeliveryQueues.agencyOf(queue.getName().toString());
                    long count = queue.getMessageCount();
                    if (agency != null && count > 0) {
                        depths.put(agency, count);
                    }
                });
        return depths;
    }
}
