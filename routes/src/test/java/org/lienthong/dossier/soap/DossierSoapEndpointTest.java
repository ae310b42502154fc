package org.lienthong.dossier.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.xml.ws.BindingProvider;
import org.apache.cxf.message.Message;
import org.apache.cxf.spring.boot.autoconfigure.CxfAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.connector.soap.DossierContract;
import org.lienthong.connector.soap.dossier.contract.BatchResult;
import org.lienthong.connector.soap.dossier.contract.DossierFault;
import org.lienthong.connector.soap.dossier.contract.DossierPortType;
import org.lienthong.connector.soap.dossier.contract.DossierService;
import org.lienthong.connector.soap.dossier.contract.Item;
import org.lienthong.connector.soap.dossier.contract.ItemList;
import org.lienthong.connector.soap.dossier.contract.NameValue;
import org.lienthong.connector.soap.dossier.contract.ProgressUpdate;
import org.lienthong.connector.soap.dossier.contract.Rejection;
import org.lienthong.connector.soap.dossier.contract.SyncDossiers;
import org.lienthong.connector.soap.dossier.contract.SyncRecord;
import org.lienthong.connector.soap.dossier.contract.UpdateProgress;
import org.lienthong.ops.SecurityConfiguration;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.OpsAccount;
import org.lienthong.web.soap.SoapAuthentication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SOAP dossier endpoint in a small Spring Boot application: Tomcat on a random loopback port, the CXF starter's
 * servlet at {@code /services}, the node's own Spring Security chains, {@link DossierSoapConfiguration} as the node
 * imports it, a real registry file, and a {@link RecordingDossierDesk} standing in for the flow. Clients are the
 * classes generated from the WSDL, plus raw HTTP for what a generated client cannot send.
 */
