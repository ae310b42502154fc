package org.lienthong.outbox;

import java.nio.file.Path;

import org.lienthong.registry.Agency;
import org.lienthong.web.ProblemException;

/**
 * Takes a file an agency dropped in its outbox folder. The file's extension (and, where two handlers share one,
 * {@link #takes(Path)}) chooses the handler; a refusal
 * ({@link ProblemException}) sends the file to {@code .error/} with the reason beside it.
 */
public interface OutboxHandler {

    /** Lower-case extensions handled, without the dot (e.g. {@code edxml}, {@code xml}). */
    java.util.Set<String> extensions();

    /**
     * Whether this handler takes a file with one of its extensions, for extensions two handlers share (an XML
     * file may be an edXML package or a dossier batch): it may look at the file's start. Handlers are asked in
     * order; the first that takes the file gets it.
     */
    default boolean takes(Path file) {
        return true;
    }

    /** Accepts the file from its owner agency; returns a one-line summary for the log. */
    String accept(Agency owner, Path file) throws ProblemException;
}
