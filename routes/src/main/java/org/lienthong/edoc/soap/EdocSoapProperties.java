package org.lienthong.edoc.soap;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the SOAP e-Doc endpoint ({@code /services/edoc}).
 *
 * @param maxPackageSize            largest package or status packet accepted (SPEC §6: 1 GB for edXML)
 * @param attachmentMemoryThreshold an incoming MTOM attachment past this size is spooled to disk
 * @param attachmentDirectory       where attachments are spooled; default {@code <data-dir>/tmp/soap}
 * @param stax                      XML parser limits for the SOAP envelope (attachments are not XML-parsed)
 */
@ConfigurationProperties(prefix = "lienthong.soap.edoc")
public record EdocSoapProperties(
        @DefaultValue("1GB") DataSize maxPackageSize,
        @DefaultValue("256KB") DataSize attachmentMemoryThreshold,
        Path attachmentDirectory,
        @DefaultValue Stax stax) {

    /**
     * CXF's StAX limits ({@code org.apache.cxf.stax.*}) on the endpoint. The envelope of every e-Doc call is
     * a handful of elements; a package sent inline as base64 instead of MTOM is one long text node, capped by
     * {@code maxTextLength} (send large packages as MTOM attachments).
     *
     * @param maxElementDepth   nesting depth
     * @param maxChildElements  children of one element
     * @param maxElementCount   elements in the whole envelope
     * @param maxAttributeCount attributes on one element
     * @param maxAttributeSize  characters in one attribute value
     * @param maxTextLength     characters in one text node
     * @param maxXmlCharacters  characters in the whole envelope
     */
    public record Stax(
            @DefaultValue("32") int maxElementDepth,
            @DefaultValue("1000") int maxChildElements,
            @DefaultValue("10000") long maxElementCount,
            @DefaultValue("64") int maxAttributeCount,
            @DefaultValue("16384") int maxAttributeSize,
            @DefaultValue("16777216") int maxTextLength,
            @DefaultValue("20971520") long maxXmlCharacters) {
    }
}
