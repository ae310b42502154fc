package org.lienthong.connector.edxml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;

import org.lienthong.connector.edxml.EdxmlException.Kind;
import org.lienthong.connector.xml.SecureXml;
import org.lienthong.connector.xml.SecureXml.XmlRefusedException;

/**
 * Reads an edXML document package or status packet in one streaming pass: the XML is parsed by
 * {@link SecureXml} (no DOCTYPE, no entities, limits), validated against {@link EdxmlSchema} as it streams,
 * checked against the rules the bus routes by, and turned into an {@link Edxml}. Attachments are checked as
 * base64 and counted, never held: memory stays constant whatever the package's size.
 *
 * <p>The reader only reads: the bytes of a package (which a signature may cover) are never changed, and
 * the caller keeps them as they came. One reader is thread-safe and meant to be shared (it holds the
 * compiled schema).
 *
 * <p>Why one {@link #read} returning the sealed {@link Edxml} and also {@link #readDocument} /
 * {@link #readStatus}: an edge that accepts "whatever edXML arrives" (a file drop, the SOAP mailbox)
 * switches on the result; an edge bound to one kind ({@code POST /api/v1/edoc} vs {@code /edoc/status})
 * gets the type it needs and a {@link Kind#WRONG_KIND} refusal as soon as the header shows the other kind.
 */
public final class EdxmlReader {

    /**
     * Limits of one read.
     *
     * @param maxBytes        largest message accepted, in bytes
     * @param xml             XML nesting, element and attribute limits
     * @param maxFieldChars   longest text of a header element; longer is refused
     * @param maxContentChars characters of {@code Content} kept in the model; longer is cut, not refused
     * @param maxHeaderChars  header text kept over all elements together (bounds the model with many {@code To}s)
     */
    public record Limits(long maxBytes, SecureXml.Limits xml, int maxFieldChars, int maxContentChars,
                         long maxHeaderChars) {

        /** 1 GiB (SPEC §6 limit for edXML), default XML limits, 10,000-character fields, 4 M header characters. */
        public static final Limits DEFAULT = new Limits(1L << 30, SecureXml.Limits.DEFAULT, 10_000, 10_000,
                4_000_000);

        public Limits {
            if (maxBytes < 1 || xml == null || maxFieldChars < 1 || maxContentChars < 1 || maxHeaderChars < 1) {
                throw new IllegalArgumentException("edXML limits must be positive");
            }
        }
    }

    private final Limits limits;
    private final Schema schema;

    /** A reader with {@link Limits#DEFAULT} and the bundled schema. */
    public EdxmlReader() {
        this(Limits.DEFAULT);
    }

    public EdxmlReader(Limits limits) {
        this.limits = limits;
        this.schema = EdxmlSchema.load();
    }

    /** Reads a package or a status packet from a file. */
    public Edxml read(Path file) throws IOException, EdxmlException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, PackageScan.Expect.ANY);
        }
    }

    /** Reads a package or a status packet from {@code in}, to its end; {@code in} is not closed. */
    public Edxml read(InputStream in) throws IOException, EdxmlException {
        return read(in, PackageScan.Expect.ANY);
    }

    /** Reads a document package from a file; a status packet is refused with {@link Kind#WRONG_KIND}. */
    public EdxmlDocument readDocument(Path file) throws IOException, EdxmlException {
        try (InputStream in = Files.newInputStream(file)) {
            return readDocument(in);
        }
    }

    /** Reads a document package from {@code in}; a status packet is refused with {@link Kind#WRONG_KIND}. */
    public EdxmlDocument readDocument(InputStream in) throws IOException, EdxmlException {
        return (EdxmlDocument) read(in, PackageScan.Expect.DOCUMENT);
    }

    /** Reads a status packet from a file; a document package is refused with {@link Kind#WRONG_KIND}. */
    public EdxmlStatus readStatus(Path file) throws IOException, EdxmlException {
        try (InputStream in = Files.newInputStream(file)) {
            return readStatus(in);
        }
    }

    /** Reads a status packet from {@code in}; a document package is refused with {@link Kind#WRONG_KIND}. */
    public EdxmlStatus readStatus(InputStream in) throws IOException, EdxmlException {
        return (EdxmlStatus) read(in, PackageScan.Expect.STATUS);
    }

    private Edxml read(InputStream source, PackageScan.Expect expect) throws IOException, EdxmlException {
        CountedInput in = new CountedInput(source, limits.maxBytes());
        XMLStreamReader xml = null;
        try {
            xml = SecureXml.streamReader(in, limits.xml());
            PackageScan scan = new PackageScan(xml, schema, limits, expect);
            scan.scan();
            in.drain();
            return scan.result(in.count());
        } catch (XmlRefusedException e) {
            throw refused(e, in);
        } catch (CountedInput.TooLarge e) {
            throw tooLarge(e);
        } finally {
            close(xml);
        }
    }

    /** The parser reports a failing source as bad XML; tell the two apart by what the source saw. */
    private EdxmlException refused(XmlRefusedException e, CountedInput in) throws IOException {
        IOException failure = in.failure();
        if (failure instanceof CountedInput.TooLarge tooLarge) {
            return tooLarge(tooLarge);
        }
        if (failure != null) {
            throw failure;
        }
        Kind kind = e.reason() == SecureXml.Reason.MALFORMED ? Kind.MALFORMED_XML : Kind.UNSAFE_XML;
        return new EdxmlException(kind, null, e.problem(), e.line(), e.column(), e);
    }

    private EdxmlException tooLarge(CountedInput.TooLarge e) {
        return new EdxmlException(Kind.TOO_LARGE, null, "the message is larger than " + limits.maxBytes()
                + " bytes", -1, -1, e);
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // the reader holds nothing the caller's stream does not
            }
        }
    }
}
