package org.lienthong.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Payloads too large to copy into every recipient's queue entry, kept once under
 * {@code <data-dir>/content}. A payload is synced to disk before the message is accepted, so a 202 still
 * means "on disk". References are relative paths derived from (sender, message id), never from user input.
 */
public final class ContentStore {

    private final Path root;

    public ContentStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Writes the payload durably and returns its reference. Writing the same message again is harmless. */
    public String put(String sender, String messageId, byte[] payload) {
        String ref = refFor(sender, messageId);
        Path target = root.resolve(ref);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(payload);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
            return ref;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store payload", e);
        }
    }

    /**
     * A new file in the store's staging area for a body being received; it becomes content with
     * {@link #adopt} or is deleted by the caller.
     */
    public Path stagingFile() {
        try {
            Path staging = root.resolve("staging");
            Files.createDirectories(staging);
            return Files.createTempFile(staging, "in-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a staging file", e);
        }
    }

    /** Syncs a staged file to disk (before a message referring to it is accepted). */
    public static void sync(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sync a staged file", e);
        }
    }

    /** Moves a synced staged file into the store under the message's reference; returns the reference. */
    public String adopt(String sender, String messageId, Path staged) {
        String ref = refFor(sender, messageId);
        Path target = root.resolve(ref);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
            return ref;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store payload", e);
        }
    }

    private static String refFor(String sender, String messageId) {
        String name = HexFormat.of().formatHex(sha256(sender + '|' + messageId));
        return name.substring(0, 2) + "/" + name + ".bin";
    }

    /** The file of a reference; refuses references that would leave the store. */
    public Path resolve(String ref) {
        Path file = root.resolve(ref).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("content reference outside the store");
        }
        return file;
    }

    /** The reference of a file inside the store. */
    public String refOf(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        if (!normalized.startsWith(root)) {
            throw new IllegalArgumentException("file outside the content store");
        }
        return root.relativize(normalized).toString().replace('\\', '/');
    }

    /** Deletes staging files last modified before the cut-off (uploads that never completed). */
    public int removeStaleStaging(java.time.Instant cutoff) {
        Path staging = root.resolve("staging");
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        int removed = 0;
        try (var files = Files.list(staging)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

    public void delete(String ref) {
        try {
            Files.deleteIfExists(resolve(ref));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the file itself is already synced.
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
