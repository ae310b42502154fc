package org.lienthong.connector.edxml;

import java.time.LocalDate;
import java.util.List;

/**
 * An edXML status packet: what a recipient reports about a document it received (or a sender's recall
 * request). It goes back to {@code ResponseFor/OrganId}.
 *
 * @param from        {@code From}: who reports
 * @param responseFor {@code ResponseFor}: the document reported on
 * @param staffInfo   {@code StaffInfo}, or null
 * @param statusCode  {@code StatusCode}, one of the {@link StatusCode} values (checked)
 * @param description {@code Description}, or null
 * @param timestamp   {@code Timestamp} as written, or null
 * @param signed      whether a {@code ds:Signature} is present
 * @param size        size of the packet in bytes
 */
public record EdxmlStatus(Organization from, ResponseFor responseFor, StaffInfo staffInfo, String statusCode,
                          String description, String timestamp, boolean signed, long size) implements Edxml {

    /** The single recipient, {@code ResponseFor/OrganId}. */
    @Override
    public List<String> recipients() {
        return List.of(responseFor.organId());
    }

    /** {@code ResponseFor/DocumentId}. */
    @Override
    public String documentId() {
        return responseFor.documentId();
    }

    /** {@link #statusCode()} as an enum. */
    public StatusCode status() {
        return StatusCode.of(statusCode).orElseThrow();
    }

    /**
     * {@code ResponseFor}: the document a status is about.
     *
     * @param organId          the agency that sent the document (the status goes back to it)
     * @param code             the document's number and notation as written, e.g. {@code 4663/VPCP-TTĐT}
     * @param promulgationDate its promulgation date, or null
     * @param documentId       its {@code DocumentId}
     */
    public record ResponseFor(String organId, String code, LocalDate promulgationDate, String documentId) {
    }
}
