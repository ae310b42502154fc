package org.lienthong.connector.edxml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes the parser reads, refuses more than a limit, and remembers an I/O failure of the
 * source: the parser wraps such failures as XML errors, and the reader must not blame the sender's XML for
 * a broken connection.
 */
final class CountedInput extends FilterInputStream {

    /** Thrown when the message is larger than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;
    private IOException failure;

    CountedInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = guard(() -> super.read());
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = guard(() -> super.read(buffer, offset, length));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    /** The JDK parser closes its input at the end tag; the caller owns the source and closes it. */
    @Override
    public void close() {
        // deliberately not closing the source
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The parser reaches the end tag before the end of input; what follows still counts. */
    void drain() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // counting only
        }
    }

    long count() {
        return count;
    }

    /** The I/O failure (or {@link TooLarge}) met while reading, or null. */
    IOException failure() {
        return failure;
    }

    private void counted(long n) throws TooLarge {
        count += n;
        if (count > limit) {
            TooLarge tooLarge = new TooLarge(limit);
            failure = tooLarge;
            throw tooLarge;
        }
    }

    private interface Read {
        int run() throws IOException;
    }

    private int guard(Read read) throws IOException {
        try {
            return read.run();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
