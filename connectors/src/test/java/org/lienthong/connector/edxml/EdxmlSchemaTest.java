package org.lienthong.connector.edxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import javax.xml.transform.stax.StAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lienthong.connector.xml.SecureXml;
import org.xml.sax.SAXException;

/**
 * The XSD on its own, with a standard validator: it accepts every good golden message and refuses every bad
 * one that is a matter of structure or codes. What only streaming code can check (the base64, a real date,
 * the replacement rule) or what is refused before validation (DOCTYPE, another root) is listed.
 */
class EdxmlSchemaTest {

    private static final Schema SCHEMA = EdxmlSchema.load();

    /** Bad cases the schema alone lets through or that never reach it; each is refused by the reader. */
    private static final Set<String> NOT_A_SCHEMA_MATTER = Set.of(
            "bad-base64", "bad-base64-length", "bad-document-id-date", "bad-replace-without-replacement-info",
            "bad-doctype", "bad-malformed");
    // bad-doctype and bad-malformed are refused by the hardened parser under the validator instead.

    static List<Path> goodInputs() {
        return EdocGolden.goodInputs();
    }

    static List<Path> badInputs() {
        return EdocGolden.badInputs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodInputs")
    void acceptsGoodMessage(Path input) {
        assertThatCode(() -> validate(input)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusesBadMessageOfStructureOrCodes(Path input) throws Exception {
        String name = EdocGolden.caseOf(input);
        if (NOT_A_SCHEMA_MATTER.contains(name)) {
            return;
        }
        assertThatThrownBy(() -> validate(input))
                .as(name).isInstanceOf(SAXException.class);
    }

    @Test
    void schemaItselfCannotCheckTheBase64OrTheCalendar() throws Exception {
        for (String name : List.of("bad-base64", "bad-base64-length", "bad-document-id-date",
                "bad-replace-without-replacement-info")) {
            Path input = EdocGolden.input(name + ".request.xml");
            assertThatCode(() -> validate(input)).as(name)
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> new EdxmlReader().read(input)).as(name).isInstanceOf(EdxmlException.class);
        }
    }

    @Test
    void schemaIsOnTheClassPath() {
        assertThat(EdxmlSchema.url().toString()).endsWith("edxml/edxml.xsd");
    }

    /** A standard JAXP validation of the file, parsed by the hardened StAX reader. */
    private static void validate(Path input) throws Exception {
        Validator validator = SecureXml.validator(SCHEMA);
        try (InputStream in = Files.newInputStream(input)) {
            validator.validate(new StAXSource(SecureXml.streamReader(in)));
        }
    }
}
