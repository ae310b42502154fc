package org.lienthong.registry;
// TEMPORARY STUB: replaced by the registry branch
import java.time.Instant; import java.util.*;
public final class Registry {
    private final Map<String, Agency> byCode = new LinkedHashMap<>(); private final Map<String, Agency> byKey = new HashMap<>();
    public Registry(List<Agency> agencies) { for (Agency a : agencies) { byCode.put(a.code(), a); if (a.apiKeySha256()!=null) byKey.put(a.apiKeySha256(), a);} }
    public Optional<Agency> find(String code) { return Optional.ofNullable(byCode.get(code)); }
    public Optional<Agency> authenticate(String key) { try { return Optional.ofNullable(byKey.get(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))))); } catch (Exception e) { return Optional.empty(); } }
    public Collection<Agency> all() { return byCode.values(); }
    public int size() { return byCode.size(); }
    public String source() { return "stub"; }
    public Instant loadedAt() { return Instant.now(); }
}
