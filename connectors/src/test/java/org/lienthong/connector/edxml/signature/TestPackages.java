package org.lienthong.connector.edxml.signature;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

/**
 * Unsigned edXML packages for signature tests: a small document with one attachment, a status packet, and a
 * large document whose single base64 attachment is streamed to disk (never held in memory).
 */
public final class TestPackages {

    public static final String EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
    public static final String SUBJECT = "V/v thử nghiệm ký số gói tin edXML";
    /** The small document's attachment, base64 of "%PDF-1.4 thử nghiệm". */
    public static final String ATTACHMENT_BASE64 = Base64.getEncoder()
            .encodeToString("%PDF-1.4 thử nghiệm — văn bản đính kèm".getBytes(StandardCharsets.UTF_8));

    private TestPackages() {
    }

    /** A new document from {@code from} to 000.00.00.H41, indented, with one small attachment. */
    public static String edoc(String from) {
        return edoc(from, SUBJECT);
    }

    public static String edoc(String from, String subject) {
        return head(from, subject) + ATTACHMENT_BASE64 + TAIL;
    }

    /** A status packet 03 (accepted) from {@code from} about a document of {@code to}. */
    public static String status(String from, String to) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
                  <edXMLHeader>
                    <MessageHeader>
                      <From><OrganId>%s</OrganId><OrganName>Cơ quan %s</OrganName></From>
                      <ResponseFor><OrganId>%s</OrganId><Code>12/VPCP-TTĐT</Code><PromulgationDate>2026-11-23</PromulgationDate><DocumentId>%s,2026/11/23,12/VPCP-TTĐT</DocumentId></ResponseFor>
                      <StaffInfo><Department>Văn thư</Department><Staff>Trần Thị B</Staff></StaffInfo>
                      <StatusCode>03</StatusCode>
                      <Description>Đã tiếp nhận</Description>
                      <Timestamp>2026-11-23T10:00:00+07:00</Timestamp>
                    </MessageHeader>
                  </edXMLHeader>
                  <edXMLBody/>
                </edXMLEnvelope>
                """.formatted(from, from, to, to);
    }

    /**
     * Writes a document whose single attachment is {@code attachmentBytes} of pseudo-random data, base64 in
     * 76-character CR LF lines, inside edXMLBody/AttachmentEncoded. Streams; returns the file size.
     */
    public static long writeLargeEdoc(Path file, String from, long attachmentBytes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[57 * 1024]; // a multiple of 3 and of 57, so the MIME lines stay whole across chunks
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head(from, SUBJECT).getBytes(StandardCharsets.UTF_8));
            OutputStream base64 = Base64.getMimeEncoder().wrap(new NonClosing(out));
            for (long written = 0; written < attachmentBytes; written += chunk.length) {
                random.nextBytes(chunk);
                base64.write(chunk, 0, (int) Math.min(chunk.length, attachmentBytes - written));
            }
            base64.close();
            out.write(TAIL.getBytes(StandardCharsets.UTF_8));
        }
        return Files.size(file);
    }

    private static String head(String from, String subject) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
                  <edXMLHeader>
                    <MessageHeader>
                      <From><OrganId>%s</OrganId><OrganName>Cơ quan %s</OrganName></From>
                      <To><OrganId>000.00.00.H41</OrganId><OrganName>Cơ quan 000.00.00.H41</OrganName></To>
                      <DocumentId>%s,2026/11/23,12/VPCP-TTĐT</DocumentId>
                      <Code><CodeNumber>12</CodeNumber><CodeNotation>VPCP-TTĐT</CodeNotation></Code>
                      <PromulgationInfo><Place>Hà Nội</Place><PromulgationDate>2026-11-23</PromulgationDate></PromulgationInfo>
                      <DocumentType><Type>1</Type><TypeDetail>0</TypeDetail><TypeName>Công văn</TypeName></DocumentType>
                      <Subject>%s</Subject>
                      <Content>Nội dung &amp; ghi chú &lt;thử&gt;</Content>
                      <OtherInfo><Appendixes><Appendix stt="1" loai="PL">Phụ lục 1</Appendix></Appendixes></OtherInfo>
                    </MessageHeader>
                    <TraceHeaderList>
                      <Bussiness><DocumentId>%s,2026/11/23,12/VPCP-TTĐT</DocumentId><BussinessDocType>0</BussinessDocType></Bussiness>
                    </TraceHeaderList>
                  </edXMLHeader>
                  <edXMLBody>
                    <edXMLManifest>
                      <Reference><ContentId>cid:att1</ContentId><ContentType>application/pdf</ContentType><AttachmentName>van-ban.pdf</AttachmentName></Reference>
                    </edXMLManifest>
                    <AttachmentEncoded>
                      <Attachment><ContentId>cid:att1</ContentId><AttachmentName>van-ban.pdf</AttachmentName><ContentType>application/pdf</ContentType><ContentTransferEncoded>""".formatted(
                from, from, from, escape(subject), from);
    }

    private static final String TAIL = """
            </ContentTransferEncoded></Attachment>
                </AttachmentEncoded>
              </edXMLBody>
            </edXMLEnvelope>
            """;

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Lets the base64 encoder flush its padding on close without closing the file. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
