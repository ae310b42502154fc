package org.lienthong.feedback;

import java.time.Duration;
import java.util.Map;

/**
 * How feedback is routed and timed ({@code lienthong.feedback.*}).
 *
 * @param topics          routing table: topic → handling agency code, used when an item names no agency
 * @param deadlines       time allowed to reply, per topic
 * @param defaultDeadline time allowed when the topic has no entry
 */
public record FeedbackSettings(Map<String, String> topics, Map<String, Duration> deadlines, Duration defaultDeadline) {

    public FeedbackSettings {
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        deadlines = deadlines == null ? Map.of() : Map.copyOf(deadlines);
    }

    public Duration deadlineFor(String topic) {
        return topic == null ? defaultDeadline : deadlines.getOrDefault(topic, defaultDeadline);
    }
}
