package org.lienthong.connector.dossier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JSON batch (already parsed by the caller's bounded JSON reader): an array of objects with the portal's
 * field names, or one such object. Scalar fields may be strings or numbers; list fields arrays of flat objects.
 * An element that is not an object, or a field of an unexpected shape, is an unreadable entry and the others go
 * on. Entries are named {@code [i]} (0-based).
 */
public final class DossierJsonReader {

    private DossierJsonReader() {
    }

    public static List<DossierEntry> read(JsonNode root) throws DossierBatch.Unreadable {
        if (root == null || !(root.isArray() || root.isObject())) {
            throw new DossierBatch.Unreadable("the body must be a JSON array of dossier objects");
        }
        List<DossierEntry> entries = new ArrayList<>();
        if (root.isObject()) {
            entries.add(entry(root, "[0]"));
            return entries;
        }
        for (int i = 0; i < root.size(); i++) {
            entries.add(entry(root.get(i), "[" + i + "]"));
        }
        return entries;
    }

    private static DossierEntry entry(JsonNode node, String where) {
        if (!node.isObject()) {
            return DossierEntry.unreadable(where, "is not a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            String canonical = DossierFields.canonical(name).orElse(name);
            if (DossierFields.RECORD_LISTS.contains(canonical)) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isArray()) {
                    return DossierEntry.unreadable(where, canonical + " must be an array of objects");
                }
                List<Map<String, String>> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isObject()) {
                        return DossierEntry.unreadable(where, canonical + " must be an array of objects");
                    }
                    Map<String, String> pairs = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> pair : item.properties()) {
                        if (pair.getValue().isNull()) {
                            continue;
                        }
                        if (!pair.getValue().isValueNode()) {
                            return DossierEntry.unreadable(where, canonical + "." + pair.getKey() + " must be text");
                        }
                        pairs.put(pair.getKey(), pair.getValue().asText());
                    }
                    items.add(pairs);
                }
                lists.put(name, items);
            } else if (value.isNull()) {
                continue;
            } else if (value.isTextual() || value.isNumber()) {
                fields.put(name, value.asText());
            } else {
                return DossierEntry.unreadable(where, "field " + name + " must be text");
            }
        }
        return DossierEntry.of(where, fields, lists);
    }
}
