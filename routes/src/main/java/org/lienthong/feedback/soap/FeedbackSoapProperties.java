package org.lienthong.feedback.soap;

import java.nio.file.Path;

import org.lienthong.web.soap.SoapParserLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the SOAP feedback endpoint ({@code /services/feedback}).
 *
 * @param maxAttachmentSize         most bytes of files in one submitted item or reply, all attachments together
 *                                  (SPEC §6: 10 MB for messages other than edXML)
 * @param maxAttachments            most files in one submitted item or reply
 * @param attachmentMemoryThreshold an incoming MTOM attachment past this size is spooled to disk
 * @param attachmentDirectory       where attachments are spooled; default {@code <data-dir>/tmp/soap}
 * @param stax                      XML parser limits for the SOAP envelope (MTOM attachments are not XML-parsed)
 */
@ConfigurationProperties(prefix = "lienthong.soap.feedback")
public record FeedbackSoapProperties(
        @DefaultValue("10MB") DataSize maxAttachmentSize,
        @DefaultValue("20") int maxAttachments,
        @DefaultValue("256KB") DataSize attachmentMemoryThreshold,
        Path attachmentDirectory,
        @DefaultValue SoapParserLimits stax) {
}
