package org.lienthong.dossier.soap;

import java.nio.file.Path;

import org.lienthong.web.soap.SoapParserLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SOAP dossier endpoint ({@code /services/dossier}).
 *
 * @param maxRecords      most {@code HoSo} (or {@code TienDo}) elements in one call; more is refused with
 *                        {@code PAYLOAD_TOO_LARGE} before any record is looked at
 * @param spoolDirectory  where CXF spools the parts of a multipart request past 64 KB (the contract carries no
 *                        files; a client that sends MTOM anyway still works); default {@code <data-dir>/tmp/soap}
 * @param stax            XML parser limits for the SOAP envelope ({@code lienthong.soap.dossier.stax.*})
 */
@ConfigurationProperties(prefix = "lienthong.soap.dossier")
public record DossierSoapProperties(
        @DefaultValue("1000") int maxRecords,
        Path spoolDirectory,
        @DefaultValue Stax stax) {

    /**
     * The parser limits, sized for a batch: the envelope of a call is up to {@code maxRecords} records of a few
     * dozen elements each (the e-Doc and feedback endpoints' defaults, 1,000 children and 10,000 elements, would
     * refuse a full batch). The meanings are those of {@link SoapParserLimits}.
     */
    public record Stax(
            @DefaultValue("32") int maxElementDepth,
            @DefaultValue("2000") int maxChildElements,
            @DefaultValue("250000") long maxElementCount,
            @DefaultValue("16") int maxAttributeCount,
            @DefaultValue("16384") int maxAttributeSize,
            @DefaultValue("1048576") int maxTextLength,
            @DefaultValue("33554432") long maxXmlCharacters) {

        public SoapParserLimits limits() {
            return new SoapParserLimits(maxElementDepth, maxChildElements, maxElementCount, maxAttributeCount,
                    maxAttributeSize, maxTextLength, maxXmlCharacters);
        }
    }
}
