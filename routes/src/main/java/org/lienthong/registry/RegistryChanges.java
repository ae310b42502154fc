package org.lienthong.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The difference between two registry snapshots, by agency code, in the order of the newer file (removed
 * codes in the order of the older one). Lets components that keep per-agency state (delivery lanes, routes)
 * touch only what changed.
 *
 * @param added   codes present only in the newer registry
 * @param removed codes present only in the older registry
 * @param changed codes present in both whose registration differs
 */
public record RegistryChanges(List<String> added, List<String> removed, List<String> changed) {

    public RegistryChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** True when the two registries register exactly the same agencies. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    @Override
    public String toString() {
        return added.size() + " added, " + removed.size() + " removed, " + changed.size() + " changed";
    }

    static RegistryChanges between(Collection<Agency> before, Collection<Agency> after,
                                   Map<String, Agency> beforeByCode) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (Agency agency : after) {
            Agency old = beforeByCode.get(agency.code());
            if (old == null) {
                added.add(agency.code());
            } else {
                kept.add(agency.code());
                if (!sameRegistration(old, agency)) {
                    changed.add(agency.code());
                }
            }
        }
        List<String> removed = new ArrayList<>();
        for (Agency agency : before) {
            if (!kept.contains(agency.code())) {
                removed.add(agency.code());
            }
        }
        return new RegistryChanges(added, removed, changed);
    }

    private static boolean sameRegistration(Agency a, Agency b) {
        return a.code().equals(b.code()) && a.name().equals(b.name())
                && Objects.equals(a.apiKeySha256(), b.apiKeySha256()) && a.roles().equals(b.roles())
                && a.accepts().equals(b.accepts()) && a.delivery().equals(b.delivery())
                && a.signingCertificates().equals(b.signingCertificates());
    }
}
