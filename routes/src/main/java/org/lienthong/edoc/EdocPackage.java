package org.lienthong.edoc;

import java.util.List;
import java.util.Objects;

/**
 * What the bus needs from an edXML package or status packet to route and track it. The package itself
 * travels unchanged; this is read from it.
 *
 * @param kind               document package or status packet
 * @param from               {@code From/OrganId}
 * @param to                 {@code To/OrganId}s (documents) or {@code ResponseFor/OrganId} (status packets)
 * @param documentId         {@code DocumentId}, or {@code ResponseFor/DocumentId} of a status packet
 * @param subject            {@code Subject} (documents) or the status description
 * @param businessType       0 new, 1 revoke, 2 update, 3 replace (documents; 0 when absent)
 * @param replacedDocuments  {@code ReplacementInfo/DocumentId}s of a replacement
 * @param statusCode         {@code StatusCode} of a status packet
 * @param signed             whether the package carries a signature
 */
public record EdocPackage(Kind kind, String from, List<String> to, String documentId, String subject, int businessType,
                          List<String> replacedDocuments, String statusCode, boolean signed) {

    /** Package kinds. */
    public enum Kind { DOCUMENT, STATUS }

    public EdocPackage {
        Objects.requireNonNull(kind, "kind");
        to = List.copyOf(to);
        replacedDocuments = List.copyOf(replacedDocuments);
    }

    /** The business type as the trail names it. */
    public String businessTypeName() {
        return switch (businessType) {
            case 1 -> "revoke";
            case 2 -> "update";
            case 3 -> "replace";
            default -> "new";
        };
    }
}
