package org.lienthong.connector.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden dossier batches under {@code src/test/resources/messages/dossier}: each {@code <case>.request.csv|xml|json}
 * is read by its reader, every entry validated, and the good ones mapped to the portal's JSON; the outcome (the
 * messages the bus would send, the rejection report, or why the whole file is refused) must equal
 * {@code <case>.expected.json}. JSON cases whose name starts with {@code progress} are progress updates. Rewrite
 * the expected files after a deliberate change with {@code -Ddossier.golden.update=true}, and read the diff.
 */
class DossierGoldenTest {

    static final Path DIR = Path.of("src/test/resources/messages/dossier");
    static final String REPORTER = "000.00.00.H41";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final DossierRecords RECORDS = new DossierRecords(new StatusTable(StatusTable.defaultPortalCodes(),
            Map.of("DA_TRA_KET_QUA", "4", "DANG_XU_LY", "2", "TU_CHOI", "6")));

    static List<Path> inputs() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.getFileName().toString().contains(".request.")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void batchGivesItsExpectedMessagesAndRejections(Path input) throws IOException {
        String name = input.getFileName().toString();
        String caseName = name.substring(0, name.indexOf('.'));
        Map<String, Object> outcome = outcome(input, caseName);
        Path expected = DIR.resolve(caseName + ".expected.json");
        if (Boolean.getBoolean("dossier.golden.update")) {
            JSON.writeValue(expected.toFile(), outcome);
        }
        assertThat(expected).as("expected outcome of " + name).exists();
        assertThat(Normalizer.isNormalized(JSON.writeValueAsString(outcome), Normalizer.Form.NFC))
                .as("every text in the outcome is NFC").isTrue();
        JsonNode actual = JSON.readTree(JSON.writeValueAsString(outcome));
        JsonNode wanted = JSON.readTree(expected.toFile());
        if (!actual.equals(wanted)) {
            fail("outcome of %s differs from %s:%n%s", name, expected.getFileName(), JSON.writeValueAsString(actual));
        }
    }

    @Test
    void everyExpectationHasAnInput() throws IOException {
        List<String> cases = inputs().stream().map(p -> p.getFileName().toString())
                .map(n -> n.substring(0, n.indexOf('.'))).toList();
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .forEach(n -> assertThat(cases).as("input for " + n).contains(n.substring(0, n.indexOf('.'))));
        }
    }

    static Map<String, Object> outcome(Path input, String caseName) throws IOException {
        String name = input.getFileName().toString();
        DossierBatch batch;
        try {
            if (name.endsWith(".csv")) {
                batch = DossierCsvReader.read(Files.readAllBytes(input));
            } else if (name.endsWith(".xml")) {
                try (InputStream in = Files.newInputStream(input)) {
                    batch = DossierXmlReader.read(in);
                }
            } else {
                DossierRecord.Kind kind = caseName.startsWith("progress") ? DossierRecord.Kind.PROGRESS
                        : DossierRecord.Kind.RECORD;
                batch = new DossierBatch(kind, DossierJsonReader.read(new ObjectMapper().readTree(input.toFile())));
            }
        } catch (DossierBatch.Unreadable e) {
            return Map.of("unreadable", e.getMessage());
        }
        List<Object> messages = new ArrayList<>();
        List<Object> rejected = new ArrayList<>();
        for (DossierEntry entry : batch.entries()) {
            DossierRecords.Outcome checked = RECORDS.check(entry, batch.kind());
            if (checked.ok()) {
                messages.add(PortalDossierMapper.message(REPORTER, checked.record()));
            } else {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("where", entry.where());
                r.put("key", entry.key());
                r.put("reason", checked.reason());
                rejected.add(r);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", batch.kind().name());
        out.put("messages", messages);
        out.put("rejected", rejected);
        return out;
    }
}