@SpringBootTest(classes = DossierSoapEndpointTest.SoapNode.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DossierSoapEndpointTest {

    static final String PROVINCE = "T11";
    static final String KEY = "key-t11";
    static final Path DATA_DIR = tempDir();
    static final int MAX_RECORDS = 5;
    /** Deep enough for a record's list items (Envelope/Body/syncDossiers/HoSo/TaiLieuNop/Muc/Truong/Ten is 8). */
    static final int MAX_DEPTH = 12;

    @SpringBootConfiguration
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, CxfAutoConfiguration.class, SecurityAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class, EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class})
    @EnableConfigurationProperties(LienthongProperties.class)
    @Import({DossierSoapConfiguration.class, SecurityConfiguration.class})
    static class SoapNode {

        @Bean(initMethod = "start", destroyMethod = "stop")
        RegistryService registryService() {
            return new RegistryService(writeRegistry(), DATA_DIR, Duration.ofMinutes(1), Clock.systemUTC());
        }

        @Bean
        OpsAccount opsAccount() {
            return new OpsAccount("ops", "test-ops-password");
        }

        @Bean
        RecordingDossierDesk dossierDesk() {
            return new RecordingDossierDesk();
        }
    }

    @DynamicPropertySource
    static void nodeProperties(DynamicPropertyRegistry registry) {
        registry.add("lienthong.data-dir", DATA_DIR::toString);
        registry.add("lienthong.soap.dossier.max-records", () -> MAX_RECORDS);
        registry.add("lienthong.soap.dossier.stax.max-element-depth", () -> MAX_DEPTH);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("management.server.port", () -> "-1");
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingDossierDesk desk;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // ------------------------------------------------------------------ the contract

    @Test
    void theWsdlIsServedWithoutAKeyWithBothOperationsAndThisAddress() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("targetNamespace=\"urn:lienthong:dossier:v1\"")
                .contains("name=\"syncDossiers\"", "name=\"updateProgress\"", "name=\"dossierFault\"",
                        "name=\"HoSo\"", "name=\"TienDo\"", "name=\"TaiLieuNop\"", "name=\"Truong\"")
                .contains("location=\"" + url() + "\"");
    }

    // ------------------------------------------------------------------ batches

    @Test
    void recordsReachTheDeskAsEntriesWithTheirFieldsAndLists() throws Exception {
        SyncRecord first = record("H41.15-261120-0001", "2");
        first.setTenTTHC("Cấp giấy phép xây dựng nhà ở riêng lẻ");
        first.setChuHoSo("Lê Văn C");
        first.setNgayTiepNhan("20261120080000");
        first.setNgayHenTra("20261204170000");
        first.setDonViXuLy("Sở Xây dựng");
        first.setEmail(" ");
        first.setTaiLieuNop(list(item("TenTepDinhKem", "Đơn đề nghị", "DuongDanTaiXuong", "https://motcua.example/1"),
                item("TenTepDinhKem", "Bản vẽ thiết kế")));
        first.setDanhSachLePhi(list(item("TenPhiLePhi", "Lệ phí cấp phép", "MucPhi", "75000")));
        SyncRecord second = record("H41.15-261101-0007", "4");
        second.setNgayTra("20261114100000");

        BatchResult result = client(KEY).syncDossiers(sync(first, second));

        assertThat(result.getAccepted()).isEqualTo(2);
        assertThat(result.getMessageId()).hasSize(2).doesNotHaveDuplicates();
        assertThat(result.getRejected()).isEmpty();
        RecordingDossierDesk.Call call = desk.last();
        assertThat(call.operation()).isEqualTo("sync");
        assertThat(call.reporter()).isEqualTo(PROVINCE);
        assertThat(call.entries()).extracting(DossierEntry::where).containsExactly("HoSo[0]", "HoSo[1]");
        DossierEntry entry = call.entries().get(0);
        assertThat(entry.fields()).containsExactly(Map.entry("MaHoSo", "H41.15-261120-0001"),
                Map.entry("MaTTHC", "1.009994"), Map.entry("TenTTHC", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
                Map.entry("ChuHoSo", "Lê Văn C"), Map.entry("NgayTiepNhan", "20261120080000"),
                Map.entry("NgayHenTra", "20261204170000"), Map.entry("TrangThaiHoSo", "2"),
                Map.entry("DonViXuLy", "Sở Xây dựng"));
        assertThat(entry.lists()).containsOnlyKeys("TaiLieuNop", "DanhSachLePhi");
        assertThat(entry.lists().get("TaiLieuNop")).containsExactly(
                Map.of("TenTepDinhKem", "Đơn đề nghị", "DuongDanTaiXuong", "https://motcua.example/1"),
                Map.of("TenTepDinhKem", "Bản vẽ thiết kế"));
        assertThat(entry.lists().get("DanhSachLePhi")).containsExactly(Map.of("TenPhiLePhi", "Lệ phí cấp phép",
                "MucPhi", "75000"));
        assertThat(entry.unreadable()).isNull();
        assertThat(call.entries().get(1).fields()).containsEntry("NgayTra", "20261114100000");
    }

    @Test
    void aBatchWithGoodAndBadRecordsAnswersBothLists() throws Exception {
        BatchResult result = client(KEY).syncDossiers(sync(record("H41.15-261120-0010", "2"),
                record("H41.15-261120-0011", "đang xử lý")));

        assertThat(result.getAccepted()).isEqualTo(1);
        assertThat(result.getMessageId()).hasSize(1);
        assertThat(result.getRejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.getIndex()).isEqualTo(1);
            assertThat(rejection.getKey()).isEqualTo("H41.15-261120-0011");
            assertThat(rejection.getWhere()).isEqualTo("HoSo[1]");
            assertThat(rejection.getReason()).isEqualTo("TrangThaiHoSo must be a status code");
        });
    }

    @Test
    void aBatchWithNothingAcceptedIsRefusedNamingTheRejections() {
        int callsBefore = desk.calls.size();

        DossierFault fault = catchThrowableOfType(DossierFault.class, () -> client(KEY).syncDossiers(
                sync(record(null, "2"), record("H41.15-261120-0021", "x"))));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(fault.getFaultInfo().getMessage()).isEqualTo("no dossier record was accepted: "
                + "HoSo[0]: MaHoSo is required; HoSo[1]: TrangThaiHoSo must be a status code");
        assertThat(desk.calls).hasSize(callsBefore + 1);
    }

    @Test
    void progressUpdatesReachTheDeskAndAreAnsweredTheSameWay() throws Exception {
        ProgressUpdate step = new ProgressUpdate();
        step.setMaHoSo("H41.15-261120-0001");
        step.setNguoiXuLy("Trần Thị Bích");
        step.setThoiDiemXuLy("20261121091500");
        step.setNoiDungXuLy("Thẩm định hồ sơ");
        step.setTrangThai("2");
        ProgressUpdate bad = new ProgressUpdate();
        bad.setMaHoSo("H41.15-261120-0001");
        bad.setTrangThai("?");

        BatchResult result = client(KEY).updateProgress(progress(step, bad));

        assertThat(result.getAccepted()).isEqualTo(1);
        assertThat(result.getRejected()).extracting(Rejection::getWhere).containsExactly("TienDo[1]");
        RecordingDossierDesk.Call call = desk.last();
        assertThat(call.operation()).isEqualTo("progress");
        assertThat(call.reporter()).isEqualTo(PROVINCE);
        assertThat(call.entries().get(0).fields()).containsExactly(Map.entry("MaHoSo", "H41.15-261120-0001"),
                Map.entry("NguoiXuLy", "Trần Thị Bích"), Map.entry("ThoiDiemXuLy", "20261121091500"),
                Map.entry("NoiDungXuLy", "Thẩm định hồ sơ"), Map.entry("TrangThai", "2"));

        DossierFault none = catchThrowableOfType(DossierFault.class, () -> client(KEY).updateProgress(progress(bad)));
        assertThat(none.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(none.getFaultInfo().getMessage())
                .isEqualTo("no progress update was accepted: TienDo[0]: TrangThai must be a status code");
    }

    @Test
    void valuesOfAnyShapeAndFieldsInAnyOrderAreReadSoOneBadRecordNeverFaultsTheRequest() throws Exception {
        Raw raw = rawCall(KEY, envelope("<d:syncDossiers>"
                + "<d:HoSo><d:TrangThaiHoSo>2</d:TrangThaiHoSo><d:NgayTiepNhan>hôm qua</d:NgayTiepNhan>"
                + "<d:MaHoSo>H41.15-261120-0031</d:MaHoSo><d:Email/></d:HoSo>"
                + "<d:HoSo><d:MaHoSo>H41.15-261120-0032</d:MaHoSo><d:TrangThaiHoSo>bốn</d:TrangThaiHoSo>"
                + "<d:TaiLieuNop><d:Muc><d:Truong><d:GiaTri>không tên</d:GiaTri></d:Truong></d:Muc></d:TaiLieuNop>"
                + "</d:HoSo></d:syncDossiers>"));

        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.contentType()).startsWith("text/xml");
        assertThat(raw.body()).contains("<accepted>1</accepted>", "<where>HoSo[1]</where>",
                "<reason>TaiLieuNop/Muc[0]: Truong[0] has a GiaTri but no Ten</reason>");
        List<DossierEntry> entries = desk.last().entries();
        assertThat(entries.get(0).fields()).containsExactly(Map.entry("MaHoSo", "H41.15-261120-0031"),
                Map.entry("NgayTiepNhan", "hôm qua"), Map.entry("TrangThaiHoSo", "2"));
        assertThat(entries.get(1).key()).isEqualTo("H41.15-261120-0032");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aMissingOrWrongKeyIsRefusedAsUnauthenticatedWithoutReachingTheDesk() throws Exception {
        int callsBefore = desk.calls.size();

        for (DossierPortType caller : List.of(clientWithAuthorization(null), clientWithAuthorization("Bearer not-a-key"),
                clientWithAuthorization(KEY))) {
            DossierFault fault = catchThrowableOfType(DossierFault.class,
                    () -> caller.syncDossiers(sync(record("H41.15-261120-0041", "2"))));
            assertThat(fault.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(fault.getFaultInfo().getMessage()).isEqualTo(SoapAuthentication.REFUSAL);
        }
        Raw raw = rawCall(null, envelope("<d:updateProgress><d:TienDo><d:MaHoSo>x</d:MaHoSo></d:TienDo></d:updateProgress>"));
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(desk.calls).hasSize(callsBefore);
    }

    @Test
    void tooManyRecordsOrNoneAreRefusedBeforeTheDesk() {
        int callsBefore = desk.calls.size();
        List<SyncRecord> many = new ArrayList<>();
        for (int i = 0; i <= MAX_RECORDS; i++) {
            many.add(record("H41.15-261120-005" + i, "2"));
        }

        DossierFault tooMany = catchThrowableOfType(DossierFault.class,
                () -> client(KEY).syncDossiers(sync(many.toArray(SyncRecord[]::new))));
        DossierFault none = catchThrowableOfType(DossierFault.class, () -> client(KEY).updateProgress(progress()));

        assertThat(tooMany.getFaultInfo().getCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(tooMany.getFaultInfo().getMessage()).isEqualTo(
                "6 HoSo elements in one call; at most 5 are accepted, send the others in further calls");
        assertThat(none.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(none.getFaultInfo().getMessage()).isEqualTo("no TienDo element: send at least one");
        assertThat(desk.calls).hasSize(callsBefore);
    }

    @Test
    void aRefusalOfTheDeskKeepsItsCodeAndAFailureGivesNothingAway() throws Exception {
        DossierFault limited = catchThrowableOfType(DossierFault.class,
                () -> client(KEY).syncDossiers(sync(record("!LIMIT!", "2"))));
        assertThat(limited.getFaultInfo().getCode()).isEqualTo("RATE_LIMITED");
        assertThat(limited.getFaultInfo().getMessage()).isEqualTo("quá nhiều lần gửi trong một phút");

        Raw raw = rawCall(KEY, envelope("<d:syncDossiers><d:HoSo><d:MaHoSo>!BOOM!</d:MaHoSo></d:HoSo></d:syncDossiers>"));
        assertThat(raw.faultCode()).isEqualTo("soap:Server");
        assertThat(raw.code()).isEqualTo("INTERNAL");
        assertThat(raw.body()).doesNotContain("/var/lib", "disk full", "Exception", "at org.");
    }

    @Test
    void aBodyThatIsNotTheContractOrNotXmlIsTheCallersFaultAndNeverReachesTheDesk() throws Exception {
        int callsBefore = desk.calls.size();

        Raw unknown = rawCall(KEY, envelope("<d:syncDossiers><d:HoSo><d:MaHoSoo>x</d:MaHoSoo></d:HoSo></d:syncDossiers>"));
        Raw broken = rawCall(KEY, envelope("<d:syncDossiers><d:HoSo></d:syncDossiers>"));

        assertThat(unknown.faultCode()).isEqualTo("soap:Client");
        assertThat(unknown.code()).isEqualTo("INVALID_REQUEST");
        assertThat(broken.faultCode()).isEqualTo("soap:Client");
        assertThat(broken.code()).isNotNull();
        assertThat(desk.calls).hasSize(callsBefore);
    }

    @Test
    void aSoapMessagePastTheParserLimitsIsRefusedBeforeTheDesk() throws Exception {
        int callsBefore = desk.calls.size();
        String deep = "<x:hop xmlns:x=\"urn:example:trace\">".repeat(MAX_DEPTH + 5) + "</x:hop>".repeat(MAX_DEPTH + 5);

        Raw raw = rawCall(KEY, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:d=\"urn:lienthong:dossier:v1\"><soap:Header>" + deep + "</soap:Header><soap:Body>"
                + "<d:syncDossiers><d:HoSo><d:MaHoSo>x</d:MaHoSo></d:HoSo></d:syncDossiers></soap:Body></soap:Envelope>");

        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_XML");
        assertThat(desk.calls).hasSize(callsBefore);
    }

    // ------------------------------------------------------------------ helpers

    static SyncRecord record(String maHoSo, String trangThai) {
        SyncRecord record = new SyncRecord();
        record.setMaHoSo(maHoSo);
        record.setMaTTHC("1.009994");
        record.setTrangThaiHoSo(trangThai);
        return record;
    }

    static SyncDossiers sync(SyncRecord... records) {
        SyncDossiers request = new SyncDossiers();
        request.getHoSo().addAll(List.of(records));
        return request;
    }

    static UpdateProgress progress(ProgressUpdate... updates) {
        UpdateProgress request = new UpdateProgress();
        request.getTienDo().addAll(List.of(updates));
        return request;
    }

    static ItemList list(Item... items) {
        ItemList list = new ItemList();
        list.getMuc().addAll(List.of(items));
        return list;
    }

    /** An item of name/value pairs: name, value, name, value, ... */
    static Item item(String... pairs) {
        Item item = new Item();
        for (int i = 0; i < pairs.length; i += 2) {
            NameValue pair = new NameValue();
            pair.setTen(pairs[i]);
            pair.setGiaTri(pairs[i + 1]);
            item.getTruong().add(pair);
        }
        return item;
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/services" + DossierSoapConfiguration.ADDRESS;
    }

    private DossierPortType client(String key) {
        return clientWithAuthorization("Bearer " + key);
    }

    private DossierPortType clientWithAuthorization(String authorization) {
        DossierPortType port = new DossierService(DossierContract.wsdl()).getDossierPort();
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url());
        if (authorization != null) {
            context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of(authorization)));
        }
        return port;
    }

    /** A raw SOAP answer: HTTP status, content type, fault code, problem code and the whole body. */
    record Raw(int status, String contentType, String faultCode, String code, String body) {
    }

    private Raw rawCall(String key, String envelope) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String body = response.body();
        int detail = body.indexOf("dossierFault");
        return new Raw(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                between(body, "<faultcode>", "</faultcode>"),
                detail < 0 ? null : between(body.substring(detail), "code>", "</"), body);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        if (from < 0) {
            return null;
        }
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:d=\"urn:lienthong:dossier:v1\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lienthong-dossier-soap-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeRegistry() {
        String yaml = """
                agencies:
                  - code: T11
                    name: Hệ thống một cửa điện tử tỉnh thử nghiệm
                    api-key-sha256: %s
                """.formatted(hash(KEY));
        try {
            return Files.writeString(DATA_DIR.resolve("agencies.yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
