package org.lienthong.connector.edxml.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~200 MB package (one ~150 MB attachment, base64) is signed and verified in a JVM whose heap is capped at
 * 256 MB, less than the package: only streaming gets through. Runs {@link LargePackageCheck} in a child JVM so the
 * cap applies to exactly this work, and keeps its figures in {@code target/large-package-signature.txt}.
 */
class LargePackageIT {

    static final String HEAP = "-Xmx256m";
    static final long ATTACHMENT_BYTES = 150_000_000L;

    @Test
    void a200MbPackageSignsAndVerifiesInA256MbHeap(@TempDir Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, HEAP, "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"),
                LargePackageCheck.class.getName(), dir.toString(), Long.toString(ATTACHMENT_BYTES)))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "large-package-signature.txt"), HEAP + "\n" + output);

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("verified=VERIFIED", "tampered=INVALID (signature does not match the document (digest mismatch))",
                "result=OK");
        assertThat(output).doesNotContain("OutOfMemoryError");
    }
}
