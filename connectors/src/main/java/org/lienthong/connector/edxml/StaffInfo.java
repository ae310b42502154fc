package org.lienthong.connector.edxml;

/** The clerk who handled a document or a status, {@code StaffInfo}; any field may be null. */
public record StaffInfo(String department, String staff, String email, String mobile) {
}
