package org.lienthong.connector.edxml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The e-Doc golden messages under {@code src/test/resources/messages/edoc}: inputs are
 * {@code <case>.request.xml} (and the two signed samples, {@code <case>.signed.edxml}); good cases have a
 * {@code <case>.expected.json} of the model, bad cases start with {@code bad-}. Run the golden test with
 * {@code -Dedxml.golden.update=true} to rewrite the expected files after a deliberate model change.
 */
final class EdocGolden {

    static final Path DIR = Path.of("src/test/resources/messages/edoc");

    /** The one mapper the tests serialise the model with. */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private EdocGolden() {
    }

    static Path input(String name) {
        return DIR.resolve(name);
    }

    /** Input files of good cases. */
    static List<Path> goodInputs() {
        return inputs().filter(p -> !caseOf(p).startsWith("bad-")).toList();
    }

    /** Input files of bad cases. */
    static List<Path> badInputs() {
        return inputs().filter(p -> caseOf(p).startsWith("bad-")).toList();
    }

    static String caseOf(Path input) {
        String name = input.getFileName().toString();
        return name.substring(0, name.indexOf('.'));
    }

    static Path expected(Path input) {
        return DIR.resolve(caseOf(input) + ".expected.json");
    }

    static boolean updating() {
        return Boolean.getBoolean("edxml.golden.update");
    }

    private static Stream<Path> inputs() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".request.xml") || p.toString().endsWith(".signed.edxml"))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
