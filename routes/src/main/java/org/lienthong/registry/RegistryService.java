package org.lienthong.registry;
// TEMPORARY STUB: replaced by the registry branch
import java.nio.file.Path; import java.time.*; import java.util.*;
import org.lienthong.model.MessageType;
public final class RegistryService {
    private final Path dataDir; private Registry current;
    public RegistryService(Path file, Path dataDir, Duration poll, Clock clock) { this.dataDir = dataDir; }
    public void start() {
        String h1 = sha("demo-vpcp-key"), h2 = sha("demo-h41-key"), h3 = sha("demo-h41-15-key");
        Set<MessageType> all = EnumSet.allOf(MessageType.class);
        current = new Registry(List.of(
            new Agency("000.00.00.G22", "Văn phòng Chính phủ", h1, Set.of(Role.BROADCASTER), all, AgencyDelivery.MAILBOX_ONLY, List.of(), 1),
            new Agency("000.00.00.H41", "Bộ Xây dựng", h2, Set.of(), all, new AgencyDelivery("file", dataDir.resolve("exchange/000.00.00.H41/inbox").toString(), null, null, null), List.of(), 2),
            new Agency("H41.15", "Sở Xây dựng", h3, Set.of(), all, AgencyDelivery.MAILBOX_ONLY, List.of(), 3)));
    }
    static String sha(String k) { try { return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(k.getBytes(java.nio.charset.StandardCharsets.UTF_8))); } catch (Exception e) { throw new IllegalStateException(e);} }
    public void stop() {}
    public Registry current() { return current; }
    public Optional<String> lastError() { return Optional.empty(); }
}
