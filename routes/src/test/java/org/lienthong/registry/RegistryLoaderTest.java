package org.lienthong.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.model.MessageType;

class RegistryLoaderTest {

    private static final Path REGISTRY_DIR = Path.of("/srv/lienthong/config").toAbsolutePath();
    private static final Path DATA_DIR = Path.of("/srv/lienthong/data").toAbsolutePath();
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    /** SHA-256 of "test". */
    private static final String TEST_KEY_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final RegistryLoader loader = new RegistryLoader(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void loadsBothCodeFormsWithEveryKey() throws Exception {
        Registry registry = load("valid-both-code-forms.yaml");

        assertThat(registry.all()).extracting(Agency::code).containsExactly("000.00.00.G22", "H41.15", "G22.01.03",
                "H41");
        assertThat(registry.source()).isEqualTo("valid-both-code-forms.yaml");
        assertThat(registry.loadedAt()).isEqualTo(NOW);
        assertThat(registry.fingerprint()).isEqualTo(Registry.sha256Hex(bytes("valid-both-code-forms.yaml")));

        Agency vpcp = registry.find("000.00.00.G22").orElseThrow();
        assertThat(vpcp.name()).isEqualTo("Văn phòng Chính phủ");
        assertThat(vpcp.line()).isEqualTo(3);
        assertThat(vpcp.apiKeySha256()).as("normalised to lower case").isEqualTo(TEST_KEY_HASH);
        assertThat(vpcp.roles()).containsExactlyInAnyOrder(Role.PORTAL, Role.BROADCASTER);
        assertThat(vpcp.accepts()).containsExactlyInAnyOrder(MessageType.EDOC, MessageType.EDOC_STATUS,
                MessageType.DIRECTIVE);
        assertThat(vpcp.delivery()).isEqualTo(new AgencyDelivery("rest", "https://vpcp.example.gov.vn/lienthong/inbox",
                10, Duration.ofMillis(500), Duration.ofMinutes(10)));
        assertThat(vpcp.signingCertificates()).containsExactly(REGISTRY_DIR.resolve("certs/vpcp-signer.pem"),
                Path.of("/etc/lienthong/certs/vpcp-backup.pem").toAbsolutePath());

        Agency so = registry.find("H41.15").orElseThrow();
        assertThat(so.apiKeySha256()).isNull();
        assertThat(so.roles()).isEmpty();
        assertThat(so.accepts()).as("all types by default").isEqualTo(EnumSet.allOf(MessageType.class));
        assertThat(so.delivery().connector()).isEqualTo(AgencyDelivery.FILE);
        assertThat(Path.of(so.delivery().url())).isAbsolute().isEqualTo(DATA_DIR.resolve("exchange/H41.15/inbox"));
        assertThat(so.delivery().maxAttempts()).isNull();

        AgencyDelivery soap = registry.find("G22.01.03").orElseThrow().delivery();
        assertThat(soap).isEqualTo(new AgencyDelivery("soap", "http://127.0.0.1:9101/services/edoc", null,
                Duration.ofSeconds(2), Duration.ofDays(1)));

        Agency mailbox = registry.find("H41").orElseThrow();
        assertThat(mailbox.delivery()).isEqualTo(AgencyDelivery.MAILBOX_ONLY);
        assertThat(mailbox.delivery().isPush()).isFalse();

        assertThat(registry.authenticate("test")).contains(vpcp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty-file.yaml", "comments-only.yaml", "empty-list.yaml", "agencies-without-value.yaml"})
    void emptyRegistries(String file) throws Exception {
        Registry registry = load(file);
        assertThat(registry.size()).isZero();
        assertThat(registry.all()).isEmpty();
        assertThat(registry.authenticate("test")).isEmpty();
    }

    @Test
    void sendsAndSendToRestrictWhatAnAgencyMaySendAndToWhom() throws Exception {
        Registry registry = loader.load("""
                agencies:
                  - code: H41
                    name: Bộ Xây dựng
                    sends: [edoc, edoc-status]
                    send-to: [000.00.00.G22, H41.15]
                  - code: H42
                    name: Bộ khác
                """.getBytes(StandardCharsets.UTF_8), "inline", null, null);
        Agency restricted = registry.find("H41").orElseThrow();
        assertThat(restricted.maySend(MessageType.EDOC)).isTrue();
        assertThat(restricted.maySend(MessageType.GENERIC)).isFalse();
        assertThat(restricted.maySendTo("H41.15")).isTrue();
        assertThat(restricted.maySendTo("H42")).isFalse();
        Agency free = registry.find("H42").orElseThrow();
        assertThat(free.maySend(MessageType.DIRECTIVE)).isTrue();
        assertThat(free.maySendTo("anyone")).isTrue();

        List<String> problems = rejection("""
                agencies:
                  - code: H41
                    name: x
                    sends: [edocs]
                    send-to: [h41.15]
                """.getBytes(StandardCharsets.UTF_8), "inline").problems();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("inline:4:").contains("unknown message type 'edocs'").contains("edoc");
        assertThat(problems.get(1)).contains("inline:5:").contains("malformed code 'h41.15' in send-to");
    }

    @Test
    void agencyWithoutDeliveryPollsItsMailbox() throws Exception {
        Registry registry = loader.load("agencies:\n  - code: H41\n    name: Bộ Xây dựng\n"
                .getBytes(StandardCharsets.UTF_8), "inline", null, null);
        assertThat(registry.find("H41").orElseThrow().delivery()).isSameAs(AgencyDelivery.MAILBOX_ONLY);
    }

    @Test
    void relativePathsResolveAgainstDataDirAndRegistryDir(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path file = config.resolve("agencies.yaml");
        Files.writeString(file, """
                agencies:
                  - code: H41
                    name: Bộ Xây dựng
                    delivery:
                      connector: file
                      url: exchange/H41/../H41/inbox
                    signing-certificates: [certs/h41.pem, ../shared/root.pem]
                """);
        Path data = dir.resolve("data");

        Agency agency = loader.load(file, data).find("H41").orElseThrow();

        assertThat(agency.delivery().url()).isEqualTo(data.resolve("exchange/H41/inbox").toString());
        assertThat(agency.signingCertificates()).containsExactly(config.resolve("certs/h41.pem"),
                dir.resolve("shared/root.pem"));
        assertThat(agency.signingCertificates()).allSatisfy(path -> assertThat(path).isAbsolute().doesNotExist());
    }

    @Test
    void fileUriIsAcceptedForFileDelivery(@TempDir Path dir) throws Exception {
        String yaml = "agencies:\n  - code: H41\n    name: x\n    delivery: {connector: file, url: '"
                + dir.toUri() + "'}\n";
        Registry registry = loader.load(yaml.getBytes(StandardCharsets.UTF_8), "inline", null, DATA_DIR);
        assertThat(Path.of(registry.find("H41").orElseThrow().delivery().url())).isEqualTo(dir);
    }

    @Test
    void byteOrderMarkIsIgnored() throws Exception {
        byte[] yaml = "\uFEFFagencies:\n  - code: H41\n    name: x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(loader.load(yaml, "bom", null, null).size()).isEqualTo(1);
    }

    @Test
    void standardTagsAndQuotedValuesAreFine() throws Exception {
        byte[] yaml = """
                agencies:
                  - code: !!str H41
                    name: !!str 2020
                    delivery: {connector: rest, url: 'https://h41.example.gov.vn/in', max-attempts: "7"}
                """.getBytes(StandardCharsets.UTF_8);
        Agency agency = loader.load(yaml, "inline", null, null).find("H41").orElseThrow();
        assertThat(agency.name()).isEqualTo("2020");
        assertThat(agency.delivery().maxAttempts()).isEqualTo(7);
    }

    @Test
    void explicitNullIsNotAValue() {
        byte[] yaml = "agencies:\n  - code: H41\n    name: ~\n    api-key-sha256:\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(rejection(yaml, "inline").problems()).containsExactly(
                "inline:3: 'name' has no value; give one or remove the key",
                "inline:4: 'api-key-sha256' has no value; give one or remove the key");
    }

    // ---- rejections: each names the line and the problem ---------------------------------------------------

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        assertThat(problems("unknown-key.yaml")).containsExactly(
                "unknown-key.yaml:5: unknown key 'nmae' in an agency (did you mean 'name'?)",
                "unknown-key.yaml:4: agency 'H41.15' has no 'name'");
    }

    @Test
    void unknownDeliveryKey() {
        assertThat(problems("unknown-delivery-key.yaml")).containsExactly(
                "unknown-delivery-key.yaml:7: unknown key 'max-attempt' in 'delivery' (did you mean 'max-attempts'?)");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(problems("unknown-top-key.yaml")).containsExactly(
                "unknown-top-key.yaml:1: unknown key 'agency' in the top level (did you mean 'agencies'?)",
                "unknown-top-key.yaml:1: the registry has no 'agencies:' list");
    }

    @Test
    void keyAtTheWrongLevelSaysWhereItBelongs() {
        assertThat(problems("misplaced-key.yaml")).containsExactly(
                "misplaced-key.yaml:4: unknown key 'url' in an agency ('url' belongs under 'delivery:')");
    }

    @Test
    void plainApiKeyIsRefusedWithoutEchoingIt() {
        assertThat(problems("plain-api-key.yaml")).singleElement().asString()
                .startsWith("plain-api-key.yaml:4: unknown key 'api-key' in an agency")
                .contains("api-key-sha256")
                .doesNotContain("super-secret-key");
    }

    @Test
    void duplicateCodeNamesBothLines() {
        assertThat(problems("duplicate-code.yaml")).containsExactly(
                "duplicate-code.yaml:8: duplicate code '000.00.00.H41': already registered at line 2 (codes are unique)");
    }

    @Test
    void malformedCodeNamesLineAndReason() {
        assertThat(problems("malformed-code.yaml")).containsExactly(
                "malformed-code.yaml:4: malformed code 'Z01.01': the first group 'Z01' must be a letter A-Y followed "
                        + "by two digits (e.g. H41), or use the legacy form ddd.dd.dd.Ldd");
    }

    @Test
    void lowerCaseCodeIsMalformed() {
        assertThat(problems("lowercase-code.yaml")).containsExactly(
                "lowercase-code.yaml:2: malformed code 'h41.15': codes are upper case and compare exactly "
                        + "(write H41.15)");
    }

    @Test
    void malformedLegacyCode() {
        assertThat(problems("malformed-legacy-code.yaml")).singleElement().asString()
                .startsWith("malformed-legacy-code.yaml:2: malformed code '000.00.0.H41': ")
                .contains("ddd.dd.dd.Ldd");
    }

    @Test
    void hashMustBe64HexCharacters() {
        assertThat(problems("bad-hash.yaml")).singleElement().asString()
                .startsWith("bad-hash.yaml:4: api-key-sha256 must be exactly 64 hex characters")
                .contains("found 63 characters");
    }

    @Test
    void keyPastedInPlaceOfItsHashIsNotEchoed() {
        assertThat(problems("plain-key-in-hash.yaml")).singleElement().asString()
                .startsWith("plain-key-in-hash.yaml:4: api-key-sha256 must be exactly 64 hex characters")
                .contains("not all hex")
                .doesNotContain("my-very-secret-api-key");
    }

    @Test
    void twoAgenciesCannotShareAKey() {
        assertThat(problems("duplicate-hash.yaml")).singleElement().asString()
                .startsWith("duplicate-hash.yaml:7: api-key-sha256 is the same as at line 4 (agency 'H41')")
                .contains("ambiguous");
    }

    @Test
    void pushConnectorNeedsUrl() {
        assertThat(problems("missing-url.yaml")).containsExactly(
                "missing-url.yaml:5: delivery with connector 'rest' needs a 'url' (the endpoint)");
    }

    @Test
    void mailboxHasNoUrl() {
        assertThat(problems("mailbox-with-url.yaml")).singleElement().asString()
                .startsWith("mailbox-with-url.yaml:6: a mailbox agency polls for its messages and has no 'url'");
    }

    @Test
    void restAndSoapUrlsMustBeAbsoluteHttp() {
        assertThat(problems("bad-url.yaml")).containsExactly(
                "bad-url.yaml:6: the rest url must be an absolute http:// or https:// URL (the scheme is 'ftp')",
                "bad-url.yaml:11: the soap url must be an absolute http:// or https:// URL (it has no scheme)");
    }

    @Test
    void unknownConnectorSuggestsTheLowerCaseName() {
        assertThat(problems("bad-connector.yaml")).containsExactly(
                "bad-connector.yaml:5: unknown connector 'REST' (did you mean 'rest'?); connectors are rest, soap, "
                        + "file, mailbox");
    }

    @Test
    void deliveryNeedsAConnector() {
        assertThat(problems("missing-connector.yaml")).containsExactly(
                "missing-connector.yaml:5: delivery has no 'connector'");
    }

    @Test
    void maxAttemptsIsAWholeNumberFrom1To1000() {
        assertThat(problems("bad-max-attempts.yaml")).containsExactly(
                "bad-max-attempts.yaml:7: max-attempts must be a whole number from 1 to 1000 (found '0')",
                "bad-max-attempts.yaml:13: max-attempts must be a whole number from 1 to 1000 (found 'ten')",
                "bad-max-attempts.yaml:19: max-attempts must be a whole number from 1 to 1000 (found '1001')");
    }

    @Test
    void backoffsAreDurationsAndInitialIsAtMostMax() {
        assertThat(problems("bad-backoff.yaml")).containsExactly(
                "bad-backoff.yaml:7: initial-backoff must be a duration like 500ms, 30s, 10m, 2h or 1d, or a number "
                        + "of seconds (found '1 minute')",
                "bad-backoff.yaml:13: initial-backoff (10m) is longer than max-backoff (30s) at line 14");
    }

    @Test
    void wrongValueTypes() {
        assertThat(problems("wrong-types.yaml")).containsExactly(
                "wrong-types.yaml:3: 'name' must be a single value (found a list)",
                "wrong-types.yaml:4: 'roles' must be a list (e.g. roles: [portal]), found the value 'portal'",
                "wrong-types.yaml:5: 'delivery' must be a mapping with 'connector' and its settings (found the value "
                        + "'rest')",
                "wrong-types.yaml:8: 'accepts' must be a list (e.g. accepts: [edoc, edoc-status]; omit it to accept "
                        + "every type), found a mapping");
    }

    @Test
    void unknownRolesAndMessageTypes() {
        assertThat(problems("unknown-role-and-type.yaml")).containsExactly(
                "unknown-role-and-type.yaml:4: unknown role 'broadcastr' (did you mean 'broadcaster'?); roles are "
                        + "portal, pakn-system, broadcaster",
                "unknown-role-and-type.yaml:5: unknown message type 'EDOC' (did you mean 'edoc'?); types are edoc, "
                        + "edoc-status, feedback, feedback-reply, dossier, directive, generic",
                "unknown-role-and-type.yaml:5: unknown message type 'feedback-replies' (did you mean "
                        + "'feedback-reply'?); types are edoc, edoc-status, feedback, feedback-reply, dossier, "
                        + "directive, generic");
    }

    @Test
    void duplicateKeyInOneMappingNamesBothLines() {
        assertThat(problems("duplicate-yaml-key.yaml")).containsExactly(
                "duplicate-yaml-key.yaml:5: duplicate key 'name' in an agency (first at line 3)");
    }

    @Test
    void yamlSyntaxErrorReportsTheParsersLine() {
        assertThat(problems("syntax-error.yaml")).singleElement().asString()
                .matches("syntax-error\\.yaml:[5-8]: invalid YAML: .*");
        assertThat(problems("tab-indent.yaml")).singleElement().asString()
                .startsWith("tab-indent.yaml:3: invalid YAML: ")
                .contains("TAB");
    }

    @Test
    void applicationTagsAreRefused() {
        assertThat(problems("custom-tag.yaml")).containsExactly(
                "custom-tag.yaml:3: the tag '!lienthong.Name' is not allowed; the registry uses plain YAML values only");
        assertThat(problems("java-tag.yaml")).singleElement().asString()
                .startsWith("java-tag.yaml:4: invalid YAML: ")
                .contains("javax.script.ScriptEngineManager");
    }

    @Test
    void requiredKeysAndBlankValues() {
        assertThat(problems("missing-code-and-name.yaml")).containsExactly(
                "missing-code-and-name.yaml:2: agency entry has no 'code'",
                "missing-code-and-name.yaml:3: agency 'H41.15' has no 'name'",
                "missing-code-and-name.yaml:5: 'name' is blank");
    }

    @Test
    void blankCertificatePathIsRefused() {
        assertThat(problems("blank-certificate.yaml")).containsExactly(
                "blank-certificate.yaml:6: empty entry in signing-certificates; give the path of a PEM file");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(problems("not-a-mapping.yaml")).containsExactly(
                "not-a-mapping.yaml:1: the registry must be a mapping with the single key 'agencies:' (found a list; "
                        + "put the list under 'agencies:')");
    }

    @Test
    void oneDocumentOnly() {
        assertThat(problems("two-documents.yaml")).singleElement().asString()
                .startsWith("two-documents.yaml:2: invalid YAML: ");
    }

    @Test
    void aliasBombIsRefusedBeforeExpansion() {
        assertThat(problems("alias-bomb.yaml")).singleElement().asString()
                .startsWith("alias-bomb.yaml: YAML rejected: ")
                .contains("aliases");
    }

    @Test
    void allProblemsAreReportedInFileOrder() {
        RegistryException e = rejection("many-problems.yaml");
        assertThat(e.problems()).containsExactly(
                "many-problems.yaml:5: unknown key 'colour' in an agency; known keys are code, name, api-key-sha256, "
                        + "roles, accepts, sends, send-to, delivery, signing-certificates, client-certificate-sha256, "
                        + "client-certificate-subject",
                "many-problems.yaml:6: malformed code 'h41': codes are upper case and compare exactly (write H41)",
                "many-problems.yaml:8: duplicate code 'H41': already registered at line 3 (codes are unique)",
                "many-problems.yaml:11: delivery with connector 'rest' needs a 'url' (the endpoint)");
        assertThat(e.source()).isEqualTo("many-problems.yaml");
        assertThat(e.getMessage())
                .startsWith("agency registry many-problems.yaml rejected (4 problems): many-problems.yaml:5: ")
                .contains("; many-problems.yaml:11: ")
                .doesNotContain("\n");
    }

    @Test
    void problemsStopAtTheLimit() {
        StringBuilder yaml = new StringBuilder("agencies:\n");
        for (int i = 0; i < 80; i++) {
            yaml.append("  - code: bad").append(i).append("\n    name: x\n");
        }
        List<String> problems = rejection(yaml.toString().getBytes(StandardCharsets.UTF_8), "many").problems();
        assertThat(problems).hasSize(RegistryLoader.MAX_PROBLEMS + 1);
        assertThat(problems.get(0)).startsWith("many:2: malformed code 'bad0'");
        assertThat(problems.get(RegistryLoader.MAX_PROBLEMS)).isEqualTo(
                "many: more problems not listed (stopped after 50)");
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] yaml = "agencies:\n  - code: H41\n    name: B\u00d9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rejection(yaml, "latin1").problems()).singleElement().asString()
                .startsWith("latin1:3: the file is not valid UTF-8");
    }

