package org.lienthong.edoc.soap;

import java.nio.file.Path;

import org.lienthong.web.soap.SoapParserLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the SOAP e-Doc endpoint ({@code /services/edoc}).
 *
 * @param maxPackageSize            largest package or status packet accepted (SPEC §6: 1 GB for edXML)
 * @param attachmentMemoryThreshold an incoming MTOM attachment past this size is spooled to disk
 * @param attachmentDirectory       where attachments are spooled; default {@code <data-dir>/tmp/soap}
 * @param stax                      XML parser limits for the SOAP envelope (attachments are not XML-parsed); a
 *                                  package sent inline as base64 instead of MTOM is capped by its maxTextLength
 */
@ConfigurationProperties(prefix = "lienthong.soap.edoc")
public record EdocSoapProperties(
        @DefaultValue("1GB") DataSize maxPackageSize,
        @DefaultValue("256KB") DataSize attachmentMemoryThreshold,
        Path attachmentDirectory,
        @DefaultValue SoapParserLimits stax) {
}
