package org.lienthong.registry;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lienthong.model.MessageType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the agency registry file of SPEC §3 into a {@link Registry}.
 *
 * <p>The YAML is composed into SnakeYAML nodes and checked by hand rather than bound to beans: every node
 * knows its line, so each problem can point at it, no tag can make SnakeYAML instantiate a class, and
 * unknown keys are caught instead of silently ignored. All problems are collected (up to
 * {@value #MAX_PROBLEMS}) so an operator fixes a file in one pass. Stateless and thread-safe.
 */
public final class RegistryLoader {

    /** Problems reported per load; past this the file is hopeless and the rest is noise. */
    public static final int MAX_PROBLEMS = 50;
    /** Largest registry file read: 10,000 fully specified agencies take about 6 MB. */
    public static final int MAX_FILE_BYTES = 32 * 1024 * 1024;

    static final int CODE_POINT_LIMIT = 16 * 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int NESTING_DEPTH_LIMIT = 16;
    static final int MAX_ATTEMPTS_LIMIT = 1000;
    static final Duration MAX_BACKOFF_LIMIT = Duration.ofDays(365);

    static final String AGENCIES = "agencies";
    static final String CODE = "code";
    static final String NAME = "name";
    static final String API_KEY_SHA256 = "api-key-sha256";
    static final String ROLES = "roles";
    static final String ACCEPTS = "accepts";
    static final String SENDS = "sends";
    static final String SEND_TO = "send-to";
    static final String CLIENT_CERTIFICATE_SHA256 = "client-certificate-sha256";
    static final String CLIENT_CERTIFICATE_SUBJECT = "client-certificate-subject";
    static final String DELIVERY = "delivery";
    static final String SIGNING_CERTIFICATES = "signing-certificates";
    static final String CONNECTOR = "connector";
    static final String URL = "url";
    static final String MAX_ATTEMPTS = "max-attempts";
    static final String INITIAL_BACKOFF = "initial-backoff";
    static final String MAX_BACKOFF = "max-backoff";

    private static final List<String> TOP_KEYS = List.of(AGENCIES);
    private static final List<String> AGENCY_KEYS = List.of(CODE, NAME, API_KEY_SHA256, ROLES, ACCEPTS, SENDS,
            SEND_TO, DELIVERY, SIGNING_CERTIFICATES, CLIENT_CERTIFICATE_SHA256, CLIENT_CERTIFICATE_SUBJECT);
    private static final List<String> DELIVERY_KEYS = List.of(CONNECTOR, URL, MAX_ATTEMPTS, INITIAL_BACKOFF,
            MAX_BACKOFF);
    private static final List<String> CONNECTORS = List.of(AgencyDelivery.REST, AgencyDelivery.SOAP,
            AgencyDelivery.FILE, AgencyDelivery.MAILBOX);
    private static final List<String> ROLE_NAMES = EnumSet.allOf(Role.class).stream().map(Role::wireName).toList();
    private static final List<String> TYPE_NAMES = EnumSet.allOf(MessageType.class).stream()
            .map(MessageType::wireName).toList();
    /** Tags a plain YAML document can carry; anything else was written on purpose and is refused. */
    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
            Tag.TIMESTAMP, Tag.SEQ, Tag.MAP, Tag.MERGE);

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)?");

    private final Clock clock;

    /** @param clock stamps {@link Registry#loadedAt()} */
    public RegistryLoader(Clock clock) {
        this.clock = clock;
    }

    /**
     * Loads a registry file. Relative certificate paths resolve against the file's directory, relative
     * {@code file} delivery directories against {@code dataDir}.
     *
     * @throws RegistryException when the file cannot be read or has any problem
     */
    public Registry load(Path file, Path dataDir) throws RegistryException {
        Path absolute = file.toAbsolutePath().normalize();
        return load(read(absolute), absolute.toString(), absolute.getParent(), dataDir);
    }

    /**
     * The bytes of a registry file, refusing files over {@value #MAX_FILE_BYTES} bytes before reading them.
     *
     * @throws RegistryException when the file is missing, unreadable or too large
     */
    public static byte[] read(Path file) throws RegistryException {
        String source = file.toString();
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new RegistryException(source, List.of(source + ": the file is " + size
                        + " bytes; a registry may be at most " + MAX_FILE_BYTES + " bytes"));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RegistryException(source, List.of(source + ": the file does not exist"));
        } catch (IOException e) {
            throw new RegistryException(source, List.of(source + ": cannot read the file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
        }
    }

    /**
     * Loads a registry from bytes (UTF-8).
     *
     * @param sourceName  how problems name the source, e.g. the file path or {@code classpath:...}
     * @param registryDir base for relative certificate paths; null means the working directory
     * @param dataDir     base for relative {@code file} delivery directories; null means the working directory
     * @throws RegistryException listing every problem found, each as {@code <source>:<line>: <message>}
     */
    public Registry load(byte[] content, String sourceName, Path registryDir, Path dataDir) throws RegistryException {
        Parse parse = new Parse(sourceName, absoluteOrWorkingDir(registryDir), absoluteOrWorkingDir(dataDir));
        List<Agency> agencies = parse.run(content);
        if (!parse.problems.isEmpty()) {
            throw new RegistryException(sourceName, parse.formattedProblems());
        }
        return new Registry(agencies, sourceName, clock.instant(), Registry.sha256Hex(content));
    }

    private static Path absoluteOrWorkingDir(Path dir) {
        return (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML enforces this only when constructing objects, which the node API never does: the loader
        // checks duplicate keys itself and names both lines. Set anyway, should the options ever be reused.
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(NESTING_DEPTH_LIMIT);
        options.setCodePointLimit(CODE_POINT_LIMIT);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        return options;
    }

    /**
     * Types plain scalars as strings, except the YAML null forms ({@code ~}, {@code null}, nothing). The loader
     * reads values as text and parses them itself, so SnakeYAML's int/float/bool/timestamp guessing (a regex
     * per scalar, the largest cost on a big registry) would only be thrown away.
     */
    private static final class NullOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, Resolver.NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, Resolver.EMPTY, null);
        }
    }

    /** One problem: a 1-based line, or 0 when it concerns the whole file. */
    private record Problem(int line, String message) {
    }

    /** The state of one load: where relative paths resolve and the problems found so far. */
    private static final class Parse {

        private final String source;
        private final Path registryDir;
        private final Path dataDir;
        private final List<Problem> problems = new ArrayList<>();
        private boolean truncated;

        Parse(String source, Path registryDir, Path dataDir) {
            this.source = source;
            this.registryDir = registryDir;
            this.dataDir = dataDir;
        }

        List<String> formattedProblems() {
            List<String> lines = new ArrayList<>(problems.size() + 1);
            for (Problem problem : problems) {
                lines.add(problem.line() > 0 ? source + ":" + problem.line() + ": " + problem.message()
                        : source + ": " + problem.message());
            }
            if (truncated) {
                lines.add(source + ": more problems not listed (stopped after " + MAX_PROBLEMS + ")");
            }
            return lines;
        }

        void problem(int line, String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(line, message));
            } else {
                truncated = true;
            }
        }

        void problem(Node node, String message) {
            problem(line(node), message);
        }

        List<Agency> run(byte[] content) {
            String text = decode(content);
            if (text == null) {
                return List.of();
            }
            Node root = compose(text);
            if (root == null) {
                return List.of();
            }
            checkTags(root);
            return registry(root);
        }

        // ---- text and YAML ------------------------------------------------------------------------------

        private String decode(byte[] content) {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(content);
            CharBuffer out = CharBuffer.allocate(content.length);
            CoderResult result = decoder.decode(in, out, true);
            if (!result.isError()) {
                result = decoder.flush(out);
            }
            if (result.isError()) {
                int line = 1;
                for (int i = 0; i < in.position(); i++) {
                    line += content[i] == '\n' ? 1 : 0;
                }
                problem(line, "the file is not valid UTF-8 (byte " + (in.position() + 1)
                        + "); save it as UTF-8");
                return null;
            }
            out.flip();
            String text = out.toString();
            // Windows editors like to start UTF-8 files with a byte order mark; it carries no content.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        }

        private Node compose(String text) {
            LoaderOptions options = loaderOptions();
            try {
                Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                        new NullOnlyResolver(), options);
                return composer.getSingleNode();
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String what = e.getProblem() == null ? "" : e.getProblem();
                String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
                problem(mark == null ? 0 : mark.getLine() + 1, "invalid YAML: " + oneLine(what + context));
            } catch (ReaderException e) {
                problem(lineAtCodePoint(text, e.getPosition()), String.format(
                        "the file contains the control character U+%04X, which YAML does not allow",
                        e.getCodePoint()));
            } catch (YAMLException e) {
                // Limits (size, nesting, aliases) carry no position.
                problem(0, "YAML rejected: " + oneLine(String.valueOf(e.getMessage())));
            }
            return null;
        }

        private static int lineAtCodePoint(String text, int codePointIndex) {
            int line = 1;
            int index = 0;
            for (int i = 0; i < text.length() && index < codePointIndex; i = text.offsetByCodePoints(i, 1)) {
                line += text.charAt(i) == '\n' ? 1 : 0;
                index++;
            }
            return line;
        }

        /** Refuses application-specific tags anywhere in the document, even under keys the schema rejects. */
        private void checkTags(Node root) {
            // Aliases share nodes and may even form cycles, so collections are visited once each.
            Map<Node, Boolean> seen = new IdentityHashMap<>();
            List<Node> pending = new ArrayList<>(List.of(root));
            while (!pending.isEmpty()) {
                Node node = pending.remove(pending.size() - 1);
                if (!(node instanceof ScalarNode) && seen.put(node, Boolean.TRUE) != null) {
                    continue;
                }
                if (node.getTag() != Tag.STR && !STANDARD_TAGS.contains(node.getTag())) {
                    problem(node, "the tag " + quote(node.getTag().getValue())
                            + " is not allowed; the registry uses plain YAML values only");
                }
                if (node instanceof MappingNode mapping) {
                    for (NodeTuple tuple : mapping.getValue()) {
                        pending.add(tuple.getKeyNode());
                        pending.add(tuple.getValueNode());
                    }
                } else if (node instanceof SequenceNode sequence) {
                    pending.addAll(sequence.getValue());
                }
            }
        }

        // ---- the schema ---------------------------------------------------------------------------------

        private List<Agency> registry(Node root) {
            if (!(root instanceof MappingNode top)) {
                problem(root, "the registry must be a mapping with the single key 'agencies:' (found "
                        + kind(root) + (root instanceof SequenceNode ? "; put the list under 'agencies:'" : "")
                        + ")");
                return List.of();
            }
            Map<String, NodeTuple> keys = keys(top, TOP_KEYS, "the top level", List.of());
            NodeTuple agenciesTuple = keys.get(AGENCIES);
            if (agenciesTuple == null) {
                problem(top, "the registry has no 'agencies:' list");
                return List.of();
            }
            Node list = agenciesTuple.getValueNode();
            if (isNull(list)) {
                return List.of();
            }
            if (!(list instanceof SequenceNode sequence)) {
                problem(list, "'agencies' must be a list of agencies (found " + kind(list) + ")");
                return List.of();
            }
            List<Agency> agencies = new ArrayList<>(sequence.getValue().size());
            Map<String, Integer> codeLines = new HashMap<>(sequence.getValue().size() * 2);
            Map<String, Integer> keyLines = new HashMap<>(sequence.getValue().size() * 2);
            Map<String, String> keyOwners = new HashMap<>(sequence.getValue().size() * 2);
            for (Node item : sequence.getValue()) {
                Agency agency = agency(item, codeLines, keyLines, keyOwners);
                if (agency != null) {
                    agencies.add(agency);
                }
            }
            return agencies;
        }

        private Agency agency(Node item, Map<String, Integer> codeLines, Map<String, Integer> keyLines,
                              Map<String, String> keyOwners) {
            if (!(item instanceof MappingNode entry)) {
                problem(item, isNull(item) ? "empty agency entry"
                        : "each agency must be a mapping with at least 'code' and 'name' (found " + kind(item) + ")");
                return null;
            }
            int before = problems.size();
            Map<String, NodeTuple> keys = keys(entry, AGENCY_KEYS, "an agency", DELIVERY_KEYS);

            String code = requiredText(entry, keys, CODE, "agency entry");
            String label = code == null ? "agency entry" : "agency " + quote(code);
            if (code != null) {
                Node codeNode = keys.get(CODE).getValueNode();
                Optional<String> invalid = AgencyCode.problem(code);
                invalid.ifPresent(why -> problem(codeNode, "malformed code " + quote(code) + ": " + why));
                Integer firstLine = codeLines.putIfAbsent(code, line(codeNode));
                if (firstLine != null) {
                    problem(codeNode, "duplicate code " + quote(code) + ": already registered at line " + firstLine
                            + " (codes are unique)");
                }
            }
            String name = requiredText(entry, keys, NAME, label);
            String keyHash = apiKeyHash(keys.get(API_KEY_SHA256));
            if (keyHash != null) {
                Node hashNode = keys.get(API_KEY_SHA256).getValueNode();
                Integer firstLine = keyLines.putIfAbsent(keyHash, line(hashNode));
                if (firstLine != null) {
                    problem(hashNode, "api-key-sha256 is the same as at line " + firstLine + " ("
                            + keyOwners.get(keyHash) + "): two agencies cannot share an API key, a login would be "
                            + "ambiguous");
                } else {
                    keyOwners.put(keyHash, label);
                }
            }
            Set<Role> roles = roles(keys.get(ROLES));
            Set<MessageType> accepts = types(keys.get(ACCEPTS), "e.g. accepts: [edoc, edoc-status]; omit it to accept "
                    + "every type");
            Set<MessageType> sends = types(keys.get(SENDS), "e.g. sends: [edoc, edoc-status]; omit it to allow every "
                    + "type");
            Set<String> sendTo = sendTo(keys.get(SEND_TO));
            Agency.ClientCertificate clientCertificate = clientCertificate(keys.get(CLIENT_CERTIFICATE_SHA256),
                    keys.get(CLIENT_CERTIFICATE_SUBJECT));
            AgencyDelivery delivery = delivery(keys.get(DELIVERY));
            List<Path> certificates = certificates(keys.get(SIGNING_CERTIFICATES));
            if (problems.size() != before || truncated) {
                return null;
            }
            return new Agency(code, name, keyHash, roles, accepts, delivery, certificates, line(entry), sends, sendTo,
                    clientCertificate);
        }

        private String apiKeyHash(NodeTuple tuple) {
            String value = text(tuple);
            if (value == null) {
                return null;
            }
            if (!HEX_SHA256.matcher(value).matches()) {
                // Never echo the value: an operator who pasted the key itself must not see it in the log.
                boolean hex = value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
                problem(tuple.getValueNode(), "api-key-sha256 must be exactly 64 hex characters, the SHA-256 of the "
                        + "agency's API key (found " + value.length() + " characters" + (hex ? "" : ", not all hex")
                        + "); compute it with: printf %s 'the-key' | sha256sum");
                return null;
            }
            return value.toLowerCase(Locale.ROOT);
        }

        private Set<Role> roles(NodeTuple tuple) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (ScalarNode item : list(tuple, "e.g. roles: [portal]")) {
                Optional<Role> role = Role.fromWireName(item.getValue());
                if (role.isPresent()) {
                    roles.add(role.get());
                } else {
                    problem(item, "unknown role " + quote(item.getValue()) + suggestion(item.getValue(), ROLE_NAMES)
                            + "; roles are " + String.join(", ", ROLE_NAMES));
                }
            }
            return roles;
        }

        private Agency.ClientCertificate clientCertificate(NodeTuple sha256, NodeTuple subject) {
            String fingerprint = text(sha256);
            if (fingerprint != null && !HEX_SHA256.matcher(fingerprint).matches()) {
                problem(sha256.getValueNode(), "client-certificate-sha256 must be the 64 hex characters of the "
                        + "certificate's SHA-256 fingerprint (openssl x509 -noout -fingerprint -sha256 -in cert.pem)");
                fingerprint = null;
            }
            String name = text(subject);
            if (name != null) {
                try {
                    name = new javax.security.auth.x500.X500Principal(name).getName(javax.security.auth.x500.X500Principal.RFC2253);
                } catch (IllegalArgumentException e) {
                    problem(subject.getValueNode(), "client-certificate-subject is not a distinguished name "
                            + "(e.g. \"CN=Van thu H41, O=H41, C=VN\")");
                    name = null;
                }
            }
            return fingerprint == null && name == null ? null
                    : new Agency.ClientCertificate(fingerprint == null ? null : fingerprint.toLowerCase(Locale.ROOT), name);
        }

        private Set<String> sendTo(NodeTuple tuple) {
            Set<String> codes = new java.util.LinkedHashSet<>();
            for (ScalarNode item : list(tuple, "e.g. send-to: [000.00.00.H41, H41.15]; omit it to allow any recipient")) {
                Optional<String> invalid = AgencyCode.problem(item.getValue());
                if (invalid.isPresent()) {
                    problem(item, "malformed code " + quote(item.getValue()) + " in send-to: " + invalid.get());
                } else {
                    codes.add(item.getValue());
                }
            }
            return codes;
        }

        private Set<MessageType> types(NodeTuple tuple, String example) {
            if (tuple == null) {
                return EnumSet.allOf(MessageType.class);
            }
            Set<MessageType> types = EnumSet.noneOf(MessageType.class);
            for (ScalarNode item : list(tuple, example)) {
                // Exact wire names, like codes and roles: one spelling per thing in the file.
                Optional<MessageType> type = MessageType.fromWireName(item.getValue())
                        .filter(t -> t.wireName().equals(item.getValue()));
                if (type.isPresent()) {
                    types.add(type.get());
                } else {
                    problem(item, "unknown message type " + quote(item.getValue())
                            + suggestion(item.getValue(), TYPE_NAMES) + "; types are " + String.join(", ", TYPE_NAMES));
                }
            }
            return types;
        }

        private AgencyDelivery delivery(NodeTuple tuple) {
            if (tuple == null) {
                return AgencyDelivery.MAILBOX_ONLY;
            }
            Node value = tuple.getValueNode();
            if (!(value instanceof MappingNode mapping)) {
                problem(value, isNull(value) ? "'delivery' has no value; remove it for mailbox delivery or give a "
                        + "mapping with 'connector'" : "'delivery' must be a mapping with 'connector' and its settings "
                        + "(found " + kind(value) + ")");
                return null;
            }
            Map<String, NodeTuple> keys = keys(mapping, DELIVERY_KEYS, "'delivery'", AGENCY_KEYS);
            String connector = requiredText(mapping, keys, CONNECTOR, "delivery");
            if (connector != null && !CONNECTORS.contains(connector)) {
                problem(keys.get(CONNECTOR).getValueNode(), "unknown connector " + quote(connector)
                        + suggestion(connector, CONNECTORS) + "; connectors are " + String.join(", ", CONNECTORS));
                connector = null;
            }
            String url = connector == null ? null : url(connector, mapping, keys.get(URL));
            Integer maxAttempts = maxAttempts(keys.get(MAX_ATTEMPTS));
            Duration initial = duration(keys.get(INITIAL_BACKOFF));
            Duration max = duration(keys.get(MAX_BACKOFF));
            if (initial != null && max != null && initial.compareTo(max) > 0) {
                problem(keys.get(INITIAL_BACKOFF).getValueNode(), "initial-backoff (" + text(keys.get(INITIAL_BACKOFF))
                        + ") is longer than max-backoff (" + text(keys.get(MAX_BACKOFF)) + ") at line "
                        + line(keys.get(MAX_BACKOFF).getValueNode()));
            }
            return connector == null ? null : new AgencyDelivery(connector, url, maxAttempts, initial, max);
        }

        private String url(String connector, MappingNode delivery, NodeTuple tuple) {
            String url = text(tuple);
            if (AgencyDelivery.MAILBOX.equals(connector)) {
                if (tuple != null) {
                    problem(tuple.getKeyNode(), "a mailbox agency polls for its messages and has no 'url'; remove "
                            + "it, or choose connector rest, soap or file");
                }
                return null;
            }
            if (url == null) {
                if (tuple == null) {
                    problem(delivery, "delivery with connector '" + connector + "' needs a 'url' ("
                            + (AgencyDelivery.FILE.equals(connector) ? "the directory to write to" : "the endpoint")
                            + ")");
                }
                return null;
            }
            Node node = tuple.getValueNode();
            if (AgencyDelivery.FILE.equals(connector)) {
                return directory(node, url);
            }
            return httpUrl(node, connector, url);
        }

        private String httpUrl(Node node, String connector, String url) {
            String why;
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
                if (scheme == null) {
                    why = "it has no scheme";
                } else if (!scheme.equals("http") && !scheme.equals("https")) {
                    why = "the scheme is " + quote(uri.getScheme());
                } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    why = "it has no host";
                } else {
                    return url;
                }
            } catch (URISyntaxException e) {
                why = oneLine(e.getReason()) + " at index " + e.getIndex();
            }
            // The URL itself is not echoed: it may carry credentials; the line points at it.
            problem(node, "the " + connector + " url must be an absolute http:// or https:// URL (" + why + ")");
            return null;
        }

        private String directory(Node node, String url) {
            try {
                Path path = url.regionMatches(true, 0, "file:", 0, 5) ? Path.of(new URI(url)) : Path.of(url);
                return dataDir.resolve(path).normalize().toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                problem(node, "the file url must be a directory path or an absolute file: URI ("
                        + oneLine(String.valueOf(e.getMessage())) + ")");
                return null;
            }
        }

        private Integer maxAttempts(NodeTuple tuple) {
            String value = text(tuple);
            if (value == null) {
                return null;
            }
            if (WHOLE_NUMBER.matcher(value).matches()) {
                int attempts = Integer.parseInt(value);
                if (attempts >= 1 && attempts <= MAX_ATTEMPTS_LIMIT) {
                    return attempts;
                }
            }
            problem(tuple.getValueNode(), "max-attempts must be a whole number from 1 to " + MAX_ATTEMPTS_LIMIT
                    + " (found " + quote(value) + ")");
            return null;
        }

        private Duration duration(NodeTuple tuple) {
            String value = text(tuple);
            if (value == null) {
                return null;
            }
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            Matcher matcher = DURATION.matcher(value);
            if (!matcher.matches()) {
                problem(tuple.getValueNode(), key + " must be a duration like 500ms, 30s, 10m, 2h or 1d, or a number "
                        + "of seconds (found " + quote(value) + ")");
                return null;
            }
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            Duration duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
            if (duration.isZero() || duration.compareTo(MAX_BACKOFF_LIMIT) > 0) {
                problem(tuple.getValueNode(), key + " must be more than 0 and at most 365d (found " + quote(value)
                        + ")");
                return null;
            }
            return duration;
        }

        private List<Path> certificates(NodeTuple tuple) {
            List<Path> paths = new ArrayList<>();
            for (ScalarNode item : list(tuple, "e.g. signing-certificates: [certs/signer.pem]")) {
                String value = item.getValue();
                if (isNull(item) || value.isBlank()) {
                    problem(item, "empty entry in signing-certificates; give the path of a PEM file");
                    continue;
                }
                try {
                    // Not required to exist yet: certificates may be deployed after the registry entry.
                    paths.add(registryDir.resolve(value.strip()).normalize());
                } catch (InvalidPathException e) {
                    problem(item, "signing certificate path " + quote(value) + " is not a valid path ("
                            + oneLine(e.getReason()) + ")");
                }
            }
            return paths;
        }

        // ---- generic node checks ------------------------------------------------------------------------

        /**
         * The mapping's entries by key, first occurrence wins; reports non-scalar, duplicate and unknown keys.
         * {@code otherLevel} holds keys that belong to the neighbouring level, for a "move it" hint.
         */
        private Map<String, NodeTuple> keys(MappingNode mapping, List<String> known, String where,
                                            List<String> otherLevel) {
            Map<String, NodeTuple> keys = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                    problem(keyNode, "keys in " + where + " must be plain names (found " + kind(keyNode) + ")");
                    continue;
                }
                String key = scalar.getValue();
                NodeTuple first = keys.get(key);
                if (first != null) {
                    problem(keyNode, "duplicate key " + quote(key) + " in " + where + " (first at line "
                            + line(first.getKeyNode()) + ")");
                } else if (known.contains(key)) {
                    keys.put(key, tuple);
                } else {
                    problem(keyNode, "unknown key " + quote(key) + " in " + where
                            + unknownKeyHint(key, known, otherLevel));
                }
            }
            return keys;
        }

        private static String unknownKeyHint(String key, List<String> known, List<String> otherLevel) {
            String normalised = key.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
            if (key.equals("<<")) {
                return " (YAML merge keys are not supported; write each agency out in full)";
            }
            if (known.contains(API_KEY_SHA256) && Set.of("apikey", "key", "password", "secret", "token")
                    .contains(normalised)) {
                return " (the registry never holds the key itself: put its SHA-256 under 'api-key-sha256')";
            }
            if (otherLevel.contains(key)) {
                return otherLevel.contains(DELIVERY_KEYS.get(0)) ? " ('" + key + "' belongs under 'delivery:')"
                        : " ('" + key + "' belongs to the agency, not under 'delivery:')";
            }
            String suggestion = suggestion(key, known);
            return suggestion.isEmpty() ? "; known keys are " + String.join(", ", known) : suggestion;
        }

        /** The value's text; null (after a report) for a null value or a list or mapping; null for no tuple. */
        private String text(NodeTuple tuple) {
            if (tuple == null) {
                return null;
            }
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            Node value = tuple.getValueNode();
            if (isNull(value)) {
                problem(value, "'" + key + "' has no value; give one or remove the key");
                return null;
            }
            if (!(value instanceof ScalarNode scalar)) {
                problem(value, "'" + key + "' must be a single value (found " + kind(value) + ")");
                return null;
            }
            return scalar.getValue().strip();
        }

        private String requiredText(MappingNode owner, Map<String, NodeTuple> keys, String key, String label) {
            NodeTuple tuple = keys.get(key);
            if (tuple == null) {
                problem(owner, label + " has no '" + key + "'");
                return null;
            }
            String value = text(tuple);
            if (value != null && value.isEmpty()) {
                problem(tuple.getValueNode(), "'" + key + "' is blank");
                return null;
            }
            return value;
        }

        /** The items of a list of single values; reports anything else. Empty for no tuple. */
        private List<ScalarNode> list(NodeTuple tuple, String example) {
            if (tuple == null) {
                return List.of();
            }
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            Node value = tuple.getValueNode();
            if (!(value instanceof SequenceNode sequence)) {
                problem(value, "'" + key + "' must be a list (" + example + "), found " + kind(value));
                return List.of();
            }
            List<ScalarNode> items = new ArrayList<>(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar && !isNull(item)) {
                    items.add(scalar);
                } else if (key.equals(SIGNING_CERTIFICATES) && isNull(item)) {
                    items.add((ScalarNode) item);
                } else {
                    problem(item, "each entry of '" + key + "' must be a single value (found " + kind(item) + ")");
                }
            }
            return items;
        }

        private static boolean isNull(Node node) {
            return node == null || Tag.NULL.equals(node.getTag());
        }

        private static String kind(Node node) {
            if (isNull(node)) {
                return "no value";
            }
            if (node instanceof MappingNode) {
                return "a mapping";
            }
            if (node instanceof SequenceNode) {
                return "a list";
            }
            return "the value " + quote(((ScalarNode) node).getValue());
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }
    }

    /** Suggests the closest known word for a likely typo, as {@code " (did you mean 'x'?)"}, or "". */
    static String suggestion(String word, Collection<String> known) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (candidate.equals(lower) || candidate.replace("-", "").equals(lower.replaceAll("[-_ ]", ""))) {
                return " (did you mean '" + candidate + "'?)";
            }
            int distance = editDistance(lower, candidate);
            int allowed = candidate.length() >= 8 ? 3 : candidate.length() >= 4 ? 2 : 1;
            boolean prefix = lower.length() >= 3 && candidate.startsWith(lower);
            if ((distance <= allowed || prefix) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Optimal string alignment distance: a swapped pair of letters counts as one edit, like a typo does. */
    static int editDistance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 20) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** A user-supplied value for a message: quoted, on one line, and short. */
    static String quote(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return "'" + oneLine(shown) + "'";
    }

    /** Keeps every problem on one log line whatever the file contains. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString().replaceAll(" {2,}", " ").strip();
    }
}
