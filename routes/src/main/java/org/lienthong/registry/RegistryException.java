package org.lienthong.registry;

import java.util.List;

/**
 * A registry file was rejected. Carries every problem found (up to a limit), each formatted as
 * {@code <source>:<line>: <message>} so an operator can jump to it; {@link #getMessage()} lists them all on
 * one line, which keeps each failed load to a single log line.
 */
public final class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    /**
     * @param source   the registry's source (file path or {@code classpath:...})
     * @param problems the problems, each already formatted with source and line; at least one
     */
    public RegistryException(String source, List<String> problems) {
        super(summary(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The registry's source, as named in the problems. */
    public String source() {
        return source;
    }

    /** Every problem found, in file order, each {@code <source>:<line>: <message>}. */
    public List<String> problems() {
        return problems;
    }

    private static String summary(String source, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rejected registry has at least one problem");
        }
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return "agency registry " + source + " rejected (" + count + "): " + String.join("; ", problems);
    }
}
