package org.lienthong.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the agency registry in force and keeps it in step with its file (SPEC §3).
 *
 * <p>The file is {@code lienthong.registry} when configured (it must exist), else {@code config/agencies.yaml}
 * under the working directory when present, else the bundled sample with demo keys. {@link #start()} loads it
 * and refuses a broken file, so a node never runs without a registry. A file source is then polled by one
 * daemon thread ({@code registry-watch}): a changed file is reloaded and swapped in atomically; a broken one is
 * logged once, recorded in {@link #lastError()} and ignored, and the previous registry stays in force.
 *
 * <p>Readers call {@link #current()} per request and get an immutable snapshot; nothing blocks them.
 */
public final class RegistryService implements AutoCloseable {

    /** Classpath location of the sample registry used when no file is configured or present. */
    public static final String SAMPLE_RESOURCE = "registry/sample-agencies.yaml";
    /** Where the registry is looked for, relative to the working directory, when none is configured. */
    public static final Path DEFAULT_FILE = Path.of("config", "agencies.yaml");

    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);
    /**
     * A file modified this close to when it was read may change again without its size or timestamp changing
     * (timestamps are coarse: a few ms on ext4, 2 s on FAT), so until then its content is compared too.
     */
    private static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private final Path configured;
    private final Path dataDir;
    private final Duration pollInterval;
    private final Clock clock;
    private final Path workingDir;
    private final RegistryLoader loader;

    private final AtomicReference<Registry> current = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastReloadAt = new AtomicReference<>();
    private final List<Consumer<Registry>> listeners = new CopyOnWriteArrayList<>();

    /** Serialises loads: the watch thread and operators calling {@link #reloadNow()}. */
    private final Object lock = new Object();
    private Path file;
    private String source;
    private FileState seen;
    private FileState processed;
    private Instant processedAt;
    private String brokenFingerprint;
    private String brokenMessage;
    private String readProblem;
    private ScheduledExecutorService watcher;

    /**
     * @param configured   the {@code lienthong.registry} file, or null to use the default file or the sample;
     *                     a relative path resolves against the working directory
     * @param dataDir      the node's data dir; relative {@code file} delivery directories resolve against it
     * @param pollInterval how often the file is checked for changes
     * @param clock        stamps loads and reloads
     */
    public RegistryService(Path configured, Path dataDir, Duration pollInterval, Clock clock) {
        this(configured, dataDir, pollInterval, clock, Path.of(""));
    }

    RegistryService(Path configured, Path dataDir, Duration pollInterval, Clock clock, Path workingDir) {
        this.configured = configured;
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the registry poll interval must be positive: " + pollInterval);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.loader = new RegistryLoader(clock);
    }

    /**
     * Loads the registry and, for a file, starts watching it.
     *
     * @throws RegistryException when the configured file does not exist or the registry is broken
     */
    public void start() throws RegistryException {
        synchronized (lock) {
            if (current.get() != null) {
                throw new IllegalStateException("the registry service is already started");
            }
            file = resolveFile();
            if (file == null) {
                source = "classpath:" + SAMPLE_RESOURCE;
                install(loader.load(sampleBytes(), source, null, dataDir));
                log.warn("No agency registry configured and no {} found: using the bundled sample registry with "
                        + "DEMO API keys ({} agencies). Set lienthong.registry for anything but a local trial.",
                        DEFAULT_FILE, current.get().size());
                return;
            }
            source = file.toString();
            FileState state = observeOrThrow();
            byte[] content = RegistryLoader.read(file);
            install(loader.load(content, source, file.getParent(), dataDir));
            seen = state;
            processed = state;
            processedAt = clock.instant();
            log.info("Agency registry loaded from {}: {} agencies; checking for changes every {}", source,
                    current.get().size(), pollInterval);
            watcher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "registry-watch");
                thread.setDaemon(true);
                return thread;
            });
            long periodMillis = Math.max(1, pollInterval.toMillis());
            watcher.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops watching the file; the registry in force stays readable. */
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (lock) {
            stopping = watcher;
            watcher = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                if (!stopping.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("The registry-watch thread did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The registry in force. */
    public Registry current() {
        Registry registry = current.get();
        if (registry == null) {
            throw new IllegalStateException("the registry service has not been started");
        }
        return registry;
    }

    /** Why the last reload was refused (problems with their lines), while the file stays broken. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** When the registry in force was loaded; empty before {@link #start()}. */
    public Optional<Instant> lastReloadAt() {
        return Optional.ofNullable(lastReloadAt.get());
    }

    /** The file being watched; empty when the bundled sample is in use. */
    public Optional<Path> watchedFile() {
        synchronized (lock) {
            return Optional.ofNullable(file);
        }
    }

    /** True while the watch thread is polling the file. */
    boolean isWatching() {
        synchronized (lock) {
            return watcher != null && !watcher.isShutdown();
        }
    }

    /**
     * Calls {@code listener} with the new registry after every successful load or reload (not for loads
     * before it was added: read {@link #current()} for those). Listeners run one at a time, in load order, on
     * the thread that loaded; one that throws is logged and does not stop the others.
     */
    public void addListener(Consumer<Registry> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Reloads now, even when the file looks unchanged, for an operator who knows better than the poller.
     *
     * @return the registry now in force
     * @throws RegistryException when the file is broken; the previous registry stays in force
     */
    public Registry reloadNow() throws RegistryException {
        synchronized (lock) {
            current();
            if (file == null) {
                install(loader.load(sampleBytes(), source, null, dataDir));
                return current.get();
            }
            byte[] content;
            try {
                FileState state = observeOrThrow();
                content = RegistryLoader.read(file);
                seen = state;
                processed = state;
                processedAt = clock.instant();
            } catch (RegistryException e) {
                refuse(e, null);
                throw e;
            }
            try {
                install(loader.load(content, source, file.getParent(), dataDir));
            } catch (RegistryException e) {
                refuse(e, Registry.sha256Hex(content));
                throw e;
            }
            return current.get();
        }
    }

    private Path resolveFile() throws RegistryException {
        if (configured != null) {
            Path path = workingDir.resolve(configured).normalize();
            if (!Files.isRegularFile(path)) {
                throw new RegistryException(path.toString(), List.of(path + ": lienthong.registry names "
                        + (Files.exists(path) ? "something that is not a file" : "a file that does not exist")));
            }
            return path;
        }
        Path fallback = workingDir.resolve(DEFAULT_FILE);
        return Files.isRegularFile(fallback) ? fallback : null;
    }

    private byte[] sampleBytes() throws RegistryException {
        try (InputStream in = RegistryService.class.getClassLoader().getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new RegistryException(source, List.of(source + ": the bundled sample registry is missing"));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RegistryException(source, List.of(source + ": " + describe(e)));
        }
    }

    private void poll() {
        try {
            synchronized (lock) {
                if (watcher != null) {
                    checkForChange();
                }
            }
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; the next poll may well succeed.
            log.error("Checking the agency registry {} for changes failed", source, e);
        }
    }

    private void checkForChange() {
        FileState state;
        try {
            state = observe();
        } catch (IOException e) {
            seen = null;
            reportReadProblem(source + ": " + describe(e));
            return;
        }
        if (!state.equals(seen)) {
            // Changed since the last look: wait one more interval so a writer can finish before it is read.
            seen = state;
            return;
        }
        if (state.equals(processed) && !racy()) {
            return;
        }
        byte[] content;
        try {
            content = RegistryLoader.read(file);
        } catch (RegistryException e) {
            reportReadProblem(e.getMessage());
            return;
        }
        processed = state;
        processedAt = clock.instant();
        readProblem = null;
        String fingerprint = Registry.sha256Hex(content);
        if (fingerprint.equals(current.get().fingerprint())) {
            if (lastError.getAndSet(null) != null) {
                brokenFingerprint = null;
                brokenMessage = null;
                log.info("Agency registry {} is back to the content in force; nothing to reload", source);
            }
            return;
        }
        if (fingerprint.equals(brokenFingerprint)) {
            // Already reported; only restore the reason if a read problem replaced it meanwhile.
            lastError.set(brokenMessage);
            return;
        }
        try {
            install(loader.load(content, source, file.getParent(), dataDir));
        } catch (RegistryException e) {
            refuse(e, fingerprint);
        }
    }

    private boolean racy() {
        return processedAt == null
                || !processed.lastModified().toInstant().isBefore(processedAt.minus(RACY_WINDOW));
    }

    private FileState observe() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileState(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    }

    private FileState observeOrThrow() throws RegistryException {
        try {
            return observe();
        } catch (IOException e) {
            throw new RegistryException(source, List.of(source + ": " + describe(e)));
        }
    }

    private void install(Registry next) {
        // Error state first, so whoever sees the new registry also sees the error cleared.
        lastError.set(null);
        brokenFingerprint = null;
        brokenMessage = null;
        readProblem = null;
        lastReloadAt.set(next.loadedAt());
        Registry previous = current.getAndSet(next);
        if (previous != null) {
            log.info("Agency registry reloaded from {}: {} agencies ({})", source, next.size(),
                    next.changesSince(previous));
        }
        for (Consumer<Registry> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.error("An agency registry listener failed on the registry loaded at {}", next.loadedAt(), e);
            }
        }
    }

    private void refuse(RegistryException e, String fingerprint) {
        if (fingerprint != null) {
            brokenFingerprint = fingerprint;
            brokenMessage = e.getMessage();
        }
        lastError.set(e.getMessage());
        Registry inForce = current.get();
        log.error("Agency registry change refused, keeping the registry loaded at {} ({} agencies): {}",
                inForce.loadedAt(), inForce.size(), e.getMessage());
    }

    /** Logs a file that cannot be read once, not on every poll while it stays that way. */
    private void reportReadProblem(String problem) {
        if (!problem.equals(readProblem)) {
            readProblem = problem;
            lastError.set(problem);
            Registry inForce = current.get();
            log.error("Agency registry file cannot be read, keeping the registry loaded at {} ({} agencies): {}",
                    inForce.loadedAt(), inForce.size(), problem);
        }
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "the file does not exist"
                : "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }

    /** What the poller compares to notice a change without reading the file. */
    private record FileState(long size, FileTime lastModified, Object fileKey) {
    }
}
