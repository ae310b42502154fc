package org.lienthong.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.lienthong.connector.edxml.signature.EdxmlSigner;
import org.lienthong.connector.edxml.signature.TestPki;

/** edXML packages and status packets for the flow tests, signed (or not) with the test PKI. */
final class EdocPackages {

    static final String SUBJECT = "V/v triển khai Đề án Hệ thống thông tin tiếp nhận phản ánh kiến nghị";
    static final byte[] ATTACHMENT = "%PDF-1.4 công văn đính kèm — bản chụp".getBytes(StandardCharsets.UTF_8);

    private EdocPackages() {
    }

    /** A document package; {@code businessType} 0 new, 1 revoke, 2 update, 3 replace (replacing {@code replaces}). */
    static String document(String from, List<String> to, String documentId, int businessType, String replaces) {
        String recipients = to.stream().map(code -> "<To><OrganId>" + code + "</OrganId><OrganName>Cơ quan " + code
                + "</OrganName></To>").collect(Collectors.joining());
        String replacement = businessType == 3
                ? "<ReplacementInfoList><ReplacementInfo><DocumentId>" + replaces + "</DocumentId><OrganIdList>"
                + to.stream().map(c -> "<OrganId>" + c + "</OrganId>").collect(Collectors.joining())
                + "</OrganIdList></ReplacementInfo></ReplacementInfoList>" : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader><MessageHeader>\
                <From><OrganId>%s</OrganId><OrganName>Văn phòng thử nghiệm</OrganName></From>%s\
                <DocumentId>%s</DocumentId>\
                <Code><CodeNumber>12</CodeNumber><CodeNotation>VPCP-TTĐT</CodeNotation></Code>\
                <PromulgationInfo><Place>Hà Nội</Place><PromulgationDate>2026-11-23</PromulgationDate></PromulgationInfo>\
                <DocumentType><Type>1</Type><TypeDetail>0</TypeDetail><TypeName>Công văn</TypeName></DocumentType>\
                <Subject>%s</Subject><Content>Nội dung thử nghiệm.</Content>\
                </MessageHeader><TraceHeaderList><Bussiness><DocumentId>%s</DocumentId>\
                <BussinessDocType>%d</BussinessDocType><BussinessDocReason>Thử nghiệm</BussinessDocReason><Paper>0</Paper>\
                %s</Bussiness></TraceHeaderList></edXMLHeader><edXMLBody><edXMLManifest>\
                <Reference><ContentId>cid:1</ContentId><ContentType>application/pdf</ContentType>\
                <AttachmentName>cong-van.pdf</AttachmentName></Reference></edXMLManifest></edXMLBody>\
                <AttachmentEncoded><Attachment><ContentId>cid:1</ContentId><AttachmentName>cong-van.pdf</AttachmentName>\
                <ContentType>application/pdf</ContentType><ContentTransferEncoded>%s</ContentTransferEncoded>\
                </Attachment></AttachmentEncoded></edXMLEnvelope>
                """.formatted(from, recipients, documentId, SUBJECT, documentId, businessType, replacement,
                Base64.getEncoder().encodeToString(ATTACHMENT));
    }

    /** A status packet from a recipient about a document of {@code documentSender}. */
    static String status(String from, String documentSender, String documentId, String code) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader><MessageHeader>\
                <From><OrganId>%s</OrganId><OrganName>Cơ quan %s</OrganName></From>\
                <ResponseFor><OrganId>%s</OrganId><Code>12/VPCP-TTĐT</Code><PromulgationDate>2026-11-23</PromulgationDate>\
                <DocumentId>%s</DocumentId></ResponseFor>\
                <StaffInfo><Department>Văn thư</Department><Staff>Trần Thị B</Staff></StaffInfo>\
                <StatusCode>%s</StatusCode><Description>Đã tiếp nhận văn bản</Description>\
                <Timestamp>2026-11-23T10:00:00+07:00</Timestamp></MessageHeader></edXMLHeader><edXMLBody/></edXMLEnvelope>
                """.formatted(from, from, documentSender, documentId, code);
    }

    static byte[] signed(String xml, TestPki.Credential signer) {
        try {
            return EdxmlSigner.with(signer).sign(xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String documentId(String sender, String number) {
        return sender + ",2026/11/23," + number + "/VPCP-TTĐT";
    }
}
