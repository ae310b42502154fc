package org.lienthong.connector.dossier;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a reporting system's dossier status codes to the portal's ({@code lienthong.dossier.*}). The portal's codes
 * are listed with their name and whether they close the dossier (resolved, for the statistics); a reporting system
 * may send a portal code as it is, or one of its own codes that the alias table maps to a portal code. Codes are
 * matched without regard to case or surrounding blanks.
 */
public final class StatusTable {

    /** A portal status: its code, name, and whether a dossier in it is resolved (closed). */
    public record PortalStatus(String code, String name, boolean resolved) {
    }

    private final Map<String, PortalStatus> portal;
    private final Map<String, PortalStatus> aliases;

    /**
     * @param portal  the portal's codes
     * @param aliases reporting systems' codes → a portal code (each must be one of {@code portal})
     * @throws IllegalArgumentException when an alias names a code the table does not have
     */
    public StatusTable(Map<String, PortalStatus> portal, Map<String, String> aliases) {
        if (portal == null || portal.isEmpty()) {
            throw new IllegalArgumentException("the dossier status table is empty");
        }
        Map<String, PortalStatus> byCode = new LinkedHashMap<>();
        portal.forEach((code, status) -> byCode.put(key(code), new PortalStatus(code.strip(), status.name(), status.resolved())));
        Map<String, PortalStatus> byAlias = new LinkedHashMap<>();
        if (aliases != null) {
            aliases.forEach((alias, code) -> {
                PortalStatus target = byCode.get(key(code));
                if (target == null) {
                    throw new IllegalArgumentException("dossier status alias '" + alias + "' maps to '" + code
                            + "', which is not a portal status code (" + String.join(", ", portal.keySet()) + ")");
                }
                byAlias.put(key(alias), target);
            });
        }
        this.portal = java.util.Collections.unmodifiableMap(byCode);
        this.aliases = Map.copyOf(byAlias);
    }

    /**
     * The portal's status codes as the bus knows them by default: 1 received (mới tiếp nhận), 2 being processed
     * (đang xử lý), 3 waiting for the citizen to complete the file (chờ bổ sung), 4 result returned (đã trả kết
     * quả), 5 result ready, waiting to be collected (đã có kết quả), 6 refused (từ chối giải quyết), 7 withdrawn by
     * the citizen (công dân rút hồ sơ). 4 to 7 close the dossier.
     */
    public static Map<String, PortalStatus> defaultPortalCodes() {
        Map<String, PortalStatus> codes = new LinkedHashMap<>();
        codes.put("1", new PortalStatus("1", "Mới tiếp nhận", false));
        codes.put("2", new PortalStatus("2", "Đang xử lý", false));
        codes.put("3", new PortalStatus("3", "Chờ bổ sung hồ sơ", false));
        codes.put("4", new PortalStatus("4", "Đã trả kết quả", true));
        codes.put("5", new PortalStatus("5", "Đã có kết quả, chờ trả", true));
        codes.put("6", new PortalStatus("6", "Từ chối giải quyết", true));
        codes.put("7", new PortalStatus("7", "Công dân rút hồ sơ", true));
        return codes;
    }

    public static StatusTable defaults() {
        return new StatusTable(defaultPortalCodes(), Map.of());
    }

    /** The portal status for a reported code: an alias first, then a portal code as it is. */
    public Optional<PortalStatus> map(String reported) {
        if (reported == null || reported.isBlank()) {
            return Optional.empty();
        }
        String k = key(reported);
        PortalStatus aliased = aliases.get(k);
        return Optional.ofNullable(aliased != null ? aliased : portal.get(k));
    }

    /** The codes a reporter may send, for error messages. */
    public String known() {
        StringBuilder s = new StringBuilder();
        portal.values().forEach(p -> s.append(s.isEmpty() ? "" : ", ").append(p.code()));
        return s.toString();
    }

    private static String key(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }
}
