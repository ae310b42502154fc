package org.lienthong.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class RegistryServiceTest {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final String ONE = """
            agencies:
              - code: H41
                name: Bộ Xây dựng
            """;
    private static final String TWO = ONE + """
              - code: H41.15
                name: Sở Xây dựng
            """;
    private static final String BROKEN = TWO + """
              - code: H41.16
                nmae: Sở Xây dựng 16
            """;
    private static final String FIXED = TWO + """
              - code: H41.16
                name: Sở Xây dựng 16
            """;

    @TempDir
    Path dir;

    private Path file;
    private RegistryService service;
    private final List<Registry> notified = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger serviceLog = (Logger) LoggerFactory.getLogger(RegistryService.class);

    @BeforeEach
    void captureLogs() {
        file = dir.resolve("agencies.yaml");
        logs.start();
        serviceLog.addAppender(logs);
        // INFO whatever logging configuration ran before this class (alone, logback's default may be elsewhere)
        serviceLog.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        serviceLog.detachAppender(logs);
        serviceLog.setLevel(null);
    }

    @Test
    void hotReloadKeepsThePreviousRegistryWhileTheFileIsBroken() throws Exception {
        start(ONE);
        assertThat(codes()).containsExactly("H41");
        assertThat(notified).hasSize(1);
        assertThat(service.lastError()).isEmpty();
        assertThat(service.lastReloadAt()).isPresent();
        assertThat(service.watchedFile()).contains(file);

        write(TWO);
        await().atMost(TIMEOUT).until(() -> notified.size() == 2);
        assertThat(notified.get(1)).isSameAs(service.current());
        assertThat(codes()).containsExactly("H41", "H41.15");
        // the log line follows the swap on the watcher thread: wait for it too
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(messages(Level.INFO)).anySatisfy(line -> assertThat(line)
                .contains("reloaded from " + file + ": 2 agencies (1 added, 0 removed, 0 changed)")));

        Registry good = service.current();
        write(BROKEN);
        await().atMost(TIMEOUT).until(() -> service.lastError().isPresent());
        assertThat(service.lastError().orElseThrow())
                .contains(file + ":7: unknown key 'nmae' in an agency (did you mean 'name'?)")
                .contains(file + ":6: agency 'H41.16' has no 'name'");
        assertThat(service.current()).isSameAs(good);
        // The same broken content is not reported again on every poll.
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> messages(Level.ERROR).size() == 1);
        assertThat(messages(Level.ERROR).get(0)).contains("keeping the registry loaded at").contains(":7: ")
                .doesNotContain("\n");
        assertThat(notified).hasSize(2);

        write(FIXED);
        await().atMost(TIMEOUT).until(() -> notified.size() == 3);
        assertThat(service.lastError()).isEmpty();
        assertThat(codes()).containsExactly("H41", "H41.15", "H41.16");
    }

    @Test
    void revertingABrokenEditClearsTheError() throws Exception {
        start(TWO);
        write(BROKEN);
        await().atMost(TIMEOUT).until(() -> service.lastError().isPresent());

        write(TWO);
        await().atMost(TIMEOUT).until(() -> service.lastError().isEmpty());
        assertThat(codes()).containsExactly("H41", "H41.15");
        assertThat(notified).as("same content: nothing reloaded").hasSize(1);
    }

    @Test
    void editThatKeepsSizeAndTimestampIsNoticed() throws Exception {
        // Coarse file timestamps (a few ms on ext4, 2 s on FAT) let an edit keep both; a recent one is re-read.
        FileTime recent = FileTime.from(Instant.now().plusSeconds(3600));
        Files.writeString(file, ONE.replace("Bộ Xây dựng", "Bộ Xây dựng A"));
        Files.setLastModifiedTime(file, recent);
        start(null);

        Files.writeString(file, ONE.replace("Bộ Xây dựng", "Bộ Xây dựng B"));
        Files.setLastModifiedTime(file, recent);

        await().atMost(TIMEOUT).until(() -> service.current().find("H41").orElseThrow().name().endsWith(" B"));
    }

    @Test
    void deletedFileKeepsTheRegistryUntilItReturns() throws Exception {
        start(TWO);
        Registry before = service.current();

        Files.delete(file);
        await().atMost(TIMEOUT).until(() -> service.lastError().isPresent());
        assertThat(service.lastError().orElseThrow()).contains("does not exist");
        assertThat(service.current()).isSameAs(before);

        write(FIXED);
        await().atMost(TIMEOUT).until(() -> service.current().size() == 3);
        assertThat(service.lastError()).isEmpty();
    }

    @Test
    void brokenFileAtStartupStopsTheNode() throws Exception {
        write(BROKEN);
        service = new RegistryService(file, dir, POLL, Clock.systemUTC());

        RegistryException e = startFails();
        assertThat(e.problems()).contains(file + ":7: unknown key 'nmae' in an agency (did you mean 'name'?)");
        assertThatIllegalStateException().isThrownBy(service::current);
        assertThat(service.isWatching()).isFalse();
    }

    @Test
    void configuredFileMustExist() {
        Path missing = dir.resolve("missing.yaml");
        service = new RegistryService(missing, dir, POLL, Clock.systemUTC());

        assertThat(startFails().getMessage()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    void relativeConfiguredPathResolvesAgainstTheWorkingDirectory() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/registry.yaml"), ONE);
        service = new RegistryService(Path.of("etc/registry.yaml"), dir, POLL, Clock.systemUTC(), dir);
        service.start();

        assertThat(service.watchedFile()).contains(dir.resolve("etc/registry.yaml"));
        assertThat(codes()).containsExactly("H41");
    }

    @Test
    void defaultFileIsPreferredToTheSample() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/agencies.yaml"), ONE);
        service = new RegistryService(null, dir.resolve("data"), POLL, Clock.systemUTC(), dir);
        service.start();

        assertThat(service.current().source()).isEqualTo(dir.resolve("config/agencies.yaml").toString());
        assertThat(codes()).containsExactly("H41");
        assertThat(messages(Level.WARN)).isEmpty();
    }

    @Test
    void sampleRegistryIsAnnouncedWithAWarning() throws Exception {
        service = new RegistryService(null, dir.resolve("data"), POLL, Clock.systemUTC(), dir);
        service.start();

        assertThat(messages(Level.WARN)).singleElement().asString().contains("sample registry").contains("DEMO");
        assertThat(service.isWatching()).as("nothing to watch").isFalse();
    }

    @Test
    void reloadNowReportsProblemsAndKeepsThePreviousRegistry() throws Exception {
        start(ONE);
        Files.writeString(file, BROKEN);

        RegistryException e = catchReload();
        assertThat(e.problems()).contains(file + ":7: unknown key 'nmae' in an agency (did you mean 'name'?)");
        assertThat(service.lastError()).contains(e.getMessage());
        assertThat(codes()).containsExactly("H41");

        Files.writeString(file, FIXED);
        assertThat(service.reloadNow().size()).isEqualTo(3);
        assertThat(service.lastError()).isEmpty();
        assertThat(notified).hasSize(2);
    }

    @Test
    void failingListenerDoesNotStopTheOthers() throws Exception {
        write(ONE);
        service = new RegistryService(file, dir, POLL, Clock.systemUTC());
        service.addListener(registry -> {
            throw new IllegalStateException("listener bug");
        });
        service.addListener(notified::add);
        service.start();

        write(TWO);
        await().atMost(TIMEOUT).until(() -> notified.size() == 2);
        assertThat(messages(Level.ERROR)).allSatisfy(line -> assertThat(line).contains("listener failed"));
    }

    @Test
    void reloadsRunOnOneDaemonThreadThatStopEnds() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        start(ONE);
        service.addListener(registry -> threads.add(Thread.currentThread()));
        assertThat(service.isWatching()).isTrue();

        write(TWO);
        await().atMost(TIMEOUT).until(() -> !threads.isEmpty());
        Thread watch = threads.get(0);
        assertThat(watch.getName()).isEqualTo("registry-watch");
        assertThat(watch.isDaemon()).isTrue();

        service.stop();

        assertThat(service.isWatching()).isFalse();
        await().atMost(TIMEOUT).until(() -> !watch.isAlive());
        assertThat(codes()).as("still readable").containsExactly("H41", "H41.15");
    }

    @Test
    void brokenFileThatIsDeletedAndRestoredStillReportsItsProblems() throws Exception {
        start(TWO);
        write(BROKEN);
        await().atMost(TIMEOUT).until(() -> service.lastError().isPresent());
        String reason = service.lastError().orElseThrow();

        Files.delete(file);
        await().atMost(TIMEOUT).until(() -> service.lastError().orElseThrow().contains("does not exist"));
        write(BROKEN);

        await().atMost(TIMEOUT).until(() -> service.lastError().orElseThrow().equals(reason));
        assertThat(messages(Level.ERROR)).as("one line for the broken content, one for the missing file")
                .hasSize(2);
    }

    // ---- support --------------------------------------------------------------------------------------------

    private void start(String yaml) throws RegistryException, IOException {
        if (yaml != null) {
            write(yaml);
        }
        service = new RegistryService(file, dir.resolve("data"), POLL, Clock.systemUTC());
        service.addListener(notified::add);
        service.start();
    }

    /** Replaces the file the way editors and config tools do: write a temporary file, then rename it. */
    private void write(String yaml) throws IOException {
        Path temporary = Files.writeString(dir.resolve("agencies.yaml.tmp"), yaml);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> codes() {
        return service.current().all().stream().map(Agency::code).toList();
    }

    private List<String> messages(Level level) {
        List<ILoggingEvent> events;
        synchronized (logs) { // the watcher thread appends while the test reads
            events = new java.util.ArrayList<>(logs.list);
        }
        return events.stream().filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private RegistryException startFails() {
        try {
            service.start();
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("start() accepted a broken registry");
    }

    private RegistryException catchReload() {
        try {
            service.reloadNow();
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("reloadNow() accepted a broken registry");
    }
}
