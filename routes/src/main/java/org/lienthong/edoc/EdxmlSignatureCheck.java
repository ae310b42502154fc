package org.lienthong.edoc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.lienthong.connector.edxml.signature.EdxmlSignatureVerifier;
import org.lienthong.connector.edxml.signature.PemCertificates;
import org.lienthong.connector.edxml.signature.SignaturePolicy;
import org.lienthong.connector.edxml.signature.SignatureVerdict;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EdocSignatures} on the connectors' streaming verifier. The sender's policy: its registered
 * certificates (registry {@code signing-certificates}), the node's trusted CAs and CRLs, and whether it may
 * send unsigned or rsa-sha1 packages ({@code lienthong.edoc.*}).
 */
public final class EdxmlSignatureCheck implements EdocSignatures {

    private static final Logger log = LoggerFactory.getLogger(EdxmlSignatureCheck.class);

    /** Certificates read from a PEM file, kept until the file changes. */
    private record Loaded(long modified, List<X509Certificate> certificates) {
    }

    private final EdxmlSignatureVerifier verifier = new EdxmlSignatureVerifier();
    private final List<X509Certificate> trustedCas;
    private final List<X509CRL> crls;
    private final Set<String> allowUnsigned;
    private final Set<String> allowRsaSha1;
    private final Clock clock;
    private final Map<Path, Loaded> registered = new ConcurrentHashMap<>();

    public EdxmlSignatureCheck(Path trustStore, List<Path> crlFiles, Set<String> allowUnsigned, Set<String> allowRsaSha1,
                               Clock clock) {
        this.trustedCas = trustStore == null ? List.of() : loadCertificates(trustStore);
        this.crls = loadCrls(crlFiles);
        this.allowUnsigned = Set.copyOf(allowUnsigned);
        this.allowRsaSha1 = Set.copyOf(allowRsaSha1);
        this.clock = clock;
        if (!trustedCas.isEmpty()) {
            log.info("e-Doc signatures: {} trusted CA certificate(s), {} CRL(s)", trustedCas.size(), crls.size());
        }
    }

    @Override
    public void check(Path edxml, Agency sender) {
        SignaturePolicy policy = SignaturePolicy.forAgency(sender.code())
                .registeredCertificates(registeredCertificates(sender))
                .trustedCas(trustedCas)
                .crls(crls)
                .allowUnsigned(allowUnsigned.contains(sender.code()))
                .allowRsaSha1(allowRsaSha1.contains(sender.code()))
                .clock(clock)
                .build();
        SignatureVerdict verdict;
        try {
            verdict = verifier.verify(edxml, policy);
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The package could not be read");
        }
        switch (verdict.outcome()) {
            case VERIFIED, UNSIGNED_ALLOWED -> {
                // accepted
            }
            case MALFORMED -> throw new ProblemException(Problem.INVALID_XML, verdict.reason());
            default -> throw new ProblemException(Problem.INVALID_SIGNATURE, verdict.reason());
        }
    }

    private List<X509Certificate> registeredCertificates(Agency sender) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : sender.signingCertificates()) {
            try {
                long modified = Files.getLastModifiedTime(file).toMillis();
                Loaded loaded = registered.get(file);
                if (loaded == null || loaded.modified() != modified) {
                    loaded = new Loaded(modified, PemCertificates.certificates(file));
                    registered.put(file, loaded);
                }
                certificates.addAll(loaded.certificates());
            } catch (IOException | RuntimeException e) {
                log.warn("Signing certificate {} of {} cannot be read: {}", file, sender.code(), e.getMessage());
            }
        }
        return certificates;
    }

    private static List<X509Certificate> loadCertificates(Path trustStore) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files(trustStore)) {
            try {
                certificates.addAll(PemCertificates.certificates(file));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("lienthong.edoc.trust-store: " + file + " is not a PEM certificate file", e);
            }
        }
        return certificates;
    }

    private static List<X509CRL> loadCrls(List<Path> crlFiles) {
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : crlFiles) {
            try {
                crls.addAll(PemCertificates.crls(file));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("lienthong.edoc.crls: " + file + " is not a CRL file", e);
            }
        }
        return crls;
    }

    private static List<Path> files(Path pathOrDirectory) {
        if (!Files.isDirectory(pathOrDirectory)) {
            return List.of(pathOrDirectory);
        }
        try (Stream<Path> list = Files.list(pathOrDirectory)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("lienthong.edoc.trust-store cannot be read: " + pathOrDirectory, e);
        }
    }
}
