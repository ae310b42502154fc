package org.lienthong.connector.file;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lienthong.connector.SampleMessages.CREATED_AT;
import static org.lienthong.connector.SampleMessages.FROM;
import static org.lienthong.connector.SampleMessages.RECIPIENT;
import static org.lienthong.connector.SampleMessages.SUBJECT;
import static org.lienthong.connector.SampleMessages.VIETNAMESE_JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;
import org.lienthong.connector.SampleMessages;

/** The file connector writing into a real temporary folder. */
class FileConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final FileConnector connector = new FileConnector(JSON, io);

    @AfterEach
    void stopExecutor() {
        io.shutdownNow();
    }

    private DeliveryOutcome deliver(OutboundMessage message, Path dir) throws Exception {
        return deliver(message, dir.toString());
    }

    private DeliveryOutcome deliver(OutboundMessage message, String dir) throws Exception {
        return connector.deliver(message, new DeliveryTarget("file", dir)).get(10, SECONDS);
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, Object> readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<>() { });
    }

    @Test
    void writesThePayloadAndItsSidecarWithTheHeaders() throws Exception {
        Path inbox = root.resolve("agencies/000.00.01.H29/inbox");
        byte[] xml = "<edXML>Công văn số 12/VPCP — khẩn</edXML>".getBytes(StandardCharsets.UTF_8);
        OutboundMessage message = new OutboundMessage("0f8fad5b-d9cb-469f-a165-70867728950e", FROM, RECIPIENT,
                "edoc", "conv-7", SUBJECT, "application/xml; charset=UTF-8", CREATED_AT, Payload.of(xml), 2);

        DeliveryOutcome outcome = deliver(message, inbox);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(namesIn(inbox)).containsExactly("0f8fad5b-d9cb-469f-a165-70867728950e.edxml",
                "0f8fad5b-d9cb-469f-a165-70867728950e.json");
        assertThat(inbox.resolve("0f8fad5b-d9cb-469f-a165-70867728950e.edxml")).hasBinaryContent(xml);

        Map<String, Object> sidecar = readJson(inbox.resolve("0f8fad5b-d9cb-469f-a165-70867728950e.json"));
        assertThat(sidecar)
                .containsEntry("X-Lienthong-Message-Id", "0f8fad5b-d9cb-469f-a165-70867728950e")
                .containsEntry("X-Lienthong-From", FROM)
                .containsEntry("X-Lienthong-Type", "edoc")
                .containsEntry("X-Lienthong-Conversation-Id", "conv-7")
                .containsEntry("X-Lienthong-Attempt", "2")
                .containsEntry("X-Lienthong-Created-At", "2025-03-14T08:30:00Z")
                .containsEntry("Content-Type", "application/xml; charset=UTF-8")
                .containsEntry("Subject", "Công văn số 12/VPCP — khẩn")
                .containsEntry("Recipient", RECIPIENT)
                .containsEntry("File", "0f8fad5b-d9cb-469f-a165-70867728950e.edxml")
                .containsEntry("Size", xml.length);
        // the sidecar is UTF-8 JSON with the Vietnamese text as text, readable by any watcher
        assertThat(Files.readString(inbox.resolve("0f8fad5b-d9cb-469f-a165-70867728950e.json"), StandardCharsets.UTF_8))
                .contains("Công văn số 12/VPCP — khẩn");
    }

    @Test
    void sidecarOmitsTheConversationIdWhenThereIsNone() throws Exception {
        OutboundMessage message = SampleMessages.message("no-conv", "text/plain", Payload.of("xin chào".getBytes(StandardCharsets.UTF_8)));

        assertThat(deliver(message, root)).isInstanceOf(DeliveryOutcome.Delivered.class);

        assertThat(readJson(root.resolve("no-conv.json"))).doesNotContainKey("X-Lienthong-Conversation-Id");
        assertThat(root.resolve("no-conv.txt")).hasContent("xin chào");
    }

    @Test
    void aJsonPayloadDoesNotOverwriteItsSidecar() throws Exception {
        OutboundMessage message = SampleMessages.json("json-payload");

        assertThat(deliver(message, root)).isInstanceOf(DeliveryOutcome.Delivered.class);

        assertThat(root.resolve("json-payload.body.json")).hasBinaryContent(VIETNAMESE_JSON.getBytes(StandardCharsets.UTF_8));
        Path sidecar = root.resolve("json-payload.json");
        assertThat(readJson(sidecar))
                .containsEntry("X-Lienthong-Message-Id", "json-payload")
                .containsEntry("File", "json-payload.body.json");
        assertThat(namesIn(root)).containsExactly("json-payload.body.json", "json-payload.json");
    }

    @Test
    void aFilePayloadIsCopiedIntactAndNoTemporaryFileIsLeft(@TempDir Path store) throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024 + 5];
        new Random(11).nextBytes(bytes);
        Path file = Files.write(store.resolve("content"), bytes);
        OutboundMessage message = SampleMessages.message("big", "application/zip", new Payload.InFile(file, bytes.length));

        assertThat(deliver(message, root)).isInstanceOf(DeliveryOutcome.Delivered.class);

        assertThat(root.resolve("big.zip")).hasBinaryContent(bytes);
        assertThat(readJson(root.resolve("big.json"))).containsEntry("Size", bytes.length);
        assertThat(namesIn(root)).containsExactly("big.json", "big.zip");
    }

    @Test
    void deliveringTheSameMessageTwiceLeavesIdenticalFiles() throws Exception {
        OutboundMessage message = SampleMessages.message("twice", "application/pdf", Payload.of(new byte[] {'%', 'P', 'D', 'F'}));

        assertThat(deliver(message, root)).isInstanceOf(DeliveryOutcome.Delivered.class);
        byte[] payloadFirst = Files.readAllBytes(root.resolve("twice.pdf"));
        byte[] sidecarFirst = Files.readAllBytes(root.resolve("twice.json"));
        assertThat(deliver(message, root)).isInstanceOf(DeliveryOutcome.Delivered.class);

        assertThat(namesIn(root)).containsExactly("twice.json", "twice.pdf");
        assertThat(root.resolve("twice.pdf")).hasBinaryContent(payloadFirst);
        assertThat(root.resolve("twice.json")).hasBinaryContent(sidecarFirst);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "application/json, generic, body.json",
            "application/json; charset=UTF-8, generic, body.json",
            "Application/JSON ; charset=utf-8, generic, body.json",
            "application/problem+json, generic, body.json",
            "application/xml;charset=UTF-8, generic, xml",
            "text/xml, feedback, xml",
            "application/soap+xml, generic, xml",
            "application/xml, edoc, edxml",
            "application/xml; charset=UTF-8, edoc-status, edxml",
            "application/json, edoc, body.json",
            "text/plain, generic, txt",
            "text/plain; charset=UTF-8, generic, txt",
            "text/csv, dossier, csv",
            "application/pdf, generic, pdf",
            "application/zip, generic, zip",
            "application/octet-stream, generic, bin",
            "image/png, generic, bin",
            "'', generic, bin",
            "null, generic, bin",
            "application/xml, null, xml"})
    void extensionFollowsTheMediaTypeAndEdocPackages(String contentType, String type, String extension) {
        assertThat(FileConnector.extensionFor(contentType, type)).isEqualTo(extension);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "a/b", "/etc/passwd", "", ".hidden", "a\\b", "a..b", "x/../../y",
            "tên-có-dấu", "a b", "a\nb"})
    void anUnsafeMessageIdIsPermanentAndWritesNothing(String id) throws Exception {
        Path inbox = root.resolve("inbox");
        OutboundMessage message = SampleMessages.message(id, "text/plain", Payload.of(new byte[] {1}));

        DeliveryOutcome outcome = deliver(message, inbox);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(namesIn(root)).isEmpty();
    }

    @Test
    void aRelativeDirectoryIsPermanent() throws Exception {
        String relative = "lienthong-relative-" + System.nanoTime() + "/inbox";

        DeliveryOutcome outcome = deliver(SampleMessages.json("relative"), relative);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(Path.of(relative).getParent()).doesNotExist();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsTransient() throws Exception {
        Path regularFile = Files.writeString(root.resolve("not-a-folder"), "x");

        DeliveryOutcome outcome = deliver(SampleMessages.json("blocked"), regularFile.resolve("inbox"));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(namesIn(root)).containsExactly("not-a-folder");
    }

    @Test
    void anUnusableDirectoryNameIsPermanentNotAFailedFuture() throws Exception {
        DeliveryOutcome outcome = deliver(SampleMessages.json("nul"), root + "/in\u0000box");

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
    }

    @Test
    void aPayloadThatCannotBeReadIsTransientAndLeavesNoTemporaryFile(@TempDir Path store) throws Exception {
        Path gone = store.resolve("removed-from-the-content-store");
        OutboundMessage message = SampleMessages.message("unreadable", "application/pdf", new Payload.InFile(gone, 10));

        DeliveryOutcome outcome = deliver(message, root);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(namesIn(root)).noneMatch(name -> name.endsWith(".tmp")).doesNotContain("unreadable.pdf");
    }
}