    @Test
    void controlCharacterNamesTheLine() {
        byte[] yaml = "agencies:\n  - code: H41\n    name: B\u0001\n".getBytes(StandardCharsets.UTF_8);
        assertThat(rejection(yaml, "control").problems()).containsExactly(
                "control:3: the file contains the control character U+0001, which YAML does not allow");
    }

    @Test
    void problemsStayOnOneLine() {
        byte[] yaml = "agencies:\n  - code: \"H41\\nINJECTED\"\n    name: x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(rejection(yaml, "inline").problems()).singleElement().asString()
                .startsWith("inline:2: malformed code 'H41 INJECTED'")
                .doesNotContain("\n");
    }

    @Test
    void missingFileIsARegistryException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        RegistryException e = rejection(() -> loader.load(missing, dir));
        assertThat(e.problems()).containsExactly(missing + ": the file does not exist");
    }

    @Test
    void suggestionsAreForLikelyTyposOnly() {
        Set<String> keys = Set.of("code", "name", "api-key-sha256", "signing-certificates");
        assertThat(RegistryLoader.suggestion("nmae", keys)).isEqualTo(" (did you mean 'name'?)");
        assertThat(RegistryLoader.suggestion("api_key_sha256", keys)).isEqualTo(" (did you mean 'api-key-sha256'?)");
        assertThat(RegistryLoader.suggestion("signing-certificate", keys))
                .isEqualTo(" (did you mean 'signing-certificates'?)");
        assertThat(RegistryLoader.suggestion("Code", keys)).isEqualTo(" (did you mean 'code'?)");
        assertThat(RegistryLoader.suggestion("colour", keys)).isEmpty();
        assertThat(RegistryLoader.suggestion("x".repeat(10_000), keys)).isEmpty();
    }

    // ---- support --------------------------------------------------------------------------------------------

    private Registry load(String file) throws RegistryException {
        return loader.load(bytes(file), file, REGISTRY_DIR, DATA_DIR);
    }

    private List<String> problems(String file) {
        return rejection(file).problems();
    }

    private RegistryException rejection(String file) {
        return rejection(() -> load(file));
    }

    private RegistryException rejection(byte[] content, String source) {
        return rejection(() -> loader.load(content, source, REGISTRY_DIR, DATA_DIR));
    }

    private static RegistryException rejection(Load load) {
        try {
            Registry registry = load.run();
            throw new AssertionError("expected a rejection, but loaded " + registry);
        } catch (RegistryException e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface Load {
        Registry run() throws RegistryException;
    }

    static byte[] bytes(String file) {
        try (InputStream in = RegistryLoaderTest.class.getResourceAsStream("/registry/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource registry/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
