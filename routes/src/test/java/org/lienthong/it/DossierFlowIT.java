package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Dossier (TTHC) results: a province reports records and progress by REST and by CSV/XML files in its outbox; each
 * record is validated alone; good ones reach the portal and the PAKN system in the portal's JSON; statistics.
 */
class DossierFlowIT extends BusITSupport {

    private static final Path OUTBOX = DATA_DIR.resolve("exchange/" + PROVINCE + "/outbox");

    /** A procedure code of this test alone, so the statistics of other tests do not mix in. */
    private static String procedure() {
        return "9." + (100000 + ThreadLocalRandom.current().nextInt(900000));
    }

    private static void drop(String name, byte[] content) throws IOException {
        Files.createDirectories(OUTBOX);
        Path temp = OUTBOX.resolve("." + name + ".part");
        Files.write(temp, content);
        Files.move(temp, OUTBOX.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode awaitReceived(String path, String maHoSo) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !receivedDossiers(path, maHoSo).isEmpty());
        return receivedDossiers(path, maHoSo).get(0);
    }

    @Test
    void csvBatchWithGoodAndBadRows() throws IOException {
        String p = procedure();
        String good1 = uniqueId("H41.15-A");
        String good2 = uniqueId("H41.15-B");
        String badDate = uniqueId("H41.15-C");
        String badStatus = uniqueId("H41.15-D");
        // semicolon separated, with a byte-order mark, CRLF, a quoted value holding the separator
        String csv = "\uFEFFMaHoSo;MaTTHC;TenTTHC;ChuHoSo;TrangThaiHoSo;NgayTiepNhan;NgayHenTra;NgayTra\r\n"
                + good1 + ";" + p + ";Cấp giấy phép xây dựng;\"Nguyễn Thị A; đại diện\";DA_TRA_KET_QUA;"
                + "01/11/2026 08:00;2026-11-15T17:00:00+07:00;14/11/2026 10:00\r\n"
                + badDate + ";" + p + ";Cấp giấy phép xây dựng;Trần Văn B;2;ngày 2 tháng 11;;\r\n"
                + good2 + ";" + p + ";Cấp giấy phép xây dựng;Lê Văn C;DANG_XU_LY;20261102083000;20261116170000;\r\n"
                + badStatus + ";" + p + ";Cấp giấy phép xây dựng;Phạm Thị D;HUY;20261102083000;;\r\n";
        String name = "ho-so-" + p + ".csv";
        drop(name, csv.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(OUTBOX.resolve(".done").resolve(name)));
        Path report = OUTBOX.resolve(".error").resolve(name + ".reason.txt");
        assertThat(report).exists();
        String reasons = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(reasons).contains("2 row(s) accepted", "2 rejected")
                .contains("line 3 (MaHoSo " + badDate + "): NgayTiepNhan 'ngày 2 tháng 11' is not a date")
                .contains("line 5 (MaHoSo " + badStatus + "): TrangThaiHoSo 'HUY' is not in the status table");
        assertThat(OUTBOX.resolve(".error").resolve(name)).doesNotExist();

        for (String path : new String[] {"/portal", "/pakn"}) {
            JsonNode first = awaitReceived(path, good1);
            assertThat(first.get("service").asText()).isEqualTo("DongBoHoSoMC");
            assertThat(first.get("reporter").asText()).isEqualTo(PROVINCE);
            JsonNode record = first.get("data").get(0);
            assertThat(record.get("ChuHoSo").asText()).isEqualTo("Nguyễn Thị A; đại diện");
            assertThat(record.get("NgayTiepNhan").asText()).isEqualTo("20261101080000");
            assertThat(record.get("NgayTra").asText()).isEqualTo("20261114100000");
            assertThat(record.get("TrangThaiHoSo").asText()).isEqualTo("4");
            assertThat(record.get("TrangThaiGoc").asText()).isEqualTo("DA_TRA_KET_QUA");
            assertThat(awaitReceived(path, good2).get("data").get(0).get("TrangThaiHoSo").asText()).isEqualTo("2");
        }
        // the good rows were delivered after the bad ones were refused: had the bad ones been sent, they would be here
        assertThat(receivedDossiers("/portal", badDate)).isEmpty();
        assertThat(receivedDossiers("/pakn", badStatus)).isEmpty();
    }

