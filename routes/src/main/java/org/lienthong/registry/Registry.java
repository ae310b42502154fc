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
import java.util.Map;
import java.util.Optional;

/**
 * One loaded version of the agency registry: immutable, with lookups by code and by API key hash. A reload
 * builds a new one and swaps it in whole, so a request never sees half of an edit.
 */
public final class Registry {

    private final Map<String, Agency> byCode;
    private final Map<String, Agency> byKeyHash;
    private final String source;
    private final Instant loadedAt;
    private final String fingerprint;

    public Registry(List<Agency> agencies, String source, Instant loadedAt, String fingerprint) {
        Map<String, Agency> codes = new LinkedHashMap<>();
        Map<String, Agency> keys = new HashMap<>();
        for (Agency agency : agencies) {
            codes.put(agency.code(), agency);
            if (agency.apiKeySha256() != null) {
                keys.put(agency.apiKeySha256(), agency);
            }
        }
        this.byCode = Collections.unmodifiableMap(codes);
        this.byKeyHash = Collections.unmodifiableMap(keys);
        this.source = source;
        this.loadedAt = loadedAt;
        this.fingerprint = fingerprint;
    }

    public Optional<Agency> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /**
     * The agency whose registered key hash matches the presented key. Only the hash is looked up, and the
     * match is confirmed with a constant-time comparison.
     */
    public Optional<Agency> authenticate(String presentedApiKey) {
        if (presentedApiKey == null || presentedApiKey.isEmpty() || presentedApiKey.length() > 512) {
            return Optional.empty();
        }
        byte[] hash = sha256(presentedApiKey);
        Agency agency = byKeyHash.get(HexFormat.of().formatHex(hash));
        if (agency == null || !MessageDigest.isEqual(hash, HexFormat.of().parseHex(agency.apiKeySha256()))) {
            return Optional.empty();
        }
        return Optional.of(agency);
    }

    /** Every agency, in file order. */
    public Collection<Agency> all() {
        return byCode.values();
    }

    public int size() {
        return byCode.size();
    }

    /** Where it was loaded from: a file path or {@code classpath:...}. */
    public String source() {
        return source;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** SHA-256 of the file's bytes. */
    public String fingerprint() {
        return fingerprint;
    }

    static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
