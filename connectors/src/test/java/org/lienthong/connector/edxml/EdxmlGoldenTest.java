package org.lienthong.connector.edxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.lienthong.connector.edxml.EdxmlException.Kind;

import com.fasterxml.jackson.databind.JsonNode;

/** Every golden e-Doc message: good ones read into exactly their expected model, bad ones refused clearly. */
class EdxmlGoldenTest {

    private static final EdxmlReader READER = new EdxmlReader();

    static List<Path> goodInputs() {
        return EdocGolden.goodInputs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodInputs")
    void readsGoodMessageIntoItsExpectedModel(Path input) throws Exception {
        Edxml read = READER.read(input);
        Path expected = EdocGolden.expected(input);
        if (EdocGolden.updating()) {
            EdocGolden.JSON.writeValue(expected.toFile(), read);
        }
        assertThat(expected).as("expected model of " + input.getFileName()).exists();
        // through text, so numbers compare as the file has them (a tree from a record holds longs)
        JsonNode actual = EdocGolden.JSON.readTree(EdocGolden.JSON.writeValueAsString(read));
        JsonNode wanted = EdocGolden.JSON.readTree(expected.toFile());
        if (!actual.equals(wanted)) {
            fail("model of %s differs from %s:%n%s", input.getFileName(), expected.getFileName(),
                    EdocGolden.JSON.writeValueAsString(actual));
        }
        assertThat(read.size()).isEqualTo(Files.size(input));
    }

    @Test
    void everyGoodCaseHasAnExpectedModelAndEveryExpectedModelAnInput() throws IOException {
        Set<String> good = goodInputs().stream().map(EdocGolden::caseOf).collect(Collectors.toSet());
        Set<String> expectations;
        try (var files = Files.list(EdocGolden.DIR)) {
            expectations = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .map(n -> n.substring(0, n.indexOf('.'))).collect(Collectors.toSet());
        }
        assertThat(expectations).isEqualTo(good);
    }

    @Test
    void goldenSetCoversEveryBusinessDocTypeAndStatusCode() throws Exception {
        Set<BusinessDocType> types = goodInputs().stream().map(this::read)
                .filter(EdxmlDocument.class::isInstance).map(e -> ((EdxmlDocument) e).businessDocType())
                .collect(Collectors.toSet());
        Set<StatusCode> codes = goodInputs().stream().map(this::read)
                .filter(EdxmlStatus.class::isInstance).map(e -> ((EdxmlStatus) e).status())
                .collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder(BusinessDocType.values());
        assertThat(codes).containsExactlyInAnyOrder(StatusCode.values());
    }

    /** The signed samples are signed bytes: any edit (even a line ending) breaks their signature. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "edoc-new.signed.edxml, f552b3450d5aad7672885aa740ce091b823fa8eec44c299720c6d1c394397ac4",
            "status-03.signed.edxml, aba12e027b77ea7416308d92d62420e05d674532437bbefb6543dad0add7a9a9",
    })
    void signedSamplesAreTheReferenceBytes(String name, String sha256) throws Exception {
        assertThat(sha256(Files.readAllBytes(EdocGolden.input(name)))).isEqualTo(sha256);
    }

    /** A bad case: how it is refused, which element it names, and a fragment of the message. */
    record BadCase(String name, Kind kind, String path, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<BadCase> BAD_CASES = List.of(
            new BadCase("bad-missing-from", Kind.INVALID, "MessageHeader/From", "missing MessageHeader/From"),
            new BadCase("bad-organ-id", Kind.INVALID, "MessageHeader/To/OrganId",
                    "To/OrganId: '00.00.H41' is not an agency code"),
            new BadCase("bad-no-to", Kind.INVALID, "MessageHeader/To", "missing MessageHeader/To"),
            new BadCase("bad-document-id", Kind.INVALID, "MessageHeader/DocumentId",
                    "DocumentId: '7816/VPCP-TTĐT' is not a DocumentId"),
            new BadCase("bad-document-id-date", Kind.INVALID, "MessageHeader/DocumentId",
                    "has no real date (2015/02/30)"),
            new BadCase("bad-missing-document-id", Kind.INVALID, "MessageHeader/DocumentId",
                    "missing MessageHeader/DocumentId"),
            new BadCase("bad-status-code", Kind.INVALID, "MessageHeader/StatusCode",
                    "StatusCode '07' is not an edXML status code"),
            new BadCase("bad-status-without-response-for", Kind.INVALID, "MessageHeader/ResponseFor",
                    "missing MessageHeader/ResponseFor"),
            new BadCase("bad-business-doc-type", Kind.INVALID, "TraceHeaderList/Bussiness/BussinessDocType",
                    "'4' is not a BussinessDocType"),
            new BadCase("bad-replace-without-replacement-info", Kind.INVALID,
                    "TraceHeaderList/Bussiness/ReplacementInfoList", "names the documents it replaces"),
            new BadCase("bad-unexpected-element", Kind.INVALID, "MessageHeader/Sender",
                    "MessageHeader/Sender: Invalid content was found starting with element 'Sender'"),
            new BadCase("bad-base64", Kind.INVALID, "AttachmentEncoded/Attachment/ContentTransferEncoded",
                    "not valid base64: '%' at character 13 is not a base64 character"),
            new BadCase("bad-base64-length", Kind.INVALID, "AttachmentEncoded/Attachment/ContentTransferEncoded",
                    "not valid base64: the base64 text is cut short"),
            new BadCase("bad-attachment-without-name", Kind.INVALID, "AttachmentEncoded/Attachment/AttachmentName",
                    "missing AttachmentEncoded/Attachment/AttachmentName"),
            new BadCase("bad-doctype", Kind.UNSAFE_XML, null, "a DOCTYPE declaration is not accepted"),
            new BadCase("bad-not-edxml", Kind.NOT_EDXML, null,
                    "not an edXML message: the root element is {http://example.org/not-edxml}edXMLEnvelope"),
            new BadCase("bad-wrong-root", Kind.NOT_EDXML, null,
                    "the root element is {http://www.mic.gov.vn/TBT/QCVN_102_2016}Envelope"),
            new BadCase("bad-malformed", Kind.MALFORMED_XML, null, "not well-formed XML"));

    @ParameterizedTest(name = "{0}")
    @FieldSource("BAD_CASES")
    void refusesBadMessageNamingTheProblem(BadCase bad) {
        Path input = EdocGolden.input(bad.name() + ".request.xml");
        assertThatThrownBy(() -> READER.read(input))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(bad.kind());
                    assertThat(e.path()).isEqualTo(bad.path());
                    assertThat(e.getMessage()).contains(bad.message()).containsPattern("\\(line \\d+, column \\d+\\)$");
                    assertThat(e.line()).isPositive();
                    SecureXmlTest.assertNoParserInternals(e.getMessage());
                });
    }

    @Test
    void everyBadFileHasAnExpectationAndEveryExpectationAFile() {
        assertThat(EdocGolden.badInputs().stream().map(EdocGolden::caseOf).collect(Collectors.toSet()))
                .isEqualTo(BAD_CASES.stream().map(BadCase::name).collect(Collectors.toSet()));
    }

    private Edxml read(Path input) {
        try {
            return READER.read(input);
        } catch (IOException | EdxmlException e) {
            throw new AssertionError(input + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
