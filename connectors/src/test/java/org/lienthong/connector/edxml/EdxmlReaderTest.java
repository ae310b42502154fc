package org.lienthong.connector.edxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.edxml.EdxmlException.Kind;
import org.lienthong.connector.xml.SecureXml;

/** Behaviour of {@link EdxmlReader} beyond the golden cases: kinds, limits, streams, lenient corners. */
class EdxmlReaderTest {

    private static final EdxmlReader READER = new EdxmlReader();
    private static final String NS = Edxml.NAMESPACE;

    /** A minimal valid package; {@code header} goes at the end of MessageHeader, {@code tail} after the header. */
    static String document(String header, String tail) {
        return "<edXMLEnvelope xmlns='" + NS + "'><edXMLHeader><MessageHeader>"
                + "<From><OrganId>000.00.00.G22</OrganId></From><To><OrganId>000.00.00.H41</OrganId></To>"
                + "<DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</DocumentId>" + header
                + "</MessageHeader></edXMLHeader>" + tail + "</edXMLEnvelope>";
    }

    static String attachment(String base64) {
        return "<AttachmentEncoded><Attachment><ContentId>cid:1</ContentId><AttachmentName>a.bin</AttachmentName>"
                + "<ContentTransferEncoded>" + base64 + "</ContentTransferEncoded></Attachment></AttachmentEncoded>";
    }

    // ---------------------------------------------------------------- kinds

