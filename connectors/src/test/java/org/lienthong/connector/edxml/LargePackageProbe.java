package org.lienthong.connector.edxml;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.transform.stax.StAXSource;

import org.lienthong.connector.xml.SecureXml;

/**
 * Run in a child JVM with a small heap by {@link EdxmlLargePackageTest}: reads a large package with
 * {@link EdxmlReader}, then validates it with a standard JAXP validator and the bundled XSD, and prints what
 * it found and the peak heap used. A heap too small for either would end it with an OutOfMemoryError.
 */
final class LargePackageProbe {

    private LargePackageProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long started = System.nanoTime();
        EdxmlDocument document = new EdxmlReader().readDocument(file);
        long read = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            SecureXml.validator(EdxmlSchema.load()).validate(new StAXSource(SecureXml.streamReader(in)));
        }
        long validated = System.nanoTime();
        System.out.println("size=" + document.size());
        for (EdxmlDocument.Attachment attachment : document.attachments()) {
            System.out.println("attachment=" + attachment.contentId() + ":" + attachment.size());
        }
        System.out.println("maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.println("peakHeapMiB=" + peakHeap() / (1024 * 1024));
        System.out.println("readMillis=" + (read - started) / 1_000_000);
        System.out.println("validateMillis=" + (validated - read) / 1_000_000);
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap ever in use at once. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
