package org.lienthong.connector.edxml;

import java.time.DateTimeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;

import org.lienthong.connector.edxml.EdxmlDocument.Attachment;
import org.lienthong.connector.edxml.EdxmlDocument.Business;
import org.lienthong.connector.edxml.EdxmlDocument.Code;
import org.lienthong.connector.edxml.EdxmlDocument.DocumentType;
import org.lienthong.connector.edxml.EdxmlDocument.Promulgation;
import org.lienthong.connector.edxml.EdxmlDocument.Receiver;
import org.lienthong.connector.edxml.EdxmlDocument.Reference;
import org.lienthong.connector.edxml.EdxmlDocument.Replacement;
import org.lienthong.connector.edxml.EdxmlDocument.SignerInfo;
import org.lienthong.connector.edxml.EdxmlDocument.TraceHeader;
import org.lienthong.connector.edxml.EdxmlException.Kind;
import org.lienthong.connector.edxml.EdxmlStatus.ResponseFor;
import org.lienthong.connector.xml.SecureXml;
import org.lienthong.connector.xml.SecureXml.XmlRefusedException;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * One read of one message: a single StAX pass that checks the bus's own rules, feeds the schema validator
 * and collects the model. Element paths are written below {@code edXMLHeader} (or the envelope/wrapper for
 * the body and attachments), e.g. {@code MessageHeader/To/OrganId}, {@code AttachmentEncoded/Attachment}.
 * Not thread-safe; {@link EdxmlReader} makes one per message.
 */
final class PackageScan {

    /** What the caller accepts. */
    enum Expect { ANY, DOCUMENT, STATUS }

    private enum Detected { UNKNOWN, DOCUMENT, STATUS }

    private static final String DSIG = SecureXml.XMLDSIG_NAMESPACE;
    private static final String WRAPPER = "edXML";
    private static final String ENVELOPE = "edXMLEnvelope";
    private static final String HEADER = "edXMLHeader";
    private static final String PAYLOAD = "AttachmentEncoded/Attachment/ContentTransferEncoded";
    private static final String CONTENT = "MessageHeader/Content";