    @Test
    void aFileWithNoGoodRowGoesToErrorWithItsReport() throws IOException {
        String p = procedure();
        String only = uniqueId("H41.15-E");
        String name = "loi-" + p + ".csv";
        drop(name, ("MaHoSo,MaTTHC,TrangThaiHoSo,NgayTiepNhan\n" + only + "," + p + ",4,20261101080000\n")
                .getBytes(StandardCharsets.UTF_8));
        Path report = OUTBOX.resolve(".error").resolve(name + ".reason.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(OUTBOX.resolve(".error").resolve(name))
                && Files.exists(report));
        assertThat(Files.readString(report, StandardCharsets.UTF_8)).contains("INVALID_REQUEST: no row was accepted")
                .contains("line 2 (MaHoSo " + only + "): TrangThaiHoSo 4 (Đã trả kết quả) closes the dossier");

        String unknownColumn = "cot-" + p + ".csv";
        drop(unknownColumn, "MaHoSo,MaTTHC,SoNha\nA,B,C\n".getBytes(StandardCharsets.UTF_8));
        Path columnReport = OUTBOX.resolve(".error").resolve(unknownColumn + ".reason.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(columnReport));
        assertThat(Files.readString(columnReport, StandardCharsets.UTF_8)).contains("column 'SoNha' is not a dossier field");
    }

    @Test
    void xmlBatchInTheOutboxIsADossierBatchNotAnEdocPackage() throws IOException {
        String p = procedure();
        String code = uniqueId("H41.15-X");
        String name = "ho-so-" + p + ".xml";
        drop(name, """
                <?xml version="1.0" encoding="UTF-8"?>
                <DanhSachHoSo>
                  <HoSo>
                    <MaHoSo>%s</MaHoSo><MaTTHC>%s</MaTTHC><TenTTHC>Đăng ký khai sinh</TenTTHC>
                    <NgayTiepNhan>20261120080000</NgayTiepNhan><TrangThaiHoSo>1</TrangThaiHoSo>
                    <TaiLieuNop><TaiLieu><TenTaiLieu>Giấy chứng sinh</TenTaiLieu></TaiLieu></TaiLieuNop>
                  </HoSo>
                </DanhSachHoSo>
                """.formatted(code, p).getBytes(StandardCharsets.UTF_8));
        JsonNode received = awaitReceived("/pakn", code);
        assertThat(received.get("data").get(0).get("TaiLieuNop").get(0).get("TenTaiLieu").asText()).isEqualTo("Giấy chứng sinh");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(OUTBOX.resolve(".done").resolve(name)));
        assertThat(OUTBOX.resolve(".error").resolve(name + ".reason.txt")).doesNotExist();
    }

