package org.lienthong.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of message the bus carries (SPEC §4); the wire name is what registries and APIs use. */
public enum MessageType {
    EDOC("edoc"),
    EDOC_STATUS("edoc-status"),
    FEEDBACK("feedback"),
    FEEDBACK_REPLY("feedback-reply"),
    DOSSIER("dossier"),
    DIRECTIVE("directive"),
    GENERIC("generic");

    private static final Map<String, MessageType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
