package org.lienthong.connector.edxml;

import java.time.LocalDate;
import java.util.List;

/**
 * An edXML document package: the header fields of {@code MessageHeader}, the trace and business headers,
 * the manifest, and for each attachment its description and decoded size (the attachment's bytes are
 * streamed past, never held).
 *
 * @param from             {@code From}
 * @param to               every {@code To}, in document order (at least one)
 * @param documentId       {@code DocumentId}, {@code <OrganId>,<yyyy/MM/dd>,<number/notation>}
 * @param code             {@code Code}, or null
 * @param promulgation     {@code PromulgationInfo}, or null
 * @param documentType     {@code DocumentType}, or null
 * @param subject          {@code Subject} (trích yếu), or null
 * @param content          {@code Content}, at most {@link EdxmlReader.Limits#maxContentChars()} characters
 * @param contentTruncated whether {@code content} was cut to that length
 * @param signerInfo       {@code SignerInfo}, or null
 * @param dueDate          {@code DueDate}, or null
 * @param priority         {@code OtherInfo/Priority}, or null
 * @param steeringType     {@code SteeringType}, or null
 * @param toPlaces         {@code ToPlaces/Place} (nơi nhận as written on the document)
 * @param traceHeaders     {@code TraceHeaderList/TraceHeader}, one per hop
 * @param business         {@code TraceHeaderList/Bussiness}, or null when absent (a new document)
 * @param manifest         {@code edXMLBody/edXMLManifest/Reference}
 * @param attachments      {@code AttachmentEncoded/Attachment}
 * @param signed           whether a {@code ds:Signature} is present
 * @param size             size of the package in bytes
 */
public record EdxmlDocument(
        Organization from,
        List<Organization> to,
        String documentId,
        Code code,
        Promulgation promulgation,
        DocumentType documentType,
        String subject,
        String content,
        boolean contentTruncated,
        SignerInfo signerInfo,
        LocalDate dueDate,
        String priority,
        String steeringType,
        List<String> toPlaces,
        List<TraceHeader> traceHeaders,
        Business business,
        List<Reference> manifest,
        List<Attachment> attachments,
        boolean signed,
        long size) implements Edxml {

    public EdxmlDocument {
        to = List.copyOf(to);
        toPlaces = List.copyOf(toPlaces);
        traceHeaders = List.copyOf(traceHeaders);
        manifest = List.copyOf(manifest);
        attachments = List.copyOf(attachments);
    }

    /** The {@code To/OrganId}s, each once, in document order. */
    @Override
    public List<String> recipients() {
        return to.stream().map(Organization::organId).distinct().toList();
    }

    /** What the package does; a package without {@code Bussiness} is a new document. */
    public BusinessDocType businessDocType() {
        return business == null ? BusinessDocType.NEW : business.docType();
    }

    /** Sum of the attachments' decoded sizes. */
    public long attachmentBytes() {
        return attachments.stream().mapToLong(Attachment::size).sum();
    }

    /** {@code Code}: the number and notation of the document (số, ký hiệu). */
    public record Code(String number, String notation) {
    }

    /** {@code PromulgationInfo}: where and when the document was issued. */
    public record Promulgation(String place, LocalDate date) {
    }

    /** {@code DocumentType}, e.g. {@code 1 / 0 / "Công văn"}. */
    public record DocumentType(String type, String typeDetail, String typeName) {
    }

    /** {@code SignerInfo}: who signed the document. */
    public record SignerInfo(String competence, String position, String fullName) {
    }

    /** {@code TraceHeader}: one hop the package went through; the timestamp as written. */
    public record TraceHeader(String organId, String timestamp) {
    }

    /**
     * {@code Bussiness}: what the package does to the document.
     *
     * @param documentId       {@code DocumentId}, or null
     * @param docType          {@code BussinessDocType}; {@link BusinessDocType#NEW} when absent
     * @param reason           {@code BussinessDocReason}, or null
     * @param paper            {@code Paper} (whether a paper copy follows), or null
     * @param staffInfo        {@code StaffInfo}, or null
     * @param documentReceiver {@code BussinessDocumentInfo/DocumentReceiver}, or null
     * @param receivers        {@code BussinessDocumentInfo/ReceiverList/Receiver}
     * @param replacements     {@code ReplacementInfoList/ReplacementInfo}: the documents a replacement replaces
     */
    public record Business(String documentId, BusinessDocType docType, String reason, String paper,
                           StaffInfo staffInfo, String documentReceiver, List<Receiver> receivers,
                           List<Replacement> replacements) {
        public Business {
            receivers = List.copyOf(receivers);
            replacements = List.copyOf(replacements);
        }
    }

    /** {@code Receiver}: an agency an update or revocation concerns. */
    public record Receiver(String organId, String receiverType) {
    }

    /** {@code ReplacementInfo}: a replaced document and the agencies it had been sent to. */
    public record Replacement(String documentId, List<String> organIds) {
        public Replacement {
            organIds = List.copyOf(organIds);
        }
    }

    /** {@code edXMLManifest/Reference}: an attachment announced in the body. */
    public record Reference(String contentId, String name, String description, String contentType) {
    }

    /**
     * {@code AttachmentEncoded/Attachment}.
     *
     * @param contentId   {@code ContentId}, as written (often {@code cid:...})
     * @param name        {@code AttachmentName}
     * @param description {@code Description}, or null
     * @param contentType {@code ContentType}, or null
     * @param size        bytes of the decoded attachment, counted while streaming its base64
     */
    public record Attachment(String contentId, String name, String description, String contentType, long size) {
    }
}
