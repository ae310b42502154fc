package org.lienthong.messaging;

import java.util.Map;

/** How many messages wait in each agency's delivery queue. */
public interface QueueDepths {

    /** Messages waiting for the agency (0 when it has no queue). */
    long depth(String agencyCode);

    /** Every agency whose delivery queue holds messages, with the count. */
    Map<String, Long> nonEmpty();
}
