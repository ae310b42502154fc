package org.lienthong.edoc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.lienthong.outbox.OutboxHandler;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** edXML packages and status packets dropped in an agency's outbox ({@code .edxml}, {@code .xml}). */
public final class EdocOutboxHandler implements OutboxHandler {

    private final EdocService edoc;

    public EdocOutboxHandler(EdocService edoc) {
        this.edoc = edoc;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("edxml", "xml");
    }

    @Override
    public String accept(Agency owner, Path file) {
        EdocService.Staged staged;
        try (InputStream in = Files.newInputStream(file)) {
            staged = edoc.stage(in);
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "the file could not be read");
        }
        try {
            EdocMailbox.EdocReceipt receipt = edoc.accept(owner, staged, null);
            return "message " + receipt.messageId() + " to " + receipt.recipients().size() + " recipient(s)"
                    + (receipt.duplicate() ? ", already accepted before" : "");
        } finally {
            edoc.discard(staged);
        }
    }
}
