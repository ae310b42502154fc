package org.lienthong.dossier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.lienthong.connector.dossier.DossierBatch;
import org.lienthong.connector.dossier.DossierCsvReader;
import org.lienthong.connector.dossier.DossierXmlReader;
import org.lienthong.connector.xml.SecureXml;
import org.lienthong.outbox.OutboxHandler;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * Dossier batch files in an agency's outbox: {@code .csv}, and {@code .xml} whose root is {@code DanhSachHoSo} or
 * {@code DanhSachTienDo} (other XML files are e-Doc packages). The folder names the reporter. Each row is validated
 * on its own:
 * <ul>
 *   <li>every row good: the file moves to {@code .done/};</li>
 *   <li>some rows bad: the good ones are sent, the file moves to {@code .done/}, and
 *       {@code .error/<name>.reason.txt} lists each bad row with its reason (correct those rows and drop them
 *       again in a new file);</li>
 *   <li>no row good, or the file unreadable as a whole: nothing is sent, the file moves to {@code .error/} with the
 *       same report.</li>
 * </ul>
 */
public final class DossierOutboxHandler implements OutboxHandler {

    private final DossierService desk;
    private final long maxFile;
    private final Clock clock;

    public DossierOutboxHandler(DossierService desk, long maxFile, Clock clock) {
        this.desk = desk;
        this.maxFile = maxFile;
        this.clock = clock;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("csv", "xml");
    }

    /** CSV always; XML only with a dossier batch root. */
    @Override
    public boolean takes(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".csv")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = SecureXml.streamReader(in);
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT) {
                        return DossierXmlReader.isBatchRoot(r.getLocalName());
                    }
                }
                return false;
            } finally {
                r.close();
            }
        } catch (IOException | XMLStreamException e) {
            return false; // not for us: the e-Doc handler reports what is wrong with it
        }
    }

    @Override
    public String accept(Agency owner, Path file) {
        DossierBatch batch = read(file);
        DossierDesk.BatchResult result = desk.apply(owner, batch.entries(), batch.kind());
        String report = DossierApi.report(result.rejected());
        if (result.accepted() == 0) {
            throw new ProblemException(Problem.INVALID_REQUEST, "no row was accepted; " + result.rejected().size()
                    + " rejected:" + System.lineSeparator() + report);
        }
        if (!result.rejected().isEmpty()) {
            writeReport(file, result, report);
        }
        return result.accepted() + " " + (batch.kind() == org.lienthong.connector.dossier.DossierRecord.Kind.RECORD
                ? "dossier record(s)" : "progress update(s)") + " sent, " + result.rejected().size() + " rejected";
    }

    private DossierBatch read(Path file) {
        try {
            if (Files.size(file) > maxFile) {
                throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "the file is larger than "
                        + maxFile + " bytes (lienthong.dossier.max-file); split it");
            }
            if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                return DossierCsvReader.read(Files.readAllBytes(file));
            }
            try (InputStream in = Files.newInputStream(file)) {
                return DossierXmlReader.read(in);
            }
        } catch (DossierBatch.Unreadable e) {
            throw new ProblemException(Problem.INVALID_REQUEST, e.getMessage());
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "the file could not be read");
        }
    }

    /** The partial rejection report, next to where refused files go. */
    private void writeReport(Path file, DossierDesk.BatchResult result, String report) {
        try {
            Path errorDir = file.getParent().resolve(".error");
            Files.createDirectories(errorDir);
            String text = clock.instant() + " " + result.accepted() + " row(s) accepted and sent; "
                    + result.rejected().size() + " rejected (the file is in .done/; send the corrected rows in a new "
                    + "file):" + System.lineSeparator() + report;
            Path target = errorDir.resolve(file.getFileName() + ".reason.txt");
            Path temp = errorDir.resolve("." + file.getFileName() + ".reason.tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ProblemException(Problem.UNAVAILABLE, "the rejection report could not be written");
        }
    }
}
