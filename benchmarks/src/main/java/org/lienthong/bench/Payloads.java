package org.lienthong.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * The 2 KB generic-message request body of the bus runs (and, unchanged, of the no-op server run):
 * <pre>{"to":["CODE"],"subject":"bench","payload":{"r":"001","seq":"000000000042","t0":"0000003600123456789","pad":"xxx…"}}</pre>
 * {@code r} is the run, {@code seq} the request's number in it, {@code t0} its intended send time (this JVM's
 * System.nanoTime, shifted by {@link #BASE} so it is positive). The bus delivers the {@code payload} object as the
 * body of the rest delivery, so the receiver, running in this same JVM, reads {@code t0} back and measures
 * intended send → receipt on one clock. Fixed-width digits let every body be a copy of a template with the
 * digits patched in.
 */
final class Payloads {

    /** Subtracted from nanoTime so encoded times are positive 19-digit numbers. */
    static final long BASE = System.nanoTime() - 3_600_000_000_000L;

    private static final byte[] RUN = "\"r\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] T0 = "\"t0\":\"".getBytes(StandardCharsets.US_ASCII);
    static final int RUN_DIGITS = 3;
    static final int SEQ_DIGITS = 12;
    static final int T0_DIGITS = 19;

    private Payloads() {
    }

    /** A parsed delivery: run, sequence number and intended send time (nanoTime). */
    record Stamp(int run, long seq, long t0) {
    }

    /**
     * Bodies of run {@code run}: request {@code seq} goes to {@code recipients[seq % n]}; the whole request body
     * is {@code totalBytes} long (the pad fills it).
     */
    static HttpLoad.Bodies messages(int run, List<String> recipients, int totalBytes) {
        byte[][] templates = new byte[recipients.size()][];
        int[][] offsets = new int[recipients.size()][];
        for (int i = 0; i < recipients.size(); i++) {
            String head = "{\"to\":[\"" + recipients.get(i) + "\"],\"subject\":\"bench\",\"payload\":{\"r\":\""
                    + pad(run, RUN_DIGITS) + "\",\"seq\":\"" + "0".repeat(SEQ_DIGITS) + "\",\"t0\":\""
                    + "0".repeat(T0_DIGITS) + "\",\"pad\":\"";
            String tail = "\"}}";
            int padding = Math.max(0, totalBytes - head.length() - tail.length());
            byte[] template = (head + "x".repeat(padding) + tail).getBytes(StandardCharsets.US_ASCII);
            templates[i] = template;
            offsets[i] = new int[] {indexOf(template, SEQ, 0) + SEQ.length, indexOf(template, T0, 0) + T0.length};
        }
        return (alloc, seq, intended) -> {
            int i = (int) (seq % templates.length);
            byte[] template = templates[i];
            ByteBuf buf = alloc.buffer(template.length).writeBytes(template);
            digits(buf, offsets[i][0], seq, SEQ_DIGITS);
            digits(buf, offsets[i][1], intended - BASE, T0_DIGITS);
            return buf;
        };
    }

    /** Reads run, seq and t0 from the first bytes of a delivered payload; null when they are not there. */
    static Stamp parse(byte[] head, int length) {
        long run = number(head, length, RUN, RUN_DIGITS);
        long seq = number(head, length, SEQ, SEQ_DIGITS);
        long t0 = number(head, length, T0, T0_DIGITS);
        if (run < 0 || seq < 0 || t0 < 0) {
            return null;
        }
        return new Stamp((int) run, seq, t0 + BASE);
    }

    private static long number(byte[] head, int length, byte[] key, int digits) {
        int at = indexOf(head, key, 0, length);
        if (at < 0 || at + key.length + digits > length) {
            return -1;
        }
        long value = 0;
        for (int i = at + key.length; i < at + key.length + digits; i++) {
            int d = head[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static void digits(ByteBuf buf, int offset, long value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            buf.setByte(i, (byte) ('0' + (value % 10)));
            value /= 10;
        }
    }

    private static String pad(long value, int width) {
        String s = Long.toString(value);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    private static int indexOf(byte[] data, byte[] key, int from) {
        return indexOf(data, key, from, data.length);
    }

    private static int indexOf(byte[] data, byte[] key, int from, int length) {
        outer:
        for (int i = from; i <= length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (data[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
