package org.lienthong.connector.soap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.activation.DataSource;
import org.lienthong.connector.Payload;

/**
 * A message payload as the source of an MTOM attachment: every {@link #getInputStream()} opens the payload
 * afresh, so a file payload is streamed from disk as CXF writes the attachment, never read into memory.
 */
final class PayloadDataSource implements DataSource {

    /** The attachments' media type, as the WSDL's {@code xmime:expectedContentTypes} says. */
    static final String CONTENT_TYPE = "application/octet-stream";

    private final Payload payload;
    private final String name;

    PayloadDataSource(Payload payload, String name) {
        this.payload = payload;
        this.name = name;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return payload.open();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("a delivery payload is read-only");
    }

    @Override
    public String getContentType() {
        return CONTENT_TYPE;
    }

    @Override
    public String getName() {
        return name;
    }
}
