package org.lienthong.connector.edxml;

/**
 * An agency as named in {@code From} or {@code To}: its code ({@code OrganId}, checked to be a legacy or
 * QĐ 20/2020 agency code) and the contact details the sender wrote, any of which may be null.
 */
public record Organization(String organId, String organizationInCharge, String organName, String organAdd,
                           String email, String telephone, String fax, String website) {
}
