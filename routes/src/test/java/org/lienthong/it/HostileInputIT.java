package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hostile-input suite: one small case per file under {@code src/test/resources/hostile/}, each an HTTP request
 * with the answer it must get ({@code # expect: 400 INVALID_XML}, {@code # expect: fault INVALID_REQUEST} for SOAP,
 * {@code # expect: 202 delivered} for headers that must be ignored). For every refused case: the documented
 * problem code or SOAP fault, no message on the trail, no delivery and no outbound connection (nothing reaches a
 * test receiver), no file written, and the node still healthy.
 *
 * <p>Bodies may use {@code {{repeat N text}}}, {@code {{hex AA BB}}} (raw bytes, e.g. invalid UTF-8),
 * {@code {{receiver}}} (the test receiver's URL, so an outbound connection would be seen), {@code {{unique}}} and
 * {@code {{wrapped-sample}}} (the signed sample package with its signed header wrapped and a forged one in front).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT extends BusITSupport {

    private static final Path CASES = Path.of("src/test/resources/hostile");
    private static final Pattern TOKEN = Pattern.compile("\\{\\{([a-z-]+)([^}]*)}}");

    @Autowired
    private DataSource dataSource;

    static List<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".http")).sorted().toList();
        }
    }

    @BeforeAll
    void anIdOwnedByAnotherAgency() {
        HttpResponse<String> owned = submit(SENDER_KEY, "{\"id\":\"hostile-owned-by-t01\",\"to\":[\"" + MAILBOX
                + "\"],\"payload\":1}");
        assertThat(owned.statusCode()).isEqualTo(202);
        HttpResponse<String> own = submit(OTHER_SENDER_KEY, "{\"id\":\"hostile-own-t10\",\"to\":[\"" + MAILBOX
                + "\"],\"payload\":1}");
        assertThat(own.statusCode()).isEqualTo(202);
    }

    /** A parsed case file. */
    record Case(String name, String expect, String method, String path, Map<String, String> headers, byte[] body) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputIsRefusedAndLeavesNoTrace(String name) throws Exception {
        Case c = parse(name);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long messagesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM message WHERE sender IN ('T10', 'T20', 'T02', 'T24')",
                Long.class);
        int receivedBefore = RECEIVER.all().size();

        Answer response = call(c);

        String[] expect = c.expect().split("\\s+");
        if (expect[0].equals("fault")) {
            assertThat(response.status()).as(response.body()).isIn(400, 500);
            assertThat(response.body()).as(name).contains("<soap:Fault>").contains("<code>" + expect[1] + "</code>");
        } else if (expect[0].equals("202")) {
            assertDeliveredWithoutTheInjectedHeaders(response);
            return;
        } else {
            assertThat(response.status()).as(response.body()).isEqualTo(Integer.parseInt(expect[0]));
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(json.readTree(response.body()).get("code").asText()).as(response.body()).isEqualTo(expect[1]);
        }
        // errors say what is wrong without internals
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("/work/")
                .doesNotContain("root:x:0:0");
        // nothing accepted, delivered or fetched
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message WHERE sender IN ('T10', 'T20', 'T02', 'T24')", Long.class))
                .as("no message on the trail").isEqualTo(messagesBefore);
        assertThat(RECEIVER.all().subList(receivedBefore, RECEIVER.all().size()))
                .as("no delivery and no outbound connection")
                .noneMatch(r -> r.text().contains("HOSTILE") || r.path().contains("xxe") || r.path().contains("evil"));
        assertNoEvilFile();
        assertThat(send(HttpRequest.newBuilder(management("/actuator/health")).build()).body()).contains("\"UP\"");
    }

    private void assertDeliveredWithoutTheInjectedHeaders(Answer response) throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> !RECEIVER.receivedMessage("/ok", id).isEmpty());
        TestReceiver.Received delivered = RECEIVER.receivedMessage("/ok", id).get(0);
        assertThat(delivered.header("X-Lienthong-From")).isEqualTo(OTHER_SENDER);
        assertThat(delivered.header("X-Lienthong-Type")).isEqualTo("generic");
        assertThat(delivered.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
        assertThat(RECEIVER.received("/evil")).isEmpty();
        assertNoEvilFile();
    }

    /** An HTTP answer: status, media type, body. */
    record Answer(int status, String contentType, String body) {
    }

    /**
     * Sends a case over a plain socket: the request is written by another thread while the answer is read, so a
     * server that answers before the whole body is sent (413 on the declared length) and then closes the
     * connection is seen as it answered, not as a failed upload.
     */
    private Answer call(Case c) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            StringBuilder h = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nContent-Length: " + c.body().length + "\r\n");
            c.headers().forEach((name, value) -> {
                h.append(name).append(": ").append(value).append("\r\n");
            });
            head.writeBytes(h.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.toByteArray());
                    out.write(c.body());
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading: its answer is what counts
                }
            }, "hostile-upload");
            writer.start();
            byte[] raw = socket.getInputStream().readAllBytes();
            writer.join(60_000);
            String text = new String(raw, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(line.indexOf(':') + 1).trim();
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            String body = text.substring(split + 4);
            return new Answer(status, contentType, chunked ? dechunk(body) : body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            // sizes count bytes; the bodies here are ASCII or short UTF-8, re-encode to cut exactly
            byte[] rest = chunked.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String piece = new String(rest, 0, size, StandardCharsets.UTF_8);
            out.append(piece);
            at = eol + 2 + piece.length() + 2;
        }
    }

    private static void assertNoEvilFile() throws IOException {
        try (Stream<Path> files = Files.walk(DATA_DIR)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("evil") || n.equals("passwd"));
        }
    }

    private Case parse(String name) throws IOException {
        String text = Files.readString(CASES.resolve(name), StandardCharsets.UTF_8);
        String expect = null;
        int at = 0;
        while (text.startsWith("#", at)) {
            int end = text.indexOf('\n', at);
            String line = text.substring(at + 1, end).trim();
            if (line.startsWith("expect:")) {
                expect = line.substring("expect:".length()).trim();
            }
            at = end + 1;
        }
        int headEnd = text.indexOf("\n\n", at);
        String[] head = text.substring(at, headEnd).split("\n");
        String[] requestLine = head[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim(), expand(head[i].substring(colon + 1).trim()).toString(StandardCharsets.UTF_8));
        }
        assertThat(expect).as("'# expect:' line in " + name).isNotNull();
        return new Case(name, expect, requestLine[0], requestLine[1], headers, expand(text.substring(headEnd + 2)).toByteArray());
    }

    private ByteArrayOutputStream expand(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = TOKEN.matcher(template);
        int last = 0;
        while (m.find()) {
            out.writeBytes(template.substring(last, m.start()).getBytes(StandardCharsets.UTF_8));
            String args = m.group(2).trim();
            switch (m.group(1)) {
                case "repeat" -> {
                    int space = args.indexOf(' ');
                    out.writeBytes(args.substring(space + 1).repeat(Integer.parseInt(args.substring(0, space)))
                            .getBytes(StandardCharsets.UTF_8));
                }
                case "hex" -> out.writeBytes(HexFormat.of().parseHex(args.replace(" ", "")));
                case "receiver" -> out.writeBytes(RECEIVER.url("").getBytes(StandardCharsets.UTF_8));
                case "unique" -> out.writeBytes(uniqueId("x").getBytes(StandardCharsets.UTF_8));
                case "wrapped-sample" -> out.writeBytes(wrappedSample());
                default -> throw new IllegalArgumentException("unknown token " + m.group(1));
            }
            last = m.end();
        }
        out.writeBytes(template.substring(last).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** The signed sample package: its signed MessageHeader wrapped away, a forged one from the caller in front. */
    private static byte[] wrappedSample() {
        try {
            String sample = Files.readString(CASES.resolve("signed-sample.edxml"), StandardCharsets.UTF_8);
            int start = sample.indexOf("<MessageHeader>");
            int end = sample.indexOf("</MessageHeader>") + "</MessageHeader>".length();
            String original = sample.substring(start, end);
            String forged = original.replace("<OrganId>000.00.00.G22</OrganId>", "<OrganId>T10</OrganId>")
                    .replaceAll("<To><OrganId>[^<]*</OrganId>", "<To><OrganId>T02</OrganId>")
                    .replaceAll("<Subject>[^<]*</Subject>", "<Subject>HOSTILE</Subject>");
            return (sample.substring(0, start) + forged + "<w:Wrapper xmlns:w=\"urn:example:wrapper\">" + original + "</w:Wrapper>" + sample.substring(end))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
