package org.lienthong.outbox;

import java.nio.file.Path;

import org.lienthong.registry.Agency;
import org.lienthong.web.ProblemException;

/**
 * Takes a file an agency dropped in its outbox folder. The file's extension chooses the handler; a refusal
 * ({@link ProblemException}) sends the file to {@code .error/} with the reason beside it.
 */
public interface OutboxHandler {

    /** Lower-case extensions handled, without the dot (e.g. {@code edxml}, {@code xml}). */
    java.util.Set<String> extensions();

    /** Accepts the file from its owner agency; returns a one-line summary for the log. */
    String accept(Agency owner, Path file) throws ProblemException;
}
