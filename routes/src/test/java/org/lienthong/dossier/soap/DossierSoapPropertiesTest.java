package org.lienthong.dossier.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;
import org.lienthong.connector.dossier.DossierFields;
import org.lienthong.web.soap.SoapEndpoints;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The defaults of {@code lienthong.soap.dossier.*}: the parser limits let a full batch through, and no more. */
class DossierSoapPropertiesTest {

    private static final String PREFIX = "lienthong.soap.dossier";

    @Test
    void aFullBatchOfLargeRecordsFitsTheDefaultParserLimits() throws Exception {
        DossierSoapProperties properties = bind(Map.of());
        XMLInputFactory parser = SoapEndpoints.inputFactory(properties.stax().limits());

        // every field, and four lists of three items of four pairs: ~180 elements, ~9 KB a record
        int elements = count(parser, envelope(properties.maxRecords(), 3, 4));

        assertThat(properties.maxRecords()).isEqualTo(1000);
        assertThat(elements).isGreaterThan(180_000);
    }

    @Test
    void theLimitsStillStopAnEnvelopeFarPastThem() {
        DossierSoapProperties properties = bind(Map.of(PREFIX + ".max-records", "10",
                PREFIX + ".stax.max-element-count", "500"));
        XMLInputFactory parser = SoapEndpoints.inputFactory(properties.stax().limits());

        assertThatThrownBy(() -> count(parser, envelope(10, 3, 4))).isInstanceOf(XMLStreamException.class);
    }

    private static DossierSoapProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(PREFIX, DossierSoapProperties.class);
    }

    private static int count(XMLInputFactory parser, String xml) throws XMLStreamException {
        XMLStreamReader reader = parser.createXMLStreamReader(new StringReader(xml));
        int elements = 0;
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamReader.START_ELEMENT) {
                elements++;
            }
        }
        return elements;
    }

    private static String envelope(int records, int items, int pairs) {
        StringBuilder xml = new StringBuilder("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:d=\"urn:lienthong:dossier:v1\"><soap:Body><d:syncDossiers>");
        for (int r = 0; r < records; r++) {
            xml.append("<d:HoSo>");
            for (String field : DossierFields.RECORD) {
                xml.append("<d:").append(field).append('>').append("Giá trị của trường ").append(field)
                        .append(" hồ sơ ").append(r).append("</d:").append(field).append('>');
            }
            for (String list : DossierFields.RECORD_LISTS) {
                xml.append("<d:").append(list).append('>');
                for (int i = 0; i < items; i++) {
                    xml.append("<d:Muc>");
                    for (int p = 0; p < pairs; p++) {
                        xml.append("<d:Truong><d:Ten>Truong").append(p).append("</d:Ten><d:GiaTri>Nội dung mục ")
                                .append(i).append("</d:GiaTri></d:Truong>");
                    }
                    xml.append("</d:Muc>");
                }
                xml.append("</d:").append(list).append('>');
            }
            xml.append("</d:HoSo>");
        }
        return xml.append("</d:syncDossiers></soap:Body></soap:Envelope>").toString();
    }
}
