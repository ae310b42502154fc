package org.lienthong.web.soap;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The XML parser limits of a SOAP endpoint ({@code lienthong.soap.<service>.stax.*}), applied to the envelope
 * (MTOM attachments are not XML-parsed). The envelope of every call is a handful of elements; a file sent inline
 * as base64 instead of MTOM is one long text node, capped by {@code maxTextLength}.
 *
 * @param maxElementDepth   nesting depth
 * @param maxChildElements  children of one element
 * @param maxElementCount   elements in the whole envelope
 * @param maxAttributeCount attributes on one element
 * @param maxAttributeSize  characters in one attribute value
 * @param maxTextLength     characters in one text node
 * @param maxXmlCharacters  characters in the whole envelope
 */
public record SoapParserLimits(
        @DefaultValue("32") int maxElementDepth,
        @DefaultValue("1000") int maxChildElements,
        @DefaultValue("10000") long maxElementCount,
        @DefaultValue("64") int maxAttributeCount,
        @DefaultValue("16384") int maxAttributeSize,
        @DefaultValue("16777216") int maxTextLength,
        @DefaultValue("20971520") long maxXmlCharacters) {
}
