package org.lienthong.connector.edxml;

/**
 * An edXML message refused by {@link EdxmlReader}. The message is written for the sender: it names the
 * offending element (as a path below {@code edXMLHeader}, e.g. {@code MessageHeader/To/OrganId}) and where
 * it is, and never repeats parser internals (those stay in the cause, for the log).
 */
public final class EdxmlException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal; the edges map these to their problem codes in one place. */
    public enum Kind {
        /** DOCTYPE, entity references or XML limits exceeded: refused before the content was looked at. */
        UNSAFE_XML,
        /** Not well-formed XML. */
        MALFORMED_XML,
        /** Well-formed, but not edXML (another root element or namespace). */
        NOT_EDXML,
        /** edXML that breaks the schema or a rule the bus needs (codes, ids, status codes, base64). */
        INVALID,
        /** A status packet where a document package was expected, or the other way round. */
        WRONG_KIND,
        /** Larger than the reader's {@link EdxmlReader.Limits#maxBytes()}. */
        TOO_LARGE
    }

    private final Kind kind;
    private final String path;
    private final String detail;
    private final int line;
    private final int column;

    /**
     * @param kind   what kind of refusal
     * @param path   the offending element's path, or null when the message as a whole is refused
     * @param detail the problem, already naming the element where that reads better
     * @param line   1-based line, or -1
     * @param column 1-based column, or -1
     * @param cause  the parser's or validator's exception, or null
     */
    public EdxmlException(Kind kind, String path, String detail, int line, int column, Throwable cause) {
        super(detail + (line > 0 ? " (line " + line + ", column " + column + ")" : ""), cause);
        this.kind = kind;
        this.path = path;
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    public Kind kind() {
        return kind;
    }

    /** The offending element, e.g. {@code MessageHeader/To/OrganId}; null when not about one element. */
    public String path() {
        return path;
    }

    /** The message without the line and column. */
    public String detail() {
        return detail;
    }

    /** 1-based line of the problem, -1 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, -1 when unknown. */
    public int column() {
        return column;
    }
}
