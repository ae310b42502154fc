package org.lienthong.connector.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.lienthong.connector.DeliveryConnector;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;

/**
 * The {@code file} connector: writes {@code <dir>/<message-id>.<ext>} atomically (temporary name, fsync,
 * rename) after a {@code <message-id>.json} sidecar with the delivery headers, so a folder watcher that
 * reacts to the payload file always finds its sidecar. The sidecar's name is fixed by SPEC §7, so a JSON
 * payload is written as {@code <message-id>.body.json}; every sidecar's {@code File} field names its payload.
 * Writing the same message again replaces both files with identical content, so a repeated delivery is
 * harmless.
 *
 * <p>File I/O blocks, so it runs on the executor given at construction, never on the caller's thread.
 */
public final class FileConnector implements DeliveryConnector {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    private final ObjectMapper json;
    private final Executor io;

    public FileConnector(ObjectMapper json, Executor io) {
        this.json = json;
        this.io = io;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(OutboundMessage message, DeliveryTarget target) {
        Path dir;
        try {
            dir = Path.of(target.url());
        } catch (InvalidPathException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.fail("file delivery directory is not a valid path"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> write(message, dir), io);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.retry("file delivery executor is not accepting work"));
        }
    }

    DeliveryOutcome write(OutboundMessage message, Path dir) {
        String id = message.messageId();
        if (!SAFE_NAME.matcher(id).matches() || id.contains("..")) {
            return DeliveryOutcome.fail("message id is not usable as a file name");
        }
        if (!dir.isAbsolute()) {
            return DeliveryOutcome.fail("file delivery directory must be absolute");
        }
        try {
            Files.createDirectories(dir);
            String ext = extensionFor(message.contentType(), message.type());
            String sidecarName = sidecarName(id, ext);
            Map<String, Object> sidecar = new LinkedHashMap<>(DeliveryHeaders.of(message));
            sidecar.put("Content-Type", message.contentType());
            if (message.subject() != null) {
                sidecar.put("Subject", message.subject());
            }
            sidecar.put("Recipient", message.recipient());
            sidecar.put("File", id + "." + ext);
            sidecar.put("Size", message.payload().size());
            byte[] sidecarBytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar);
            writeAtomically(dir, sidecarName, out -> out.write(sidecarBytes));
            writeAtomically(dir, id + "." + ext, out -> {
                try (InputStream in = message.payload().open()) {
                    in.transferTo(out);
                }
            });
            return DeliveryOutcome.delivered("written " + id + "." + ext);
        } catch (IOException | RuntimeException e) {
            return DeliveryOutcome.retry("cannot write to delivery folder: " + e.getClass().getSimpleName());
        }
    }

    /** Always {@code <id>.json} (SPEC §7); {@link #extensionFor} keeps JSON payloads off that name. */
    static String sidecarName(String id, String payloadExtension) {
        return id + ".json";
    }

    private interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path dir, String name, Writer writer) throws IOException {
        Path tmp = dir.resolve("." + name + ".tmp");
        Path target = dir.resolve(name);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // no half-written file left in the recipient's folder if the message ends up dead
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** File extension for a payload: from its media type, {@code edxml} for e-Doc packages. */
    public static String extensionFor(String contentType, String type) {
        String base = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = base.indexOf(';');
        if (semicolon >= 0) {
            base = base.substring(0, semicolon);
        }
        base = base.trim();
        boolean xml = base.equals("application/xml") || base.equals("text/xml") || base.endsWith("+xml");
        if (xml && type != null && type.startsWith("edoc")) {
            return "edxml";
        }
        if (xml) {
            return "xml";
        }
        return switch (base) {
            // "<id>.json" is the sidecar's name, so a JSON payload is "<id>.body.json"
            case "application/json" -> "body.json";
            case "text/plain" -> "txt";
            case "text/csv" -> "csv";
            case "application/pdf" -> "pdf";
            case "application/zip" -> "zip";
            default -> base.endsWith("+json") ? "body.json" : "bin";
        };
    }
}
