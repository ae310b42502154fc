package org.lienthong.connector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bytes of a message, held in memory or in a file of the node's content store. */
public sealed interface Payload {

    long size();

    InputStream open() throws IOException;

    /** All bytes; for small payloads only (the connectors stream file payloads). */
    byte[] bytes();

    static Payload of(byte[] bytes) {
        return new InMemory(bytes);
    }

    /** Payload bytes held in memory. */
    record InMemory(byte[] data) implements Payload {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }

        @Override
        public byte[] bytes() {
            return data;
        }
    }

    /** Payload bytes in a file that outlives the delivery attempt. */
    record InFile(Path file, long size) implements Payload {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
