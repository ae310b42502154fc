package org.lienthong.connector.edxml.signature;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Run in its own small-heap JVM by {@link LargePackageIT}: writes a package with one large base64 attachment,
 * signs it, verifies it, changes one attachment byte and verifies again, printing {@code key=value} lines with
 * sizes, times and heap figures. Exits non-zero if anything does not come out as expected.
 */
public final class LargePackageCheck {

    private LargePackageCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long attachmentBytes = Long.parseLong(args[1]);
        Instant now = Instant.parse("2026-12-01T03:00:00Z");
        TestPki pki = TestPki.create(now);
        TestPki.Credential g22 = pki.agency("000.00.00.G22");
        SignaturePolicy policy = SignaturePolicy.forAgency("000.00.00.G22").trustedCas(pki.caCertificate())
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        EdxmlSignatureVerifier verifier = new EdxmlSignatureVerifier();
        Path unsigned = dir.resolve("large.edxml");
        Path signed = dir.resolve("large.signed.edxml");

        print("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        long t = System.nanoTime();
        long size = TestPackages.writeLargeEdoc(unsigned, "000.00.00.G22", attachmentBytes, 20261201L);
        print("package_mb", size / 1_000_000);
        print("write_ms", millisSince(t));

        resetPeaks();
        t = System.nanoTime();
        EdxmlSigner.with(g22).sign(unsigned, signed);
        print("sign_ms", millisSince(t));
        print("sign_heap_peak_mb", heapPeakMb());
        Files.delete(unsigned);

        resetPeaks();
        t = System.nanoTime();
        SignatureVerdict verdict = verifier.verify(signed, policy);
        print("verify_ms", millisSince(t));
        print("verify_heap_peak_mb", heapPeakMb());
        print("verify_heap_after_gc_max_mb", heapAfterGcMb());
        print("verified", verdict.outcome() + " (" + verdict.reason() + ")");

        flipAttachmentByte(signed);
        t = System.nanoTime();
        SignatureVerdict tampered = verifier.verify(signed, policy);
        print("tampered_verify_ms", millisSince(t));
        print("tampered", tampered.outcome() + " (" + tampered.reason() + ")");
        Files.delete(signed);

        boolean ok = verdict.outcome() == SignatureVerdict.Outcome.VERIFIED
                && tampered.outcome() == SignatureVerdict.Outcome.INVALID
                && tampered.reason().equals("signature does not match the document (digest mismatch)");
        print("result", ok ? "OK" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    /** Changes one base64 letter in the middle of the file (the attachment) into another. */
    private static void flipAttachmentByte(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            for (long at = channel.size() / 2; ; at++) {
                one.clear();
                channel.read(one, at);
                byte b = one.get(0);
                if (b >= 'A' && b <= 'Y') {
                    channel.write(ByteBuffer.wrap(new byte[] {(byte) (b + 1)}), at);
                    print("flipped_offset", at);
                    return;
                }
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of what was used, garbage included. */
    private static long heapPeakMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    /** What the heap pools held after their last collection: the live data, roughly. */
    private static long heapAfterGcMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                bytes += afterGc.getUsed();
            }
        }
        return bytes >> 20;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
