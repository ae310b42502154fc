package org.lienthong.connector.edxml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~200 MB package (one 150 MB base64 text node with MIME line breaks and {@code &#13;}, one 50 MB single
 * line) read and schema-validated in a child JVM whose whole heap is smaller than either attachment: proof
 * that neither the reader nor the XSD buffers an attachment. The package is written by streaming, never
 * built in memory. Run it alone with {@code -Dtest=EdxmlLargePackageTest -Dedxml.large.heap=256m}.
 */
@Tag("large")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EdxmlLargePackageTest {

    private static final String HEAP = System.getProperty("edxml.large.heap", "64m");
    private static final long FIRST = 112L * 1024 * 1024;
    private static final long SECOND = 37L * 1024 * 1024 + 1;

    @Test
    void readsAndValidatesA200MegabytePackageInASmallHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.edxml");
        writePackage(file);
        assertThat(Files.size(file)).isGreaterThan(195L * 1024 * 1024);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"),
                LargePackageProbe.class.getName(), file.toString()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(4, TimeUnit.MINUTES)).isTrue();
        System.out.println("large package probe, -Xmx" + HEAP + ":\n" + output);

        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains("size=" + Files.size(file), "attachment=cid:scan-1:" + FIRST,
                "attachment=cid:scan-2:" + SECOND);
    }

    /** Streams the package to {@code file}: header, then two attachments encoded on the fly. */
    private static void writePackage(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<edXMLEnvelope xmlns=\"" + Edxml.NAMESPACE + "\"><edXMLHeader><MessageHeader>"
                    + "<From><OrganId>000.00.00.G22</OrganId></From><To><OrganId>000.00.00.H41</OrganId></To>"
                    + "<DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</DocumentId>"
                    + "<Subject>Hồ sơ quét khổ lớn</Subject></MessageHeader></edXMLHeader>"
                    + "<edXMLBody><edXMLManifest>"
                    + "<Reference><ContentId>cid:scan-1</ContentId><AttachmentName>scan-1.pdf</AttachmentName></Reference>"
                    + "<Reference><ContentId>cid:scan-2</ContentId><AttachmentName>scan-2.pdf</AttachmentName></Reference>"
                    + "</edXMLManifest></edXMLBody><AttachmentEncoded>\n");
            attachment(out, "cid:scan-1", FIRST, true);
            attachment(out, "cid:scan-2", SECOND, false);
            write(out, "</AttachmentEncoded></edXMLEnvelope>\n");
        }
    }

    private static void attachment(OutputStream out, String contentId, long bytes, boolean lines) throws IOException {
        write(out, "<Attachment><ContentId>" + contentId + "</ContentId><AttachmentName>" + contentId.substring(4)
                + ".pdf</AttachmentName><ContentType>application/pdf</ContentType><ContentTransferEncoded>");
        // MIME lines end "&#13;\n" in the file, as XML-DSig tools write them; the single-line one has none.
        OutputStream text = lines ? new CrAsCharacterReference(out) : out;
        OutputStream encoder = (lines ? Base64.getMimeEncoder() : Base64.getEncoder()).wrap(new Unclosed(text));
        Random random = new Random(bytes);
        byte[] chunk = new byte[1 << 16];
        for (long left = bytes; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            encoder.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        encoder.close();
        write(out, "</ContentTransferEncoded></Attachment>\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes each CR as {@code &#13;}. */
    private static final class CrAsCharacterReference extends java.io.FilterOutputStream {
        private static final byte[] CR = "&#13;".getBytes(StandardCharsets.US_ASCII);

        CrAsCharacterReference(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\r') {
                out.write(CR);
            } else {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\r') {
                    out.write(b, start, i - start);
                    out.write(CR);
                    start = i + 1;
                }
            }
            out.write(b, start, off + len - start);
        }

        @Override
        public void close() {
            // the package stream is closed by its owner
        }
    }

    /** Keeps the encoder's close (which flushes its last group) from closing the package stream. */
    private static final class Unclosed extends java.io.FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
