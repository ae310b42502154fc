package org.lienthong.registry;

import java.util.List;

/** A registry file that cannot be used, with every problem found, each naming its line. */
public final class RegistryException extends Exception {

    private final List<String> problems;

    public RegistryException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the registry:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