    @Test
    void restBatchAnswersAcceptedAndRejectedAndIsIdempotent() {
        String p = procedure();
        String good = uniqueId("H41.15-R");
        String body = """
                [{"MaHoSo":"%s","MaTTHC":"%s","TenTTHC":"Cấp giấy phép xây dựng nhà ở riêng lẻ","ChuHoSo":"Lê Văn C",
                  "NgayTiepNhan":"2026-11-20T08:00:00+07:00","NgayHenTra":"2026-12-04T17:00:00+07:00","TrangThaiHoSo":"2",
                  "DanhSachLePhi":[{"TenLePhi":"Lệ phí cấp phép","MucLePhi":75000}]},
                 {"MaHoSo":"bad","MaTTHC":"%s","TrangThaiHoSo":"2"}]
                """.formatted(good, p, p);
        HttpResponse<String> accepted = post("/dossiers", PROVINCE_KEY, "application/json", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode answer = jsonOf(accepted);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected")).hasSize(1);
        assertThat(answer.get("rejected").get(0).get("where").asText()).isEqualTo("[1]");
        assertThat(answer.get("rejected").get(0).get("reason").asText()).isEqualTo("NgayTiepNhan is required");
        String messageId = answer.get("messageIds").get(0).asText();

        JsonNode received = awaitReceived("/portal", good);
        assertThat(received.get("data").get(0).get("NgayHenTra").asText()).isEqualTo("20261204170000");
        assertThat(received.get("data").get(0).get("DanhSachLePhi").get(0).get("MucLePhi").asText()).isEqualTo("75000");

        HttpResponse<String> again = post("/dossiers", PROVINCE_KEY, "application/json", body);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(jsonOf(again).get("messageIds").get(0).asText()).isEqualTo(messageId);
        await().atMost(Duration.ofSeconds(20)).until(() -> asOperator("GET", api("/messages/" + messageId)).body()
                .split("\"DELIVERED\"", -1).length - 1 >= 2);
        assertThat(receivedDossiers("/portal", good)).hasSize(1);

        HttpResponse<String> noneGood = post("/dossiers", PROVINCE_KEY, "application/json",
                "[{\"MaHoSo\":\"x\"}, 5]");
        assertThat(noneGood.statusCode()).isEqualTo(400);
        assertThat(noneGood.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = jsonOf(noneGood);
        assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(problem.get("rejected")).hasSize(2);
        assertThat(problem.get("rejected").get(1).get("reason").asText()).isEqualTo("is not a JSON object");

        assertThat(post("/dossiers", PROVINCE_KEY, "text/csv", "MaHoSo\nx\n").statusCode()).isEqualTo(415);
        assertThat(post("/dossiers", PROVINCE_KEY, "application/json", "[]").statusCode()).isEqualTo(400);
        assertThat(post("/dossiers", PROVINCE_KEY, "application/json", "{\"a\":").statusCode()).isEqualTo(400);
        assertThat(post("/dossiers", null, "application/json", body).statusCode()).isEqualTo(401);
    }

    @Test
    void progressAndStatisticsPerAgencyAndProcedure() throws IOException {
        String p = procedure();
        String onTime = uniqueId("H41.15-S1");
        String late = uniqueId("H41.15-S2");
        String overdue = uniqueId("H41.15-S3");
        String pending = uniqueId("H41.15-S4");
        String records = """
                [{"MaHoSo":"%s","MaTTHC":"%s","TenTTHC":"Đăng ký kinh doanh","TrangThaiHoSo":"4",
                  "NgayTiepNhan":"20260302080000","NgayHenTra":"20260310170000","NgayTra":"20260309100000"},
                 {"MaHoSo":"%s","MaTTHC":"%s","TenTTHC":"Đăng ký kinh doanh","TrangThaiHoSo":"2",
                  "NgayTiepNhan":"20260303080000","NgayHenTra":"20260310170000"},
                 {"MaHoSo":"%s","MaTTHC":"%s","TenTTHC":"Đăng ký kinh doanh","TrangThaiHoSo":"3",
                  "NgayTiepNhan":"20260304080000","NgayHenTra":"20260312170000"},
                 {"MaHoSo":"%s","MaTTHC":"%s","TenTTHC":"Đăng ký kinh doanh","TrangThaiHoSo":"1",
                  "NgayTiepNhan":"20260325080000","NgayHenTra":"20260415170000"}]
                """.formatted(onTime, p, late, p, overdue, p, pending, p);
        HttpResponse<String> accepted = post("/dossiers", PROVINCE_KEY, "application/json", records);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(jsonOf(accepted).get("accepted").asInt()).isEqualTo(4);

        // the second dossier is resolved, late, by a progress update
        HttpResponse<String> progress = post("/dossiers/progress", PROVINCE_KEY, "application/json", """
                [{"MaHoSo":"%s","NguoiXuLy":"Nguyễn Văn Hùng","ThoiDiemXuLy":"20260316150000","TrangThai":"DA_TRA_KET_QUA",
                  "NoiDungXuLy":"Trả kết quả"}]""".formatted(late));
        assertThat(progress.statusCode()).as(progress.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedDossiers("/pakn", late).stream()
                .anyMatch(m -> m.get("service").asText().equals("CapNhatTienDoHoSoMC")));
        JsonNode update = receivedDossiers("/pakn", late).stream()
                .filter(m -> m.get("service").asText().equals("CapNhatTienDoHoSoMC")).findFirst().orElseThrow();
        assertThat(update.get("data").get(0).get("ThoiDiemXuLy").asText()).isEqualTo("20260316150000");
        assertThat(update.get("data").get(0).get("TrangThai").asText()).isEqualTo("4");

        HttpResponse<String> stats = get("/dossiers/stats?month=2026-03&agency=" + PROVINCE, PORTAL_KEY);
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        JsonNode row = null;
        for (JsonNode r : jsonOf(stats).get("rows")) {
            if (p.equals(r.get("procedure").asText())) {
                row = r;
            }
        }
        assertThat(row).as(stats.body()).isNotNull();
        assertThat(row.get("agency").asText()).isEqualTo(PROVINCE);
        assertThat(row.get("procedureName").asText()).isEqualTo("Đăng ký kinh doanh");
        assertThat(row.get("received").asLong()).isEqualTo(4);
        assertThat(row.get("resolvedOnTime").asLong()).isEqualTo(1);
        assertThat(row.get("resolvedLate").asLong()).isEqualTo(1);
        assertThat(row.get("pending").asLong()).isEqualTo(2); // at the end of March
        assertThat(row.get("overdue").asLong()).isEqualTo(1); // due 12 March, still open on 31 March

        HttpResponse<String> csv = get("/dossiers/stats?month=2026-03&agency=" + PROVINCE + "&format=csv", PORTAL_KEY);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFmonth,agency,procedure,procedureName,received,resolvedOnTime,resolvedLate,pending,overdue")
                .contains("2026-03," + PROVINCE + "," + p + ",Đăng ký kinh doanh,4,1,1,2,1");

        assertThat(get("/dossiers/stats?month=2026-03", SENDER_KEY).statusCode()).isEqualTo(403);
        assertThat(asOperator("GET", api("/dossiers/stats?month=2026-03")).body()).contains(p);
        assertThat(get("/dossiers/stats?month=March", PORTAL_KEY).statusCode()).isEqualTo(400);
    }
}
