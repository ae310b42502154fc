package org.lienthong.connector.edxml;

import java.util.List;

/**
 * An edXML message (QCVN 102:2016) as read by {@link EdxmlReader}: a {@link EdxmlDocument document package}
 * or a {@link EdxmlStatus status packet}. Sealed so a caller switching on what arrived handles both kinds.
 *
 * <p>The model is what the bus needs to route, record and show a message; the signed bytes of the package
 * stay the message itself and are never rebuilt from this model.
 */
public sealed interface Edxml permits EdxmlDocument, EdxmlStatus {

    /** The edXML namespace. */
    String NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

    /** The sending agency, {@code MessageHeader/From}. */
    Organization from();

    /** The agency codes the message goes to: every {@code To/OrganId}, or the {@code ResponseFor/OrganId}. */
    List<String> recipients();

    /** The document the message is about: its own {@code DocumentId}, or {@code ResponseFor/DocumentId}. */
    String documentId();

    /** Whether an XML-DSig {@code Signature} element is present (not whether it verifies). */
    boolean signed();

    /** Size of the message in bytes, as received. */
    long size();
}
