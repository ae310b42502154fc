package org.lienthong.connector.edxml.signature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a received package, which can be opened more than once: verification reads them twice and never
 * keeps them in memory. Implementations must return the same bytes every time (a received package is immutable).
 */
@FunctionalInterface
public interface PackageBytes {

    /** A new stream over the package from its first byte; the caller closes it. */
    InputStream open() throws IOException;

    static PackageBytes of(Path file) {
        return () -> Files.newInputStream(file);
    }

    static PackageBytes of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return () -> new ByteArrayInputStream(copy);
    }
}
