package org.lienthong.dossier.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.namespace.QName;
import javax.xml.transform.stream.StreamSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.Marshaller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.connector.dossier.DossierFields;
import org.lienthong.connector.soap.DossierContract;
import org.lienthong.connector.soap.dossier.contract.BatchResult;
import org.lienthong.connector.soap.dossier.contract.SyncDossiers;
import org.lienthong.connector.soap.dossier.contract.UpdateProgress;
import org.lienthong.dossier.DossierDesk;

/**
 * {@link DossierSoapMapper}, one golden case per file under {@code messages/dossier-soap/}:
 * <ul>
 *   <li>{@code <case>.request.xml} (a {@code syncDossiers} or {@code updateProgress} body) → the entries handed to
 *       the desk, {@code <case>.expected.json};</li>
 *   <li>{@code <case>.result.json} (the desk's {@link DossierDesk.BatchResult}) → the answer,
 *       {@code <case>.expected.xml}.</li>
 * </ul>
 * A missing golden file is written to {@code target/golden-actual/dossier-soap/} for review, and the test fails.
 */
class DossierSoapMapperTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String DIR = "/messages/dossier-soap/";

    private final DossierSoapMapper mapper = new DossierSoapMapper();

    @ParameterizedTest
    @ValueSource(strings = {"sync-records", "sync-bad-values"})
    void eachHoSoBecomesAnEntryWithThePortalsFieldNamesAndItsLists(String name) throws Exception {
        SyncDossiers request = unmarshal(name + ".request.xml", SyncDossiers.class);

        List<DossierEntry> entries = mapper.records(request.getHoSo());

        assertJsonGolden(name, entries);
    }

    @Test
    void eachTienDoBecomesAnEntryWithTheProgressFields() throws Exception {
        UpdateProgress request = unmarshal("progress.request.xml", UpdateProgress.class);

        List<DossierEntry> entries = mapper.updates(request.getTienDo());

        assertJsonGolden("progress", entries);
    }

    @ParameterizedTest
    @ValueSource(strings = {"partly-accepted", "all-accepted"})
    void theDesksResultIsTheAnswer(String name) throws Exception {
        DossierDesk.BatchResult result = JSON.readValue(resource(name + ".result.json"), DossierDesk.BatchResult.class);

        BatchResult answer = mapper.result(result);

        assertXmlGolden(name, new JAXBElement<>(new QName(DossierContract.NAMESPACE, "syncDossiersResponse"),
                BatchResult.class, answer));
    }

    @Test
    void theContractCarriesEveryFieldOfThePortalInItsOrder() {
        assertThat(DossierSoapMapper.RECORD_FIELDS.keySet()).containsExactlyElementsOf(DossierFields.RECORD);
        assertThat(DossierSoapMapper.RECORD_LISTS.keySet()).containsExactlyElementsOf(DossierFields.RECORD_LISTS);
        assertThat(DossierSoapMapper.PROGRESS_FIELDS.keySet()).containsExactlyElementsOf(DossierFields.PROGRESS);
    }

    @Test
    void theRefusalOfABatchWithNothingAcceptedNamesTheFirstRejections() {
        List<DossierDesk.Rejection> rejected = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rejected.add(new DossierDesk.Rejection(i, null, "HoSo[" + i + "]", "MaHoSo is required"));
        }

        String message = DossierSoapService.nothingAccepted(new DossierDesk.BatchResult(0, List.of(), rejected),
                "dossier record");

        assertThat(message).isEqualTo("no dossier record was accepted: HoSo[0]: MaHoSo is required; "
                + "HoSo[1]: MaHoSo is required; HoSo[2]: MaHoSo is required; HoSo[3]: MaHoSo is required; "
                + "HoSo[4]: MaHoSo is required; and 2 more");
        assertThat(DossierSoapService.nothingAccepted(new DossierDesk.BatchResult(0, List.of(), List.of()),
                "progress update")).isEqualTo("no progress update was accepted");
    }

    // ------------------------------------------------------------------ helpers

    private static boolean exists(String name) {
        return DossierSoapMapperTest.class.getResource(DIR + name) != null;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DossierSoapMapperTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static <T> T unmarshal(String name, Class<T> type) throws Exception {
        try (InputStream in = DossierSoapMapperTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return JAXBContext.newInstance(type).createUnmarshaller().unmarshal(new StreamSource(in), type).getValue();
        }
    }

    private static void assertXmlGolden(String name, JAXBElement<?> element) throws Exception {
        Marshaller marshaller = JAXBContext.newInstance(BatchResult.class).createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
        StringWriter xml = new StringWriter();
        marshaller.marshal(element, xml);
        String actual = xml.toString().replace("\r\n", "\n").strip();
        String expected = golden(name + ".expected.xml", actual);
        assertThat(actual).isEqualTo(expected.replace("\r\n", "\n").strip());
    }

    private static void assertJsonGolden(String name, Object value) throws Exception {
        String actual = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        JsonNode expected = JSON.readTree(golden(name + ".expected.json", actual));
        assertThat(JSON.readTree(actual)).isEqualTo(expected);
    }

    private static String golden(String file, String actual) throws IOException {
        if (!exists(file)) {
            Path out = Path.of("target", "golden-actual", "dossier-soap", file);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual + "\n", StandardCharsets.UTF_8);
            throw new AssertionError("no golden file " + file + "; the actual output is in " + out.toAbsolutePath());
        }
        return new String(resource(file), StandardCharsets.UTF_8);
    }
}
