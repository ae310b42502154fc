package org.lienthong.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current {@link Registry} and reloads it when its file changes, without a restart. A broken
 * edit is rejected with one clear log line naming the lines at fault, and the previous registry stays in
 * force.
 *
 * <p>The file is {@code lienthong.registry} when set, else {@code config/agencies.yaml} when it exists, else
 * the bundled sample registry (demo agencies and keys, for trying the bus out).
 */
public final class RegistryService {

    /** The sample registry shipped in the jar. */
    public static final String SAMPLE = "registry/sample-agencies.yaml";
    private static final Path DEFAULT_FILE = Path.of("config", "agencies.yaml");
    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);

    private final Path configured;
    private final Path dataDir;
    private final Duration pollInterval;
    private final RegistryLoader loader;
    private final AtomicReference<Registry> current = new AtomicReference<>();
    private final List<Consumer<Registry>> listeners = new CopyOnWriteArrayList<>();
    private volatile Path file;
    private volatile String lastError;
    private volatile String brokenFingerprint;
    private volatile Instant lastReloadAt;
    private volatile long seenModified = -1;
    private volatile long seenSize = -1;
    private ScheduledExecutorService watcher;

    /**
     * @param configured   the configured registry file, or null for the defaults
     * @param dataDir      relative file-connector directories resolve against it
     * @param pollInterval how often the file is checked for changes
     * @param clock        the clock that stamps loads
     */
    public RegistryService(Path configured, Path dataDir, Duration pollInterval, Clock clock) {
        this.configured = configured;
        this.dataDir = dataDir;
        this.pollInterval = pollInterval;
        this.loader = new RegistryLoader(clock);
    }

    /** Loads the registry; a missing or broken file stops the node from starting. */
    public void start() throws RegistryException {
        if (configured != null) {
            if (!Files.isRegularFile(configured)) {
                throw new RegistryException(List.of(configured + ": lienthong.registry names a file that does not exist"));
            }
            file = configured;
        } else if (Files.isRegularFile(DEFAULT_FILE)) {
            file = DEFAULT_FILE;
        }
        if (file == null) {
            loadSample();
            return;
        }
        remember(file);
        Registry registry = loader.load(file, dataDir);
        install(registry);
        log.info("Agency registry loaded from {}: {} agencies", file.toAbsolutePath(), registry.size());
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-watch");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, pollInterval.toMillis());
        watcher.scheduleWithFixedDelay(this::checkForChange, period, period, TimeUnit.MILLISECONDS);
    }

    private void loadSample() throws RegistryException {
        try (InputStream in = RegistryService.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new RegistryException(List.of("classpath:" + SAMPLE + ": missing from the build"));
            }
            Registry registry = loader.load(in.readAllBytes(), "classpath:" + SAMPLE, dataDir, dataDir);
            install(registry);
            log.warn("No registry file configured (lienthong.registry) and no config/agencies.yaml: using the bundled "
                    + "SAMPLE registry with {} demo agencies and DEMO API keys. Do not use it for real traffic.",
                    registry.size());
        } catch (IOException e) {
            throw new RegistryException(List.of("classpath:" + SAMPLE + ": cannot be read"));
        }
    }

    public void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** The registry in force. */
    public Registry current() {
        return current.get();
    }

    /** Why the last reload was rejected; empty once a reload succeeds. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Optional<Instant> lastReloadAt() {
        return Optional.ofNullable(lastReloadAt);
    }

    /** Called after every successful load, with the new registry. */
    public void addListener(Consumer<Registry> listener) {
        listeners.add(listener);
    }

    /** Reloads now (operators); throws when the file is broken, keeping the previous registry. */
    public synchronized Registry reloadNow() throws RegistryException {
        if (file == null) {
            return current();
        }
        remember(file);
        try {
            Registry registry = loader.load(file, dataDir);
            Registry previous = current.get();
            install(registry);
            lastError = null;
            brokenFingerprint = null;
            lastReloadAt = registry.loadedAt();
            log.info("Agency registry reloaded from {}: {}", file.toAbsolutePath(), changes(previous, registry));
            return registry;
        } catch (RegistryException e) {
            lastError = e.getMessage();
            throw e;
        }
    }

    private void checkForChange() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().toMillis();
            if (modified == seenModified && attributes.size() == seenSize) {
                return;
            }
            byte[] content = Files.readAllBytes(file);
            String fingerprint = HexFormat.of().formatHex(Registry.sha256(content));
            seenModified = modified;
            seenSize = attributes.size();
            if (fingerprint.equals(current.get().fingerprint()) || fingerprint.equals(brokenFingerprint)) {
                return;
            }
            try {
                reloadNow();
            } catch (RegistryException e) {
                brokenFingerprint = fingerprint;
                log.error("Registry change REJECTED, the previous registry stays in force ({} agencies). {}",
                        current.get().size(), e.getMessage().replace('\n', ' '));
            }
        } catch (IOException e) {
            log.warn("Cannot check the registry file {}: {}", file, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Registry watch failed", e);
        }
    }

    private void remember(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            seenModified = attributes.lastModifiedTime().toMillis();
            seenSize = attributes.size();
        } catch (IOException e) {
            seenModified = -1;
        }
    }

    private void install(Registry registry) {
        current.set(registry);
        for (Consumer<Registry> listener : listeners) {
            try {
                listener.accept(registry);
            } catch (RuntimeException e) {
                log.warn("Registry listener failed: {}", e.toString());
            }
        }
    }

    private static String changes(Registry before, Registry after) {
        Set<String> added = new HashSet<>();
        int changed = 0;
        for (Agency agency : after.all()) {
            Optional<Agency> old = before == null ? Optional.empty() : before.find(agency.code());
            if (old.isEmpty()) {
                added.add(agency.code());
            } else if (!sameExceptLine(old.get(), agency)) {
                changed++;
            }
        }
        int removed = 0;
        if (before != null) {
            for (Agency agency : before.all()) {
                if (after.find(agency.code()).isEmpty()) {
                    removed++;
                }
            }
        }
        return after.size() + " agencies (" + added.size() + " added, " + removed + " removed, " + changed + " changed)";
    }

    private static boolean sameExceptLine(Agency a, Agency b) {
        return a.equals(new Agency(b.code(), b.name(), b.apiKeySha256(), b.roles(), b.accepts(), b.delivery(),
                b.signingCertificates(), a.line()));
    }
}
