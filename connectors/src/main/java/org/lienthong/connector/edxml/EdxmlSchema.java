package org.lienthong.connector.edxml;

import java.net.URL;

import javax.xml.validation.Schema;

import org.lienthong.connector.xml.SecureXml;

/**
 * The project's edXML schema, {@code edxml/edxml.xsd} on the class path: document packages and status
 * packets, with or without the outer {@code edXML} wrapper. {@link EdxmlReader} validates every message
 * against it while streaming; other parts of the bus may use it through {@link SecureXml#validatorHandler}.
 * Its attachment payload type keeps any validator in constant memory (see the note in the file).
 */
public final class EdxmlSchema {

    /** Class path location of the schema. */
    public static final String RESOURCE = "edxml/edxml.xsd";

    private EdxmlSchema() {
    }

    /** The schema's location on the class path. */
    public static URL url() {
        URL url = EdxmlSchema.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        return url;
    }

    /** Compiles the schema (thread-safe and immutable; compile once and share). */
    public static Schema load() {
        return SecureXml.schema(url());
    }
}
