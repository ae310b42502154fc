package org.lienthong.web;

import java.util.Map;

/**
 * A request the bus refuses, with the problem code and a detail written for the caller (never internals:
 * no class names, paths or stack traces).
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, Object> extensions;

    public ProblemException(Problem problem, String detail) {
        this(problem, detail, Map.of());
    }

    public ProblemException(Problem problem, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.problem = problem;
        this.extensions = Map.copyOf(extensions);
    }

    public Problem problem() {
        return problem;
    }

    /** Extra members of the problem document (e.g. the offending recipients). */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
