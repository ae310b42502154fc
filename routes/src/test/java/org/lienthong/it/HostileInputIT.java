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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hostile-input suite: one small case per file under {@code src/test/resources/hostile/}, each an HTTP request
 * with the answer it must get ({@code # expect: 400 INVALID_XML}, {@code # expect: fault INVALID_REQUEST} for SOAP,
 * {@code # expect: 202 delivered}, or {@code # expect: soap delivered} on a SOAP edge, for headers that must be
 * ignored). For every refused case: the documented
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
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            assertDeliveredWithoutTheInjectedHeaders(json.readTree(response.body()).get("id").asText(), OTHER_SENDER,
                    "generic");
            return;
        } else if (expect[0].equals("soap")) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("<f:id>([^<]+)</f:id>")
                    .matcher(new String(c.body(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(id.find()).as("feedback id in " + name).isTrue();
            assertDeliveredWithoutTheInjectedHeaders(id.group(1), PORTAL, "feedback");
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

    private void assertDeliveredWithoutTheInjectedHeaders(String id, String sender, String type) throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> !RECEIVER.receivedMessage("/ok", id).isEmpty());
        TestReceiver.Received delivered = RECEIVER.receivedMessage("/ok", id).get(0);
        assertThat(delivered.header("X-Lienthong-From")).isEqualTo(sender);
        assertThat(delivered.header("X-Lienthong-Type")).isEqualTo(type);
        assertThat(delivered.header("X-Lienthong-Message-Id")).isEqualTo(id);
        assertThat(delivered.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
        assertThat(RECEIVER.received("/evil")).isEmpty();
        assertNoEvilFile();
    }

    @Autowired
    private org.apache.cxf.Bus cxf;

    /**
     * CXF 4.1.4 leaves {@code org.apache.cxf.stax.maxElementCount} and {@code maxXMLCharacters} unbounded: every SOAP
     * endpoint the node publishes must set both, and refuse an envelope just past either, before any operation runs.
     */
    @Test
    void everySoapEndpointBoundsElementCountAndDocumentCharacters() throws Exception {
        var servers = cxf.getExtension(org.apache.cxf.endpoint.ServerRegistry.class).getServers();
        List<String> addresses = servers.stream().map(s -> s.getEndpoint().getEndpointInfo().getAddress()).toList();
        assertThat(addresses).as("published SOAP services").contains("/edoc", "/feedback", "/dossier");
        for (var server : servers) {
            var endpoint = server.getEndpoint();
            String address = endpoint.getEndpointInfo().getAddress();
            long maxElements = limit(endpoint, org.apache.cxf.staxutils.StaxUtils.MAX_ELEMENT_COUNT, address);
            long maxCharacters = limit(endpoint, org.apache.cxf.staxutils.StaxUtils.MAX_XML_CHARACTERS, address);
            long maxChildren = limit(endpoint, org.apache.cxf.staxutils.StaxUtils.MAX_CHILD_ELEMENTS, address);
            long maxText = limit(endpoint, org.apache.cxf.staxutils.StaxUtils.MAX_TEXT_LENGTH, address);
            assertThat(maxCharacters).as(address).isLessThanOrEqualTo(64L << 20);

            // past the element count, in groups that stay under the per-parent child limit
            int perGroup = (int) Math.min(maxChildren - 1, 1000);
            StringBuilder elements = new StringBuilder();
            for (long made = 0; made <= maxElements; made += perGroup + 1) {
                elements.append("<x:g>").append("<x:e/>".repeat(perGroup)).append("</x:g>");
            }
            assertRefusedByTheParser(address, elements.toString());

            // past the document's characters, in text nodes that each stay under the text limit
            int chunk = (int) Math.min(maxText / 2, 1 << 20);
            String text = "<x:t>" + "v".repeat(chunk) + "</x:t>";
            StringBuilder characters = new StringBuilder();
            for (long counted = 0; counted <= maxCharacters; counted += chunk) {
                characters.append(text);
            }
            assertRefusedByTheParser(address, characters.toString());
        }
        assertThat(send(HttpRequest.newBuilder(management("/actuator/health")).build()).body()).contains("\"UP\"");
    }

    @Test
    void aBodyThatIsNoOperationOfTheServiceIsTheCallersFault() {
        for (String address : List.of("/edoc", "/feedback", "/dossier")) {
            HttpResponse<String> answer = soapCall(address, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                    + "<soap:Body><x:deleteEverything xmlns:x=\"urn:example:evil\"/></soap:Body></soap:Envelope>");
            assertThat(answer.body()).as(address).contains("<faultcode>soap:Client</faultcode>")
                    .contains("<code>INVALID_REQUEST</code>").doesNotContain("WSDL").doesNotContain("urn:example:evil");
        }
    }

    /** A SOAP 1.1 call to {@code /services<address>} as a registered agency. */
    private HttpResponse<String> soapCall(String address, String envelope) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services" + address))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + HANDLER_KEY)
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build());
    }

    private static long limit(org.apache.cxf.endpoint.Endpoint endpoint, String key, String address) {
        Object value = endpoint.get(key);
        assertThat(value).as(key + " on " + address).isInstanceOf(Number.class);
        long limit = ((Number) value).longValue();
        assertThat(limit).as(key + " on " + address).isPositive().isLessThan(Integer.MAX_VALUE);
        return limit;
    }

    private void assertRefusedByTheParser(String address, String header) {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Header><x:trace xmlns:x=\"urn:example:trace\">" + header + "</x:trace></soap:Header>"
                + "<soap:Body><x:anything xmlns:x=\"urn:example:trace\"/></soap:Body></soap:Envelope>";
        HttpResponse<String> answer = soapCall(address, envelope);
        assertThat(answer.statusCode()).as(address + ": " + answer.body()).isEqualTo(500);
        assertThat(answer.body()).as(address).contains("<soap:Fault>").contains("<code>INVALID_XML</code>")
                .doesNotContain("Exception").doesNotContain("at org.");
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