    @Test
    void readDocumentRefusesStatusPacketAsSoonAsItShows() {
        assertThatThrownBy(() -> READER.readDocument(EdocGolden.input("status-code-01.request.xml")))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.WRONG_KIND);
                    assertThat(e.getMessage()).startsWith("this is an edXML status packet");
                });
    }

    @Test
    void readStatusRefusesDocumentPackage() {
        assertThatThrownBy(() -> READER.readStatus(EdocGolden.input("new-document.request.xml")))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.WRONG_KIND);
                    assertThat(e.getMessage()).startsWith("this is an edXML document package");
                });
    }

    @Test
    void typedReadersReturnTheirKind() throws Exception {
        EdxmlDocument document = READER.readDocument(EdocGolden.input("new-document.request.xml"));
        EdxmlStatus status = READER.readStatus(EdocGolden.input("status-code-13.request.xml"));
        assertThat(document.recipients()).containsExactly("000.00.00.H41", "H41.15");
        assertThat(document.attachmentBytes()).isEqualTo(104 + 260);
        assertThat(status.recipients()).containsExactly("000.00.00.H41");
        assertThat(status.status()).isEqualTo(StatusCode.RECALL_REQUESTED);
        assertThat(status.documentId()).isEqualTo("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT");
    }

    @Test
    void readReturnsEitherKindRoutedTheSameWay() throws Exception {
        Edxml status = READER.read(EdocGolden.input("status-03.signed.edxml"));
        Edxml document = READER.read(EdocGolden.input("edoc-new.signed.edxml"));
        assertThat(status).isInstanceOf(EdxmlStatus.class);
        assertThat(status.recipients()).containsExactly("000.00.00.G22");
        assertThat(document).isInstanceOf(EdxmlDocument.class);
        assertThat(document.recipients()).containsExactly("000.00.00.H41", "H41.15");
        assertThat(document.documentId()).isEqualTo(status.documentId());
    }

    // ---------------------------------------------------------------- streams and bytes

    @Test
    void readsStreamToItsEndWithoutClosingIt() throws Exception {
        byte[] bytes = (document("", "") + "\n<!-- trailing comment -->\n   ").getBytes(StandardCharsets.UTF_8);
        boolean[] closed = {false};
        ByteArrayInputStream source = new ByteArrayInputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Edxml read = READER.read(source);
        assertThat(read.size()).isEqualTo(bytes.length);
        assertThat(source.available()).isZero();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void readingChangesNoByteOfThePackage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path copy = Files.copy(EdocGolden.input("edoc-new.signed.edxml"), dir.resolve("p.edxml"));
        byte[] before = Files.readAllBytes(copy);
        assertThat(READER.read(copy).signed()).isTrue();
        assertThat(Files.readAllBytes(copy)).isEqualTo(before);
    }

    @Test
    void sourceFailureIsAnIoExceptionNotTheSendersFault() {
        byte[] bytes = document("", "").getBytes(StandardCharsets.UTF_8);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(bytes, 0, 100)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        assertThatThrownBy(() -> READER.read(failing)).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @Test
    void refusesMessageLargerThanTheLimit() {
        EdxmlReader small = new EdxmlReader(new EdxmlReader.Limits(1_000, SecureXml.Limits.DEFAULT, 10_000, 10_000,
                4_000_000));
        String big = document("", attachment("QUJD".repeat(1_000)));
        assertThatThrownBy(() -> small.read(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
                    assertThat(e.getMessage()).isEqualTo("the message is larger than 1000 bytes");
                });
    }

    @Test
    void emptyInputIsMalformed() {
        assertThatThrownBy(() -> READER.read(new ByteArrayInputStream(new byte[0])))
                .isInstanceOfSatisfying(EdxmlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_XML));
    }

    @Test
    void jsonIsNotXml() {
        assertThatThrownBy(() -> READER.read(utf8("{\"to\":[\"000.00.00.H41\"]}")))
                .isInstanceOfSatisfying(EdxmlException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_XML));
    }

    // ---------------------------------------------------------------- text limits

    @Test
    void keepsTheFirstCharactersOfALongContent() throws Exception {
        String content = "Nội dung ".repeat(3_000);
        EdxmlDocument read = READER.readDocument(utf8(document("<Content>" + content + "</Content>", "")));
        assertThat(read.contentTruncated()).isTrue();
        assertThat(read.content()).hasSizeLessThanOrEqualTo(10_000).isEqualTo(content.substring(0, 10_000).strip());
    }

    @Test
    void refusesOverlongSubject() {
        assertThatThrownBy(() -> READER.read(utf8(document("<Subject>" + "x".repeat(20_000) + "</Subject>", ""))))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.path()).isEqualTo("MessageHeader/Subject");
                    assertThat(e.getMessage()).startsWith("MessageHeader/Subject: longer than 10000 characters");
                });
    }

    @Test
    void readsAPackageForThousandsOfRecipients() throws Exception {
        StringBuilder to = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            to.append("<To><OrganId>H41.").append(i).append("</OrganId></To>");
        }
        String xml = "<edXMLEnvelope xmlns='" + NS + "'><edXMLHeader><MessageHeader>"
                + "<From><OrganId>000.00.00.G22</OrganId></From>" + to
                + "<To><OrganId>H41.0</OrganId></To>"
                + "<DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</DocumentId></MessageHeader></edXMLHeader>"
                + "</edXMLEnvelope>";
        EdxmlDocument read = READER.readDocument(utf8(xml));
        assertThat(read.to()).hasSize(5_001);
        assertThat(read.recipients()).hasSize(5_000).startsWith("H41.0", "H41.1");
    }

    // ---------------------------------------------------------------- codes and rules

    @ParameterizedTest
    @ValueSource(strings = {"000.00.00.h41", "000.00.00.H4", "Z01", "H41.", "H41..1", "000.00.00.H41 X",
            "H41.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesWhatIsNotAnAgencyCode(String code) {
        String xml = document("", "").replace("<To><OrganId>000.00.00.H41</OrganId>", "<To><OrganId>" + code
                + "</OrganId>");
        assertThatThrownBy(() -> READER.read(utf8(xml)))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.path()).isEqualTo("MessageHeader/To/OrganId");
                    assertThat(e.getMessage()).contains("is not an agency code");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"000.00.00.H41", "H41", "H41.15", "G22.01.03", "A01.B2.C3.D4.E5.F6.G7.H8.I9.J10.KK",
            "  000.00.00.H41  "})
    void acceptsBothCodeForms(String code) throws Exception {
        String xml = document("", "").replace("<To><OrganId>000.00.00.H41</OrganId>", "<To><OrganId>" + code
                + "</OrganId>");
        assertThat(READER.readDocument(utf8(xml)).recipients()).containsExactly(code.strip());
    }

    @Test
    void emptyOrganIdIsNamed() {
        String xml = document("", "").replace("<To><OrganId>000.00.00.H41</OrganId>", "<To><OrganId/>");
        assertThatThrownBy(() -> READER.read(utf8(xml)))
                .hasMessageStartingWith("MessageHeader/To/OrganId is empty");
    }

    @Test
    void toWithoutOrganIdIsNamed() {
        String xml = document("", "").replace("<To><OrganId>000.00.00.H41</OrganId></To>",
                "<To><OrganName>UBND</OrganName></To>");
        assertThatThrownBy(() -> READER.read(utf8(xml)))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.path()).isEqualTo("MessageHeader/To/OrganId");
                    assertThat(e.getMessage()).startsWith("missing MessageHeader/To/OrganId");
                });
    }

    @Test
    void messageHeaderWithOnlyFromSaysWhatIsMissing() {
        String xml = "<edXMLEnvelope xmlns='" + NS + "'><edXMLHeader><MessageHeader>"
                + "<From><OrganId>000.00.00.G22</OrganId></From></MessageHeader></edXMLHeader></edXMLEnvelope>";
        assertThatThrownBy(() -> READER.read(utf8(xml))).hasMessageStartingWith(
                "missing MessageHeader/To (a document package) or MessageHeader/ResponseFor (a status packet)");
    }

    @Test
    void envelopeWithoutHeaderIsNamed() {
        assertThatThrownBy(() -> READER.read(utf8("<edXMLEnvelope xmlns='" + NS + "'/>")))
                .hasMessageStartingWith("missing edXMLEnvelope/edXMLHeader");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2015-02-30", "30/09/2015", "2015-9-30"})
    void refusesWhatIsNotADate(String date) {
        String xml = document("<DueDate>" + date + "</DueDate>", "");
        assertThatThrownBy(() -> READER.read(utf8(xml)))
                .isInstanceOfSatisfying(EdxmlException.class, e -> assertThat(e.path()).isEqualTo("MessageHeader/DueDate"));
    }

    @Test
    void emptyOptionalDateIsAbsent() throws Exception {
        assertThat(READER.readDocument(utf8(document("<DueDate/>", ""))).dueDate()).isNull();
    }

    @Test
    void statusCodeIsComparedExactly() {
        String xml = replaced(EdocGolden.input("status-code-03.request.xml"), "<StatusCode>03</StatusCode>",
                "<StatusCode>3</StatusCode>");
        assertThatThrownBy(() -> READER.read(utf8(xml)))
                .hasMessageStartingWith("MessageHeader/StatusCode '3' is not an edXML status code");
    }

    @Test
    void refusesTwoBussinessHeaders() {
        String xml = document("", "").replace("</edXMLHeader>", "<TraceHeaderList><Bussiness/><Bussiness/>"
                + "</TraceHeaderList></edXMLHeader>");
        assertThatThrownBy(() -> READER.read(utf8(xml))).hasMessageStartingWith(
                "TraceHeaderList has more than one Bussiness");
    }

    // ---------------------------------------------------------------- lenient corners

    @Test
    void acceptsExtensionsInTheirOwnNamespace() throws Exception {
        String xml = document("<x:Tracking xmlns:x='urn:vendor'><x:Id>42</x:Id></x:Tracking>", "");
        assertThat(READER.readDocument(utf8(xml)).documentId()).startsWith("000.00.00.G22");
    }

    @Test
    void acceptsUnknownElementsInOtherInfo() throws Exception {
        String xml = document("<OtherInfo><Priority>2</Priority><VendorFlag>x</VendorFlag><Appendixes>"
                + "<Appendix>PL1</Appendix></Appendixes></OtherInfo>", "");
        assertThat(READER.readDocument(utf8(xml)).priority()).isEqualTo("2");
    }

    @Test
    void findsTheSignatureInTheHeaderOrAtTheEndOfTheEnvelope() throws Exception {
        String signature = "<ds:Signature xmlns:ds='" + SecureXml.XMLDSIG_NAMESPACE + "'><ds:SignedInfo/>"
                + "</ds:Signature>";
        String inHeader = document("", "").replace("</edXMLHeader>", signature + "</edXMLHeader>");
        String atEnd = document("", signature);
        assertThat(READER.read(utf8(inHeader)).signed()).isTrue();
        assertThat(READER.read(utf8(atEnd)).signed()).isTrue();
        assertThat(READER.read(utf8(document("", ""))).signed()).isFalse();
    }

    @Test
    void signatureInsideTheMessageHeaderIsNotTheEnvelopedSignature() throws Exception {
        String signature = "<ds:Signature xmlns:ds='" + SecureXml.XMLDSIG_NAMESPACE + "'/>";
        assertThat(READER.read(utf8(document(signature, ""))).signed()).isFalse();
    }

    @Test
    void acceptsCommentsProcessingInstructionsAndCdata() throws Exception {
        String xml = "<?xml version='1.0' encoding='UTF-8'?><!-- a --><?pi x?>" + document(
                "<Subject><![CDATA[V/v <thử> & nghiệm]]></Subject>", "");
        assertThat(READER.readDocument(utf8(xml)).subject()).isEqualTo("V/v <thử> & nghiệm");
    }

    @Test
    void readsOtherEncodingsDeclaredByTheSender() throws Exception {
        String xml = "<?xml version='1.0' encoding='UTF-16'?>" + document("<Subject>Hà Nội</Subject>", "");
        EdxmlDocument read = READER.readDocument(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_16)));
        assertThat(read.subject()).isEqualTo("Hà Nội");
    }

    @Test
    void readsAFileThatStartsWithAByteOrderMark() throws Exception {
        byte[] xml = document("", "").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[xml.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(xml, 0, withBom, 3, xml.length);
        assertThat(READER.read(new ByteArrayInputStream(withBom)).size()).isEqualTo(withBom.length);
    }

    // ---------------------------------------------------------------- attachments

    @Test
    void countsDecodedBytesOfRandomAttachmentsWithMimeLineBreaks() throws Exception {
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 2, 3, 4, 57, 58, 1_000, 65_537}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            String base64 = Base64.getMimeEncoder().encodeToString(data).replace("\r\n", "&#13;\n");
            EdxmlDocument read = READER.readDocument(utf8(document("", attachment(base64))));
            assertThat(read.attachments()).singleElement().extracting(EdxmlDocument.Attachment::size)
                    .isEqualTo((long) size);
        }
    }

    @Test
    void attachmentWithAChildElementIsRefused() {
        assertThatThrownBy(() -> READER.read(utf8(document("", attachment("QUJD<b/>")))))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.path()).isEqualTo("AttachmentEncoded/Attachment/ContentTransferEncoded/b");
                });
    }

    private static InputStream utf8(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** A golden file's text with one detail changed. */
    private static String replaced(Path file, String target, String replacement) {
        try {
            String text = Files.readString(file);
            assertThat(text).contains(target);
            return text.replace(target, replacement);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
