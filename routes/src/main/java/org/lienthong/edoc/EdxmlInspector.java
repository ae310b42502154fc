package org.lienthong.edoc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.lienthong.connector.edxml.Edxml;
import org.lienthong.connector.edxml.EdxmlDocument;
import org.lienthong.connector.edxml.EdxmlException;
import org.lienthong.connector.edxml.EdxmlReader;
import org.lienthong.connector.edxml.EdxmlStatus;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** {@link EdocInspector} on the connectors' streaming {@link EdxmlReader}; maps its refusals to problem codes. */
public final class EdxmlInspector implements EdocInspector {

    private final EdxmlReader reader;

    public EdxmlInspector(EdxmlReader reader) {
        this.reader = reader;
    }

    @Override
    public EdocPackage inspect(Path edxml) {
        Edxml parsed;
        try {
            parsed = reader.read(edxml);
        } catch (EdxmlException e) {
            Problem problem = switch (e.kind()) {
                case UNSAFE_XML, MALFORMED_XML -> Problem.INVALID_XML;
                case TOO_LARGE -> Problem.PAYLOAD_TOO_LARGE;
                default -> Problem.INVALID_MESSAGE;
            };
            throw new ProblemException(problem, e.getMessage());
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The package could not be read");
        }
        if (parsed instanceof EdxmlDocument document) {
            List<String> replaced = document.business() == null ? List.of()
                    : document.business().replacements().stream().map(EdxmlDocument.Replacement::documentId).toList();
            return new EdocPackage(EdocPackage.Kind.DOCUMENT, document.from().organId(), document.recipients(),
                    document.documentId(), document.subject(), Integer.parseInt(document.businessDocType().code()),
                    replaced, null, document.signed());
        }
        EdxmlStatus status = (EdxmlStatus) parsed;
        return new EdocPackage(EdocPackage.Kind.STATUS, status.from().organId(), status.recipients(),
                status.documentId(), status.description(), 0, List.of(), status.statusCode(), status.signed());
    }
}
