package org.lienthong.registry;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lienthong.model.MessageType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the agency registry (SPEC §3) from YAML. It works on SnakeYAML's node tree, never on constructed
 * objects, so every problem names its line, no YAML tag can instantiate anything, and unknown keys are
 * caught. All problems of a file are reported together (up to {@value #MAX_PROBLEMS}).
 */
public final class RegistryLoader {

    private static final int MAX_PROBLEMS = 50;
    private static final Set<String> TOP_KEYS = Set.of("agencies");
    private static final Set<String> AGENCY_KEYS = Set.of("code", "name", "api-key-sha256", "roles", "accepts",
            "delivery", "signing-certificates");
    private static final Set<String> DELIVERY_KEYS = Set.of("connector", "url", "max-attempts", "initial-backoff",
            "max-backoff");
    private static final Set<String> CONNECTORS = Set.of(AgencyDelivery.REST, AgencyDelivery.SOAP, AgencyDelivery.FILE,
            AgencyDelivery.MAILBOX);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h|d)?");

    private final Clock clock;

    public RegistryLoader(Clock clock) {
        this.clock = clock;
    }

    /** Loads a registry file; relative file-connector directories resolve against {@code dataDir}. */
    public Registry load(Path file, Path dataDir) throws RegistryException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RegistryException(List.of(file + ": cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
        Path dir = file.toAbsolutePath().getParent();
        return load(content, file.toString(), dir, dataDir);
    }

    /**
     * @param content     the YAML bytes (UTF-8)
     * @param sourceName  named in messages and reported by {@link Registry#source()}
     * @param registryDir relative signing-certificate paths resolve against it
     * @param dataDir     relative file-connector directories resolve against it
     */
    public Registry load(byte[] content, String sourceName, Path registryDir, Path dataDir) throws RegistryException {
        Parse parse = new Parse(sourceName, registryDir, dataDir);
        List<Agency> agencies = parse.run(content);
        if (!parse.problems.isEmpty()) {
            throw new RegistryException(parse.problems);
        }
        return new Registry(agencies, sourceName, clock.instant(), HexFormat.of().formatHex(Registry.sha256(content)));
    }

    /** One parse of one file: collects problems instead of stopping at the first. */
    private static final class Parse {
        private final String source;
        private final Path registryDir;
        private final Path dataDir;
        private final List<String> problems = new ArrayList<>();

        Parse(String source, Path registryDir, Path dataDir) {
            this.source = source;
            this.registryDir = registryDir;
            this.dataDir = dataDir;
        }

        List<Agency> run(byte[] content) {
            Node root;
            try {
                root = yaml().compose(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8));
            } catch (MarkedYAMLException e) {
                int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
                problem(line, "not valid YAML: " + e.getProblem());
                return List.of();
            } catch (YAMLException e) {
                problem(1, "not valid YAML: " + e.getMessage());
                return List.of();
            }
            if (root == null) {
                return List.of(); // empty file: an empty registry
            }
            MappingNode top = mapping(root, "the registry");
            if (top == null) {
                return List.of();
            }
            Map<String, Node> keys = keys(top, TOP_KEYS);
            Node list = keys.get("agencies");
            if (list == null) {
                if (keys.isEmpty()) {
                    problem(line(top), "the registry needs a top-level 'agencies:' list");
                }
                return List.of();
            }
            if (isNull(list)) {
                return List.of();
            }
            if (!(list instanceof SequenceNode sequence)) {
                problem(line(list), "'agencies' must be a list of agencies (lines starting with '- ')");
                return List.of();
            }
            List<Agency> agencies = new ArrayList<>();
            Map<String, Integer> codeLines = new HashMap<>();
            Map<String, Integer> keyLines = new HashMap<>();
            for (Node item : sequence.getValue()) {
                Agency agency = agency(item);
                if (agency == null) {
                    continue;
                }
                Integer previous = codeLines.putIfAbsent(agency.code(), agency.line());
                if (previous != null) {
                    problem(agency.line(), "duplicate code '" + agency.code() + "' (already used at line " + previous + ")");
                    continue;
                }
                if (agency.apiKeySha256() != null) {
                    Integer other = keyLines.putIfAbsent(agency.apiKeySha256(), agency.line());
                    if (other != null) {
                        problem(agency.line(), "api-key-sha256 of '" + agency.code()
                                + "' is the same as the agency at line " + other + " (a key must identify one agency)");
                        continue;
                    }
                }
                agencies.add(agency);
            }
            return agencies;
        }

        private Agency agency(Node node) {
            MappingNode map = mapping(node, "an agency");
            if (map == null) {
                return null;
            }
            int line = line(map);
            Map<String, Node> keys = keys(map, AGENCY_KEYS);
            String code = scalar(keys.get("code"), "code", true);
            if (code == null) {
                if (!keys.containsKey("code")) {
                    problem(line, "agency without 'code'");
                }
                return null;
            }
            var codeProblem = AgencyCode.problem(code);
            if (codeProblem.isPresent()) {
                problem(line(keys.get("code")), "malformed code: " + codeProblem.get());
                return null;
            }
            String name = scalar(keys.get("name"), "name", true);
            if (name == null && !keys.containsKey("name")) {
                problem(line, "agency '" + code + "' has no 'name'");
            }
            String keyHash = scalar(keys.get("api-key-sha256"), "api-key-sha256", false);
            if (keyHash != null) {
                if (!HEX64.matcher(keyHash).matches()) {
                    problem(line(keys.get("api-key-sha256")), "api-key-sha256 of '" + code
                            + "' must be 64 hex characters (the SHA-256 of the key, e.g. printf %s KEY | sha256sum)");
                    keyHash = null;
                } else {
                    keyHash = keyHash.toLowerCase(Locale.ROOT);
                }
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (ScalarNode role : scalars(keys.get("roles"), "roles")) {
                Role.fromWireName(role.getValue()).ifPresentOrElse(roles::add,
                        () -> problem(line(role), "unknown role '" + role.getValue() + "' (portal, pakn-system, broadcaster)"));
            }
            Set<MessageType> accepts = EnumSet.allOf(MessageType.class);
            if (keys.containsKey("accepts") && !isNull(keys.get("accepts"))) {
                accepts = EnumSet.noneOf(MessageType.class);
                for (ScalarNode type : scalars(keys.get("accepts"), "accepts")) {
                    MessageType.fromWireName(type.getValue()).filter(t -> t.wireName().equals(type.getValue()))
                            .ifPresentOrElse(accepts::add, () -> problem(line(type), "unknown message type '"
                                    + type.getValue() + "' (edoc, edoc-status, feedback, feedback-reply, dossier, directive, generic)"));
                }
            }
            AgencyDelivery delivery = delivery(keys.get("delivery"), code);
            List<Path> certificates = new ArrayList<>();
            for (ScalarNode cert : scalars(keys.get("signing-certificates"), "signing-certificates")) {
                if (cert.getValue().isBlank()) {
                    problem(line(cert), "empty signing certificate path");
                    continue;
                }
                try {
                    Path path = Path.of(cert.getValue());
                    certificates.add(path.isAbsolute() ? path : registryDir.resolve(path).normalize());
                } catch (InvalidPathException e) {
                    problem(line(cert), "not a usable path: '" + cert.getValue() + "'");
                }
            }
            if (name == null) {
                return null;
            }
            return new Agency(code, name, keyHash, roles, accepts, delivery, certificates, line);
        }

        private AgencyDelivery delivery(Node node, String code) {
            if (node == null || isNull(node)) {
                return AgencyDelivery.MAILBOX_ONLY;
            }
            MappingNode map = mapping(node, "'delivery'");
            if (map == null) {
                return AgencyDelivery.MAILBOX_ONLY;
            }
            Map<String, Node> keys = keys(map, DELIVERY_KEYS);
            String connector = scalar(keys.get("connector"), "connector", true);
            if (connector == null) {
                if (!keys.containsKey("connector")) {
                    problem(line(map), "delivery of '" + code + "' needs a 'connector' (rest, soap, file or mailbox)");
                }
                return AgencyDelivery.MAILBOX_ONLY;
            }
            if (!CONNECTORS.contains(connector)) {
                problem(line(keys.get("connector")), "unknown connector '" + connector + "' (rest, soap, file or mailbox)");
                return AgencyDelivery.MAILBOX_ONLY;
            }
            String url = scalar(keys.get("url"), "url", false);
            Node urlNode = keys.get("url");
            switch (connector) {
                case AgencyDelivery.REST, AgencyDelivery.SOAP -> {
                    if (url == null) {
                        problem(line(map), connector + " delivery of '" + code + "' needs a 'url' (http:// or https://)");
                    } else if (!isHttpUrl(url)) {
                        problem(line(urlNode), "url of '" + code + "' must be an absolute http:// or https:// URL");
                        url = null;
                    }
                }
                case AgencyDelivery.FILE -> {
                    if (url == null) {
                        problem(line(map), "file delivery of '" + code + "' needs a 'url': the directory to write to");
                    } else {
                        try {
                            Path dir = Path.of(url);
                            url = (dir.isAbsolute() ? dir : dataDir.resolve(dir)).normalize().toString();
                        } catch (InvalidPathException e) {
                            problem(line(urlNode), "url of '" + code + "' is not a usable directory");
                            url = null;
                        }
                    }
                }
                default -> {
                    if (url != null) {
                        problem(line(urlNode), "a mailbox delivery has no 'url' (the agency polls)");
                        url = null;
                    }
                }
            }
            Integer maxAttempts = null;
            String attempts = scalar(keys.get("max-attempts"), "max-attempts", false);
            if (attempts != null) {
                try {
                    maxAttempts = Integer.parseInt(attempts);
                    if (maxAttempts < 1 || maxAttempts > 1000) {
                        problem(line(keys.get("max-attempts")), "max-attempts must be between 1 and 1000");
                        maxAttempts = null;
                    }
                } catch (NumberFormatException e) {
                    problem(line(keys.get("max-attempts")), "max-attempts must be a whole number");
                }
            }
            Duration initial = duration(keys.get("initial-backoff"), "initial-backoff");
            Duration max = duration(keys.get("max-backoff"), "max-backoff");
            if (initial != null && max != null && initial.compareTo(max) > 0) {
                problem(line(keys.get("initial-backoff")), "initial-backoff is longer than max-backoff");
            }
            return new AgencyDelivery(connector, url, maxAttempts, initial, max);
        }

        private Duration duration(Node node, String key) {
            String text = scalar(node, key, false);
            if (text == null) {
                return null;
            }
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                problem(line(node), key + " must look like 500ms, 30s, 10m, 2h or 1d");
                return null;
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.isZero() || d.compareTo(Duration.ofDays(7)) > 0) {
                problem(line(node), key + " must be more than 0 and at most 7 days");
                return null;
            }
            return d;
        }

        private static boolean isHttpUrl(String url) {
            try {
                URI uri = URI.create(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        // ---------------------------------------------------------------- node helpers

        private MappingNode mapping(Node node, String what) {
            if (node instanceof MappingNode map) {
                checkTag(map);
                return map;
            }
            problem(line(node), what + " must be a mapping of 'key: value' lines");
            return null;
        }

        /** The mapping's keys; unknown and repeated keys are problems. */
        private Map<String, Node> keys(MappingNode map, Set<String> known) {
            Map<String, Node> keys = new java.util.LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode key)) {
                    problem(line(keyNode), "keys must be plain words");
                    continue;
                }
                checkTag(key);
                String name = key.getValue();
                if (!known.contains(name)) {
                    String hint = closest(name, known);
                    problem(line(key), "unknown key '" + name + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
                    continue;
                }
                if (keys.putIfAbsent(name, tuple.getValueNode()) != null) {
                    problem(line(key), "key '" + name + "' appears twice");
                }
            }
            return keys;
        }

        private String scalar(Node node, String key, boolean required) {
            if (node == null) {
                return null;
            }
            if (isNull(node)) {
                if (required) {
                    problem(line(node), "'" + key + "' must not be empty");
                }
                return null;
            }
            if (!(node instanceof ScalarNode scalar)) {
                problem(line(node), "'" + key + "' must be a single value");
                return null;
            }
            checkTag(scalar);
            String value = scalar.getValue();
            if (required && value.isBlank()) {
                problem(line(node), "'" + key + "' must not be empty");
                return null;
            }
            return value;
        }

        private List<ScalarNode> scalars(Node node, String key) {
            if (node == null || isNull(node)) {
                return List.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                problem(line(node), "'" + key + "' must be a list, e.g. [a, b]");
                return List.of();
            }
            List<ScalarNode> values = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar) {
                    checkTag(scalar);
                    if (seen.add(scalar.getValue())) {
                        values.add(scalar);
                    }
                } else {
                    problem(line(item), "'" + key + "' must list single values");
                }
            }
            return values;
        }

        private void checkTag(Node node) {
            Tag tag = node.getTag();
            if (tag != null && !tag.getValue().startsWith(Tag.PREFIX)) {
                problem(line(node), "YAML tag '" + tag.getValue() + "' is not allowed");
            }
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
        }

        private static int line(Node node) {
            return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
        }

        private void problem(int line, String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(source + ":" + line + ": " + message);
            }
        }

        private static Yaml yaml() {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setNestingDepthLimit(20);
            options.setCodePointLimit(32 * 1024 * 1024);
            options.setAllowRecursiveKeys(false);
            options.setProcessComments(false);
            return new Yaml(new SafeConstructor(options));
        }

        /** The known key within edit distance 2, for "did you mean" hints. */
        private static String closest(String name, Set<String> known) {
            String best = null;
            int bestDistance = 3;
            for (String candidate : known) {
                int d = distance(name.toLowerCase(Locale.ROOT), candidate);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
            return best;
        }

        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
