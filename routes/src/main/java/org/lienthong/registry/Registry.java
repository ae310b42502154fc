package org.lienthong.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable snapshot of the agency registry (SPEC §3), as loaded from one version of the registry file.
 * Lookups by code and by API key are O(1) hash lookups, so a node with tens of thousands of agencies pays
 * nothing per request. A reload builds a new snapshot; holders of an old one keep a consistent view.
 */
public final class Registry {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, Agency> byCode;
    private final Map<String, Agency> byKeyHash;
    private final Map<String, Agency> byCertificate;
    private final Map<javax.security.auth.x500.X500Principal, Agency> bySubject;
    private final String source;
    private final Instant loadedAt;
    private final String fingerprint;

    /**
     * @param agencies    the agencies in file order; codes and API key hashes must be unique
     * @param source      where the registry came from (a file path or {@code classpath:...}), for messages
     * @param loadedAt    when it was loaded
     * @param fingerprint lower-case hex SHA-256 of the file's bytes, to recognise unchanged content
     * @throws IllegalArgumentException when two agencies share a code or an API key hash
     */
    public Registry(List<Agency> agencies, String source, Instant loadedAt, String fingerprint) {
        this.source = Objects.requireNonNull(source, "source");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        Map<String, Agency> codes = new LinkedHashMap<>(capacityFor(agencies.size()));
        Map<String, Agency> keys = new HashMap<>(capacityFor(agencies.size()));
        Map<String, Agency> certificates = new HashMap<>();
        Map<javax.security.auth.x500.X500Principal, Agency> subjects = new HashMap<>();
        for (Agency agency : agencies) {
            Agency.ClientCertificate bound = agency.clientCertificate();
            if (bound != null && bound.sha256() != null
                    && certificates.putIfAbsent(bound.sha256().toLowerCase(Locale.ROOT), agency) != null) {
                throw new IllegalArgumentException("two agencies are bound to the certificate of " + agency.code());
            }
            if (bound != null && bound.sha256() == null && bound.subject() != null
                    && subjects.putIfAbsent(new javax.security.auth.x500.X500Principal(bound.subject()), agency) != null) {
                throw new IllegalArgumentException("two agencies are bound to the subject of " + agency.code());
            }
            if (codes.putIfAbsent(agency.code(), agency) != null) {
                throw new IllegalArgumentException("duplicate agency code " + agency.code());
            }
            if (agency.apiKeySha256() != null) {
                String hash = agency.apiKeySha256().toLowerCase(Locale.ROOT);
                if (!HEX_SHA256.matcher(hash).matches()) {
                    throw new IllegalArgumentException("API key hash of " + agency.code() + " is not hex SHA-256");
                }
                Agency other = keys.putIfAbsent(hash, agency);
                if (other != null) {
                    throw new IllegalArgumentException("agencies " + other.code() + " and " + agency.code()
                            + " share an API key");
                }
            }
        }
        this.byCode = Collections.unmodifiableMap(codes);
        this.byKeyHash = Collections.unmodifiableMap(keys);
        this.byCertificate = Collections.unmodifiableMap(certificates);
        this.bySubject = Collections.unmodifiableMap(subjects);
    }

    /**
     * The agency a TLS client certificate identifies: by its fingerprint (and then, if the agency also names a
     * subject, the subject must match), else by its subject alone. The TLS layer has already checked that the
     * certificate chains to the trust store and that the client holds its key.
     */
    public Optional<Agency> authenticateCertificate(java.security.cert.X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        String fingerprint;
        try {
            fingerprint = HEX.formatHex(sha256(certificate.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            return Optional.empty();
        }
        Agency agency = byCertificate.get(fingerprint);
        if (agency != null) {
            String subject = agency.clientCertificate().subject();
            return subject == null || new javax.security.auth.x500.X500Principal(subject)
                    .equals(certificate.getSubjectX500Principal()) ? Optional.of(agency) : Optional.empty();
        }
        return Optional.ofNullable(bySubject.get(certificate.getSubjectX500Principal()));
    }

    /** A registry with no agencies, e.g. for a node that only relays. */
    public static Registry empty(String source, Instant loadedAt) {
        return new Registry(List.of(), source, loadedAt, sha256Hex(new byte[0]));
    }

    /** The agency registered under exactly this code (codes are case-sensitive). */
    public Optional<Agency> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /**
     * The agency whose registered key hash is the SHA-256 of {@code presentedApiKey} (UTF-8), or empty for an
     * unknown, null or empty key. Only hashes are compared, so the time a lookup takes tells an attacker
     * nothing useful about the stored keys; the final compare is constant-time as well.
     */
    public Optional<Agency> authenticate(String presentedApiKey) {
        if (presentedApiKey == null || presentedApiKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(presentedApiKey.getBytes(StandardCharsets.UTF_8));
        Agency agency = byKeyHash.get(HEX.formatHex(presented));
        if (agency == null || !MessageDigest.isEqual(HEX.parseHex(agency.apiKeySha256()), presented)) {
            return Optional.empty();
        }
        return Optional.of(agency);
    }

    /** All agencies, in the order of the registry file. */
    public Collection<Agency> all() {
        return byCode.values();
    }

    public int size() {
        return byCode.size();
    }

    /** The registry file's path, or {@code classpath:...} for the bundled sample. */
    public String source() {
        return source;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Lower-case hex SHA-256 of the bytes this registry was loaded from. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * What changed from {@code previous} to this registry. An agency counts as changed when any registered
     * field differs; moving an entry to another line of the file is not a change.
     */
    public RegistryChanges changesSince(Registry previous) {
        return RegistryChanges.between(previous == null ? List.of() : previous.all(), all(), previous == null
                ? Map.of() : previous.byCode);
    }

    /** Lower-case hex SHA-256 of {@code bytes}; how the registry stores API keys and fingerprints files. */
    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static int capacityFor(int entries) {
        return (int) Math.min(Integer.MAX_VALUE, entries * 4L / 3 + 1);
    }

    @Override
    public String toString() {
        return "Registry[" + size() + " agencies from " + source + ", loaded " + loadedAt + "]";
    }
}
