package org.lienthong.connector.edxml.signature;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Follows the element nesting of a package while it streams by and says where a signature may be: a child of the
 * one {@code edXMLHeader} of the one {@code edXMLEnvelope}, which is the document element or a child of an outer
 * {@code edXML} element. A second envelope or header anywhere is refused, so no reader can be led to route a part
 * other than the one whose header holds the signature.
 */
final class PackageStructure {

    static final String EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

    enum Position {
        /** Not a ds:Signature element. */
        OTHER,
        /** A ds:Signature that is a child of edXMLHeader: the one place a signature may be. */
        SIGNATURE_IN_HEADER,
        /** A ds:Signature anywhere else. */
        SIGNATURE_ELSEWHERE
    }

    private enum Role { WRAPPER, ENVELOPE, HEADER, OTHER }

    private final Deque<Role> open = new ArrayDeque<>();
    private int envelopes;
    private int headers;

    /** Called for every start tag, in document order. */
    Position enter(String namespace, String localName) throws Refusal {
        Role parent = open.peek();
        boolean edxml = EDXML_NS.equals(namespace);
        Role role = Role.OTHER;
        if (parent == null) {
            if (edxml && "edXMLEnvelope".equals(localName)) {
                role = Role.ENVELOPE;
            } else if (edxml && "edXML".equals(localName)) {
                role = Role.WRAPPER;
            } else {
                throw Refusal.malformed("not an edXML package: the document element is " + localName
                        + " in namespace " + (namespace == null || namespace.isEmpty() ? "(none)" : namespace)
                        + ", expected edXMLEnvelope (or edXML) in " + EDXML_NS);
            }
        } else if (edxml && "edXMLEnvelope".equals(localName)) {
            if (parent != Role.WRAPPER) {
                throw Refusal.invalid("edXMLEnvelope must be the document element or a child of edXML");
            }
            role = Role.ENVELOPE;
        } else if (edxml && "edXMLHeader".equals(localName)) {
            if (parent != Role.ENVELOPE) {
                throw Refusal.invalid("edXMLHeader must be a child of edXMLEnvelope");
            }
            role = Role.HEADER;
        }
        if (role == Role.ENVELOPE && ++envelopes > 1) {
            throw Refusal.invalid("more than one edXMLEnvelope in the package");
        }
        if (role == Role.HEADER && ++headers > 1) {
            throw Refusal.invalid("more than one edXMLHeader in the package");
        }
        open.push(role);
        if (Dsig.NS.equals(namespace) && "Signature".equals(localName)) {
            return parent == Role.HEADER ? Position.SIGNATURE_IN_HEADER : Position.SIGNATURE_ELSEWHERE;
        }
        return Position.OTHER;
    }

    /** Called for every end tag. */
    void leave() {
        open.pop();
    }

    /** Called at the end of the document. */
    void finish() throws Refusal {
        if (envelopes == 0) {
            throw Refusal.malformed("not an edXML package: no edXMLEnvelope");
        }
        if (headers == 0) {
            throw Refusal.malformed("not an edXML package: no edXMLHeader");
        }
    }
}
