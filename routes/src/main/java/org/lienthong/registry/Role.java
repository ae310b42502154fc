package org.lienthong.registry;

import java.util.Arrays;
import java.util.Optional;

/** Roles an agency may hold in the registry (SPEC §3); they gate the calls SPEC §6 assigns to them. */
public enum Role {
    PORTAL("portal"),
    PAKN_SYSTEM("pakn-system"),
    BROADCASTER("broadcaster");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
