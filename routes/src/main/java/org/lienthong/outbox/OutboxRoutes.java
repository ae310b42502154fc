package org.lienthong.outbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file drop of SPEC §7: {@code <data-dir>/exchange/<agency-code>/outbox/}. The folder names the owner
 * agency (never the file's content). Processed files move to {@code .done/}; refused ones to {@code .error/}
 * with {@code <name>.reason.txt}. One route scans every agency's outbox, so 10,000 agencies cost one poller.
 * Write files under a temporary name starting with a dot and rename them when complete, or let them rest:
 * a file is taken only once its size has stopped changing.
 */
public final class OutboxRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(OutboxRoutes.class);

    private final Path exchangeDir;
    private final RegistryService registry;
    private final List<OutboxHandler> handlers;
    private final Clock clock;

    public OutboxRoutes(Path exchangeDir, RegistryService registry, List<OutboxHandler> handlers, Clock clock) {
        this.exchangeDir = exchangeDir.toAbsolutePath().normalize();
        this.registry = registry;
        this.handlers = List.copyOf(handlers);
        this.clock = clock;
    }

    @Override
    public void configure() throws IOException {
        Files.createDirectories(exchangeDir);
        fromF("file:%s?recursive=true&minDepth=3&maxDepth=3&antInclude=*/outbox/*&antExclude=**/.*"
                        + "&readLock=changed&readLockCheckInterval=500&readLockMinAge=500&readLockTimeout=60000"
                        + "&delay=1000&maxMessagesPerPoll=500&move=.done&moveFailed=.error&autoCreate=true",
                exchangeDir.toString())
                .routeId("outbox.intake")
                .onException(Exception.class).handled(false).process(this::writeReason).end()
                .process(this::accept).id("outbox.intake.accept");
    }

    private void accept(Exchange exchange) {
        File file = exchange.getIn().getBody(File.class);
        Path path = file.toPath().toAbsolutePath().normalize();
        Agency owner = ownerOf(path);
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        OutboxHandler handler = handlers.stream().filter(h -> h.extensions().contains(extension))
                .filter(h -> h.takes(path)).findFirst()
                .orElseThrow(() -> new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE,
                        "files ending in '." + extension + "' are not taken here (see docs/operations.md)"));
        String summary = handler.accept(owner, path);
        log.info("Outbox of {}: {} accepted ({})", owner.code(), name, summary);
    }

    /** {@code exchange/<code>/outbox/<file>}: the folder two levels up names the agency. */
    private Agency ownerOf(Path file) {
        Path relative = exchangeDir.relativize(file);
        if (relative.getNameCount() != 3 || !relative.getName(1).toString().equals("outbox")) {
            throw new ProblemException(Problem.INVALID_REQUEST, "not in an agency outbox folder");
        }
        String code = relative.getName(0).toString();
        return registry.current().find(code).orElseThrow(() -> new ProblemException(Problem.FORBIDDEN,
                "folder '" + code + "' is not a registered agency"));
    }

    /** Puts {@code <name>.reason.txt} in {@code .error/} next to where Camel moves the refused file. */
    private void writeReason(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        File file = exchange.getIn().getBody(File.class);
        if (file == null) {
            return;
        }
        String reason = error instanceof ProblemException problem
                ? problem.problem().name() + ": " + problem.getMessage()
                : "INTERNAL: the file could not be processed (" + (error == null ? "unknown" : error.getClass().getSimpleName())
                + "); it can be dropped again";
        if (!(error instanceof ProblemException)) {
            log.error("Outbox file {} failed", file, error);
        }
        try {
            Path errorDir = file.toPath().getParent().resolve(".error");
            Files.createDirectories(errorDir);
            Files.writeString(errorDir.resolve(file.getName() + ".reason.txt"),
                    clock.instant() + " " + reason + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Cannot write the reason for {}: {}", file, e.getMessage());
        }
    }
}