    /** Children without which the bus cannot route or store a message; checked for a clear message. */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry(WRAPPER, List.of(ENVELOPE)),
            Map.entry(ENVELOPE, List.of(HEADER)),
            Map.entry(HEADER, List.of("MessageHeader")),
            Map.entry("MessageHeader/From", List.of("OrganId")),
            Map.entry("MessageHeader/To", List.of("OrganId")),
            Map.entry("MessageHeader/ResponseFor", List.of("OrganId", "DocumentId")),
            Map.entry("TraceHeaderList/TraceHeader", List.of("OrganId")),
            Map.entry("TraceHeaderList/Bussiness/ReplacementInfoList/ReplacementInfo", List.of("DocumentId")),
            Map.entry("TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver", List.of("OrganId")),
            Map.entry("edXMLBody/edXMLManifest/Reference", List.of("ContentId")),
            Map.entry("AttachmentEncoded/Attachment", List.of("ContentId", "AttachmentName", "ContentTransferEncoded")));
    private static final List<String> REQUIRED_IN_DOCUMENT = List.of("From", "To", "DocumentId");
    private static final List<String> REQUIRED_IN_STATUS = List.of("From", "ResponseFor", "StatusCode");
    private static final Set<String> STATUS_ONLY = Set.of("ResponseFor", "StaffInfo", "StatusCode", "Description",
            "Timestamp");
    private static final Set<String> ORGAN_IDS = Set.of("MessageHeader/From/OrganId", "MessageHeader/To/OrganId",
            "MessageHeader/ResponseFor/OrganId");
    private static final Set<String> DOCUMENT_IDS = Set.of("MessageHeader/DocumentId",
            "MessageHeader/ResponseFor/DocumentId");
    private static final Set<String> DATES = Set.of("MessageHeader/PromulgationInfo/PromulgationDate",
            "MessageHeader/DueDate", "MessageHeader/ResponseFor/PromulgationDate");
    private static final Set<String> NOT_EMPTY = Set.of("AttachmentEncoded/Attachment/ContentId",
            "AttachmentEncoded/Attachment/AttachmentName", "edXMLBody/edXMLManifest/Reference/ContentId");
    private static final Pattern EXPECTED = Pattern.compile("One of '\\{(.*)}' is expected");

    private final EdxmlReader.Limits limits;
    private final Expect expect;
    private final XMLStreamReader xml;
    private final ValidatorFeed validator;
    private final Deque<Frame> open = new ArrayDeque<>();

    private Detected detected = Detected.UNKNOWN;
    private boolean signed;
    private long retainedChars;
    private Base64Count payload;
    private long payloadBytes;

    private Organization from;
    private final List<Organization> to = new ArrayList<>();
    private Map<String, String> header = Map.of();
    private boolean contentTruncated;
    private Code code;
    private Promulgation promulgation;
    private DocumentType documentType;
    private SignerInfo signerInfo;
    private String priority;
    private List<String> toPlaces = List.of();
    private final List<TraceHeader> traceHeaders = new ArrayList<>();
    private Business business;
    private StaffInfo businessStaff;
    private String documentReceiver;
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<Replacement> replacements = new ArrayList<>();
    private List<String> replacedOrganIds = List.of();
    private final List<Reference> manifest = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private ResponseFor responseFor;
    private StaffInfo statusStaff;

    PackageScan(XMLStreamReader xml, Schema schema, EdxmlReader.Limits limits, Expect expect) {
        this.xml = xml;
        this.limits = limits;
        this.expect = expect;
        this.validator = new ValidatorFeed(schema, xml);
    }

    /**
     * Reads the whole message, to its end tag.
     *
     * @throws XmlRefusedException when the XML itself is refused (the caller tells I/O failures apart)
     */
    void scan() throws EdxmlException, XmlRefusedException {
        try {
            validator.startDocument();
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> startElement();
                    case XMLStreamConstants.END_ELEMENT -> endElement();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                    default -> {
                        // comments and processing instructions carry nothing for the bus or the schema
                    }
                }
            }
            validator.endDocument();
        } catch (XmlRefusedException e) {
            throw e;
        } catch (XMLStreamException e) {
            throw SecureXml.refusal(e);
        } catch (SAXException e) {
            throw schemaError(e, null, null);
        }
    }

    // ---------------------------------------------------------------- events

    private void startElement() throws EdxmlException, SAXException {
        String namespace = xml.getNamespaceURI();
        String name = xml.getLocalName();
        Frame parent = open.peek();
        if (parent == null) {
            checkRoot(namespace, name);
        } else {
            parent.childStarted();
        }
        if (parent != null && parent.foreign || !Edxml.NAMESPACE.equals(namespace)) {
            if (parent != null && !parent.foreign && DSIG.equals(namespace) && "Signature".equals(name)
                    && parent.structural) {
                signed = true;
            }
            try {
                validator.startElement();
            } catch (SAXParseException e) {
                throw schemaError(e, parent, name);
            }
            open.push(Frame.foreign(name));
            return;
        }
        Frame frame = new Frame(name, pathOf(parent, name), structural(parent, name), xml.getLocation());
        if (parent != null) {
            parent.seen.add(name);
        }
        if ("MessageHeader".equals(parent == null ? null : parent.path)) {
            detect(name, frame);
        }
        try {
            validator.startElement();
        } catch (SAXParseException e) {
            throw schemaError(e, parent, name);
        }
        open.push(frame);
        if (PAYLOAD.equals(frame.path)) {
            payload = new Base64Count();
        } else {
            frame.text = new StringBuilder();
        }
    }

    private void text() throws EdxmlException, SAXException {
        Frame frame = open.peek();
        if (frame == null) {
            return;
        }
        char[] chars = xml.getTextCharacters();
        int start = xml.getTextStart();
        int length = xml.getTextLength();
        if (payload != null && !frame.foreign) {
            String problem = payload.accept(chars, start, length);
            if (problem != null) {
                throw invalid(frame.path, frame.path + ": not valid base64: " + problem, xml.getLocation(), null);
            }
            return;
        }
        int cap = Math.max(limits.maxFieldChars(), limits.maxContentChars()) + 1;
        if (frame.text != null) {
            int room = cap - frame.text.length();
            if (room > 0) {
                frame.text.append(chars, start, Math.min(room, length));
            }
        }
        // The validator buffers the text of simple-typed elements, so it sees a capped prefix only: longer
        // values are refused by leaf() anyway (Content, which the schema takes at any length, is cut).
        long room = cap - frame.forwarded;
        int forward = room > 0 ? (int) Math.min(room, length) : 0;
        if (forward == 0 && frame.hasChildren && !blank(chars, start, length)) {
            // past the cap, text between child elements still matters: element-only content must refuse it
            forward = length;
        }
        if (forward > 0) {
            frame.forwarded += forward;
            try {
                validator.characters(chars, start, forward);
            } catch (SAXParseException e) {
                throw schemaError(e, frame, null);
            }
        }
    }

    private static boolean blank(char[] chars, int start, int length) {
        for (int i = start; i < start + length; i++) {
            char c = chars[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private void endElement() throws EdxmlException, SAXException {
        Frame frame = open.pop();
        if (frame.foreign) {
            try {
                validator.endElement();
            } catch (SAXParseException e) {
                throw schemaError(e, frame, null);
            }
            return;
        }
        Location at = xml.getLocation();
        if (PAYLOAD.equals(frame.path)) {
            String problem = payload.finish();
            if (problem != null) {
                throw invalid(frame.path, frame.path + ": not valid base64: " + problem, at, null);
            }
            payloadBytes = payload.decodedBytes();
            payload = null;
        } else {
            checkRequired(frame, null, at);
            if (!frame.hasChildren) {
                leaf(frame, open.peek());
            }
            // also for a container written empty (<Bussiness/>): the schema judges whether that is allowed
            collect(frame);
        }
        try {
            validator.endElement();
        } catch (SAXParseException e) {
            throw schemaError(e, frame, null);
        }
    }

    // ---------------------------------------------------------------- the bus's own rules

    private void checkRoot(String namespace, String name) throws EdxmlException {
        if (!Edxml.NAMESPACE.equals(namespace) || !ENVELOPE.equals(name) && !WRAPPER.equals(name)) {
            String found = namespace == null || namespace.isEmpty() ? name : "{" + namespace + "}" + name;
            throw new EdxmlException(Kind.NOT_EDXML, null, "not an edXML message: the root element is " + found
                    + ", not edXMLEnvelope (or an edXML wrapper) in namespace " + Edxml.NAMESPACE,
                    line(xml.getLocation()), column(xml.getLocation()), null);
        }
    }

    private void detect(String child, Frame frame) throws EdxmlException {
        Detected now = "To".equals(child) ? Detected.DOCUMENT : "ResponseFor".equals(child) ? Detected.STATUS : null;
        if (now == null || detected != Detected.UNKNOWN) {
            return;
        }
        detected = now;
        if (expect == Expect.DOCUMENT && now == Detected.STATUS) {
            throw new EdxmlException(Kind.WRONG_KIND, frame.path,
                    "this is an edXML status packet (it has MessageHeader/ResponseFor), not a document package",
                    frame.line, frame.column, null);
        }
        if (expect == Expect.STATUS && now == Detected.DOCUMENT) {
            throw new EdxmlException(Kind.WRONG_KIND, frame.path,
                    "this is an edXML document package (it has MessageHeader/To), not a status packet",
                    frame.line, frame.column, null);
        }
    }

    /** A leaf's text: checked when the bus relies on it, then kept for its parent to build from. */
    private void leaf(Frame frame, Frame parent) throws EdxmlException {
        String path = frame.path;
        String value = frame.text == null ? "" : frame.text.toString().strip();
        if (CONTENT.equals(path)) {
            // the full text stays in the package; the model keeps enough to show and search
            if (frame.text != null && frame.text.length() > limits.maxContentChars()) {
                contentTruncated = true;
                value = frame.text.substring(0, limits.maxContentChars()).strip();
            }
        } else if (frame.text != null && frame.text.length() > limits.maxFieldChars()) {
            throw invalid(path, path + ": longer than " + limits.maxFieldChars() + " characters", frame);
        }
        if (ORGAN_IDS.contains(path) && !Identifiers.isOrganId(value)) {
            throw invalid(path, value.isEmpty() ? path + " is empty"
                    : path + ": " + quote(value) + " is not an agency code (" + Identifiers.ORGAN_ID_FORMS + ")",
                    frame);
        }
        if (DOCUMENT_IDS.contains(path)) {
            String problem = value.isEmpty() ? "is empty" : Identifiers.documentIdProblem(value);
            if (problem != null) {
                throw invalid(path, path + ": " + quote(value) + " " + problem, frame);
            }
        }
        if ("MessageHeader/StatusCode".equals(path) && StatusCode.of(value).isEmpty()) {
            throw invalid(path, path + " " + quote(value)
                    + " is not an edXML status code (01, 02, 03, 04, 05, 06, 13, 15, 16)", frame);
        }
        if ("TraceHeaderList/Bussiness/BussinessDocType".equals(path) && BusinessDocType.of(value).isEmpty()) {
            throw invalid(path, path + " " + quote(value)
                    + " is not a BussinessDocType (0 new, 1 revoke, 2 update, 3 replace)", frame);
        }
        if (DATES.contains(path)) {
            try {
                Identifiers.date(value);
            } catch (DateTimeException e) {
                throw invalid(path, path + ": " + quote(value) + " is not a date (yyyy-MM-dd)", frame);
            }
        }
        if (NOT_EMPTY.contains(path) && value.isEmpty()) {
            throw invalid(path, path + " is empty", frame);
        }
        if (parent != null && !parent.foreign) {
            retainedChars += value.length();
            if (retainedChars > limits.maxHeaderChars()) {
                throw invalid(path, "the message holds more than " + limits.maxHeaderChars()
                        + " characters of header text", frame);
            }
            parent.values.put(frame.name, value);
            parent.repeated.add(value);
        }
    }

    /** Checks {@code frame} has its required children; {@code before} is the child being started, if any. */
    private void checkRequired(Frame frame, String before, Location at) throws EdxmlException {
        String missing = firstMissing(frame, before, null);
        if (missing != null) {
            throw missing(frame, missing, before, at, null);
        }
    }

    private String firstMissing(Frame frame, String before, Set<String> expected) {
        List<String> required = required(frame, before);
        for (String child : required) {
            if (!frame.seen.contains(child) && (expected == null || expected.contains(child))) {
                return child;
            }
        }
        return null;
    }

    private List<String> required(Frame frame, String before) {
        if ("MessageHeader".equals(frame.path)) {
            Detected kind = detected;
            if (kind == Detected.UNKNOWN && before != null) {
                kind = STATUS_ONLY.contains(before) ? Detected.STATUS : Detected.DOCUMENT;
            }
            return kind == Detected.STATUS ? REQUIRED_IN_STATUS : REQUIRED_IN_DOCUMENT;
        }
        return REQUIRED.getOrDefault(frame.path.isEmpty() ? frame.name : frame.path, List.of());
    }

    private EdxmlException missing(Frame frame, String child, String before, Location at, Throwable cause) {
        String path = frame.display() + "/" + child;
        String detail = "missing " + path;
        if (before != null) {
            detail += " (found " + before + " first)";
        } else if ("MessageHeader".equals(frame.path) && detected == Detected.UNKNOWN && "To".equals(child)) {
            detail = "missing MessageHeader/To (a document package) or MessageHeader/ResponseFor (a status packet)";
        }
        return new EdxmlException(Kind.INVALID, path, detail, line(at), column(at), cause);
    }

    // ---------------------------------------------------------------- the model

    private void collect(Frame frame) throws EdxmlException {
        switch (frame.path) {
            case "MessageHeader" -> header = frame.values;
            case "MessageHeader/From" -> from = organization(frame);
            case "MessageHeader/To" -> to.add(organization(frame));
            case "MessageHeader/Code" -> code = new Code(frame.value("CodeNumber"), frame.value("CodeNotation"));
            case "MessageHeader/PromulgationInfo" -> promulgation = new Promulgation(frame.value("Place"),
                    Identifiers.date(frame.value("PromulgationDate")));
            case "MessageHeader/DocumentType" -> documentType = new DocumentType(frame.value("Type"),
                    frame.value("TypeDetail"), frame.value("TypeName"));
            case "MessageHeader/SignerInfo" -> signerInfo = new SignerInfo(frame.value("Competence"),
                    frame.value("Position"), frame.value("FullName"));
            case "MessageHeader/OtherInfo" -> priority = frame.value("Priority");
            case "MessageHeader/ToPlaces" -> toPlaces = List.copyOf(frame.repeated);
            case "MessageHeader/ResponseFor" -> responseFor = new ResponseFor(frame.value("OrganId"),
                    frame.value("Code"), Identifiers.date(frame.value("PromulgationDate")), frame.value("DocumentId"));
            case "MessageHeader/StaffInfo" -> statusStaff = staff(frame);
            case "TraceHeaderList/TraceHeader" -> traceHeaders.add(new TraceHeader(frame.value("OrganId"),
                    frame.value("Timestamp")));
            case "TraceHeaderList/Bussiness/StaffInfo" -> businessStaff = staff(frame);
            case "TraceHeaderList/Bussiness/BussinessDocumentInfo" ->
                    documentReceiver = frame.value("DocumentReceiver");
            case "TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver" ->
                    receivers.add(new Receiver(frame.value("OrganId"), frame.value("ReceiverType")));
            case "TraceHeaderList/Bussiness/ReplacementInfoList/ReplacementInfo/OrganIdList" ->
                    replacedOrganIds = List.copyOf(frame.repeated);
            case "TraceHeaderList/Bussiness/ReplacementInfoList/ReplacementInfo" -> {
                replacements.add(new Replacement(frame.value("DocumentId"), replacedOrganIds));
                replacedOrganIds = List.of();
            }
            case "TraceHeaderList/Bussiness" -> business(frame);
            case "edXMLBody/edXMLManifest/Reference" -> manifest.add(new Reference(frame.value("ContentId"),
                    frame.value("AttachmentName"), frame.value("Description"), frame.value("ContentType")));
            case "AttachmentEncoded/Attachment" -> attachments.add(new Attachment(frame.value("ContentId"),
                    frame.value("AttachmentName"), frame.value("Description"), frame.value("ContentType"),
                    payloadBytes));
            default -> {
                // containers the bus reads nothing from
            }
        }
    }

    private void business(Frame frame) throws EdxmlException {
        if (business != null) {
            throw invalid(frame.path, "TraceHeaderList has more than one Bussiness", frame);
        }
        String docType = frame.value("BussinessDocType");
        BusinessDocType type = docType == null ? BusinessDocType.NEW : BusinessDocType.of(docType).orElseThrow();
        if (type == BusinessDocType.REPLACE && replacements.isEmpty()) {
            throw invalid(frame.path + "/ReplacementInfoList", "TraceHeaderList/Bussiness/ReplacementInfoList: a "
                    + "replacement (BussinessDocType 3) names the documents it replaces in ReplacementInfo", frame);
        }
        business = new Business(frame.value("DocumentId"), type, frame.value("BussinessDocReason"),
                frame.value("Paper"), businessStaff, documentReceiver, receivers, replacements);
    }

    /** The message read by {@link #scan()}, {@code size} bytes long. */
    Edxml result(long size) throws EdxmlException {
        if (detected == Detected.STATUS) {
            return new EdxmlStatus(from, responseFor, statusStaff, header.get("StatusCode"),
                    blankToNull(header.get("Description")), blankToNull(header.get("Timestamp")), signed, size);
        }
        if (from == null || to.isEmpty() || header.get("DocumentId") == null) {
            // The schema requires these; reaching here means the document ended early without a parse error.
            throw new EdxmlException(Kind.INVALID, "MessageHeader", "missing MessageHeader", -1, -1, null);
        }
        return new EdxmlDocument(from, to, header.get("DocumentId"), code, promulgation, documentType,
                blankToNull(header.get("Subject")), blankToNull(header.get("Content")), contentTruncated, signerInfo,
                Identifiers.date(blankToNull(header.get("DueDate"))), priority,
                blankToNull(header.get("SteeringType")), toPlaces, traceHeaders, business, manifest, attachments,
                signed, size);
    }

    private static Organization organization(Frame frame) {
        return new Organization(frame.value("OrganId"), frame.value("OrganizationInCharge"),
                frame.value("OrganName"), frame.value("OrganAdd"), frame.value("Email"), frame.value("Telephone"),
                frame.value("Fax"), frame.value("Website"));
    }

    private static StaffInfo staff(Frame frame) {
        return new StaffInfo(frame.value("Department"), frame.value("Staff"), frame.value("Email"),
                frame.value("Mobile"));
    }

    // ---------------------------------------------------------------- schema errors

    /**
     * A schema error as a sender-readable refusal. Where the schema complains about a missing child the bus
     * needs, the message says which one; otherwise the validator's sentence, without its rule number and
     * namespace URIs.
     */
    private EdxmlException schemaError(SAXException e, Frame parent, String child) {
        Location at = xml.getLocation();
        String text = String.valueOf(e.getMessage());
        if (parent != null && text.startsWith("cvc-complex-type.2.4")) {
            Matcher expected = EXPECTED.matcher(text);
            Set<String> names = new LinkedHashSet<>();
            if (expected.find()) {
                for (String item : expected.group(1).split(",")) {
                    names.add(item.replaceAll("\"[^\"]*\":", "").trim());
                }
            }
            String missing = firstMissing(parent, child, names);
            if (missing != null) {
                return missing(parent, missing, child, at, e);
            }
        }
        String path = parent == null ? null : child == null ? parent.display() : parent.display() + "/" + child;
        String detail = clean(text);
        return new EdxmlException(Kind.INVALID, path, path == null ? detail : path + ": " + detail, line(at),
                column(at), e);
    }

    static String clean(String message) {
        return message
                .replaceFirst("^cvc-[A-Za-z0-9.\\-]+: ", "")
                .replaceAll("WC\\[##other:\"[^\"]*\"]", "an element of another namespace")
                .replaceAll("WC\\[##any]", "any element")
                .replaceAll("\"[^\"]*\":", "")
                .replace("'{", "'")
                .replace("}'", "'");
    }

    // ---------------------------------------------------------------- small things

    private EdxmlException invalid(String path, String detail, Frame at) {
        return new EdxmlException(Kind.INVALID, path, detail, at.line, at.column, null);
    }

    private static EdxmlException invalid(String path, String detail, Location at, Throwable cause) {
        return new EdxmlException(Kind.INVALID, path, detail, line(at), column(at), cause);
    }

    private static String pathOf(Frame parent, String name) {
        if (parent == null || parent.path.isEmpty() && isStructural(parent, name)) {
            return "";
        }
        if ("edXMLBody".equals(parent.path) && "AttachmentEncoded".equals(name)) {
            return name; // some senders put the attachments inside the body: same element, same rules
        }
        return parent.path.isEmpty() ? name : parent.path + "/" + name;
    }

    /** The wrapper, envelope and header: left out of paths, and where a ds:Signature may sit. */
    private static boolean structural(Frame parent, String name) {
        return parent == null ? true : parent.path.isEmpty() && isStructural(parent, name);
    }

    private static boolean isStructural(Frame parent, String name) {
        return WRAPPER.equals(parent.name) && ENVELOPE.equals(name) || ENVELOPE.equals(parent.name) && HEADER.equals(name);
    }

    private static String quote(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static int line(Location at) {
        return at == null ? -1 : at.getLineNumber();
    }

    private static int column(Location at) {
        return at == null ? -1 : at.getColumnNumber();
    }

    /** An open element. */
    private static final class Frame {
        final String name;
        /** Path below the structural elements ("" for those), e.g. MessageHeader/To. */
        final String path;
        final boolean foreign;
        final boolean structural;
        final int line;
        final int column;
        final Set<String> seen = new HashSet<>();
        final Map<String, String> values = new HashMap<>();
        final List<String> repeated = new ArrayList<>();
        StringBuilder text;
        long forwarded;
        boolean hasChildren;

        Frame(String name, String path, boolean structural, Location at) {
            this(name, path, false, structural, line(at), column(at));
        }

        private Frame(String name, String path, boolean foreign, boolean structural, int line, int column) {
            this.name = name;
            this.path = path;
            this.foreign = foreign;
            this.structural = structural;
            this.line = line;
            this.column = column;
        }

        static Frame foreign(String name) {
            return new Frame(name, "", true, false, -1, -1);
        }

        void childStarted() {
            hasChildren = true;
            text = null;
        }

        String display() {
            return path.isEmpty() ? name : path;
        }

        /** A leaf child's text, null when absent or empty. */
        String value(String child) {
            return blankToNull(values.get(child));
        }
    }
}
