package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.xml.ws.BindingProvider;
import org.apache.cxf.message.Message;
import org.junit.jupiter.api.Test;
import org.lienthong.connector.soap.DossierContract;
import org.lienthong.connector.soap.dossier.contract.BatchResult;
import org.lienthong.connector.soap.dossier.contract.DossierFault;
import org.lienthong.connector.soap.dossier.contract.DossierPortType;
import org.lienthong.connector.soap.dossier.contract.DossierService;
import org.lienthong.connector.soap.dossier.contract.Item;
import org.lienthong.connector.soap.dossier.contract.ItemList;
import org.lienthong.connector.soap.dossier.contract.NameValue;
import org.lienthong.connector.soap.dossier.contract.ProgressUpdate;
import org.lienthong.connector.soap.dossier.contract.SyncDossiers;
import org.lienthong.connector.soap.dossier.contract.SyncRecord;
import org.lienthong.connector.soap.dossier.contract.UpdateProgress;

/**
 * A dossier over SOAP, end to end: a provincial system calls {@code /services/dossier} with the generated client;
 * the good record reaches the portal's and the PAKN system's REST receivers in the portal's JSON, the bad one is
 * listed in the answer; progress updates follow; refusals are faults with the problem code.
 */
class DossierSoapFlowIT extends BusITSupport {

    private DossierPortType client(String key) {
        DossierPortType client = new DossierService(DossierContract.wsdl()).getDossierPort();
        Map<String, Object> context = ((BindingProvider) client).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, "http://127.0.0.1:" + port + "/services/dossier");
        if (key != null) {
            context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of("Bearer " + key)));
        }
        return client;
    }

    private static SyncRecord record(String maHoSo, String status, String received) {
        SyncRecord r = new SyncRecord();
        r.setMaHoSo(maHoSo);
        r.setMaTTHC("1.009994");
        r.setTenTTHC("Cấp giấy phép xây dựng nhà ở riêng lẻ");
        r.setChuHoSo("Đặng Thị Thu Hương");
        r.setTrangThaiHoSo(status);
        r.setNgayTiepNhan(received);
        return r;
    }

    @Test
    void aDossierOverSoapReachesThePortalAndThePaknSystem() throws Exception {
        String good = uniqueId("H41.15-SOAP");
        SyncRecord record = record(good, "DANG_XU_LY", "20261120080000");
        record.setNgayHenTra("20261204170000");
        ItemList documents = new ItemList();
        Item item = new Item();
        NameValue name = new NameValue();
        name.setTen("TenTaiLieu");
        name.setGiaTri("Đơn đề nghị cấp giấy phép xây dựng");
        NameValue copies = new NameValue();
        copies.setTen("SoBan");
        copies.setGiaTri("1");
        item.getTruong().addAll(List.of(name, copies));
        documents.getMuc().add(item);
        record.setTaiLieuNop(documents);
        SyncDossiers request = new SyncDossiers();
        request.getHoSo().addAll(List.of(record, record(uniqueId("H41.15-SOAP-BAD"), "2", "20/13/2026")));

        BatchResult result = client(PROVINCE_KEY).syncDossiers(request);
        assertThat(result.getAccepted()).isEqualTo(1);
        assertThat(result.getMessageId()).hasSize(1);
        assertThat(result.getRejected()).hasSize(1);
        assertThat(result.getRejected().get(0).getWhere()).isEqualTo("HoSo[1]");
        assertThat(result.getRejected().get(0).getReason()).contains("NgayTiepNhan '20/13/2026' is not a date");

        for (String path : new String[] {"/portal", "/pakn"}) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !receivedDossiers(path, good).isEmpty());
            JsonNode message = receivedDossiers(path, good).get(0);
            assertThat(message.get("service").asText()).isEqualTo("DongBoHoSoMC");
            assertThat(message.get("reporter").asText()).isEqualTo(PROVINCE);
            JsonNode data = message.get("data").get(0);
            assertThat(data.get("ChuHoSo").asText()).isEqualTo("Đặng Thị Thu Hương");
            assertThat(data.get("TrangThaiHoSo").asText()).isEqualTo("2");
            assertThat(data.get("TrangThaiGoc").asText()).isEqualTo("DANG_XU_LY");
            assertThat(data.get("NgayHenTra").asText()).isEqualTo("20261204170000");
            assertThat(data.get("TaiLieuNop").get(0).get("TenTaiLieu").asText()).isEqualTo("Đơn đề nghị cấp giấy phép xây dựng");
        }

        ProgressUpdate step = new ProgressUpdate();
        step.setMaHoSo(good);
        step.setNguoiXuLy("Lê Thị Mai");
        step.setThoiDiemXuLy("2026-11-25T16:00:00+07:00");
        step.setTrangThai("4");
        step.setNoiDungXuLy("Trả kết quả cho công dân");
        UpdateProgress progress = new UpdateProgress();
        progress.getTienDo().add(step);
        BatchResult updated = client(PROVINCE_KEY).updateProgress(progress);
        assertThat(updated.getAccepted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedDossiers("/portal", good).stream()
                .anyMatch(m -> "CapNhatTienDoHoSoMC".equals(m.get("service").asText())));
        JsonNode update = receivedDossiers("/portal", good).stream()
                .filter(m -> "CapNhatTienDoHoSoMC".equals(m.get("service").asText())).findFirst().orElseThrow();
        assertThat(update.get("data").get(0).get("ThoiDiemXuLy").asText()).isEqualTo("20261125160000");
        assertThat(update.get("data").get(0).get("NoiDungXuLy").asText()).isEqualTo("Trả kết quả cho công dân");
    }

    @Test
    void refusalsAreFaultsWithTheProblemCode() {
        SyncDossiers onlyBad = new SyncDossiers();
        onlyBad.getHoSo().add(record(uniqueId("H41.15-SOAP-X"), "HUY", "20261120080000"));
        DossierFault none = catchThrowableOfType(DossierFault.class, () -> client(PROVINCE_KEY).syncDossiers(onlyBad));
        assertThat(none.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(none.getFaultInfo().getMessage()).contains("HoSo[0]").contains("TrangThaiHoSo 'HUY'");

        SyncDossiers good = new SyncDossiers();
        good.getHoSo().add(record(uniqueId("H41.15-SOAP-Y"), "1", "20261120080000"));
        DossierFault anonymous = catchThrowableOfType(DossierFault.class, () -> client(null).syncDossiers(good));
        assertThat(anonymous.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");
        DossierFault wrongKey = catchThrowableOfType(DossierFault.class, () -> client("not-a-key").syncDossiers(good));
        assertThat(wrongKey.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");
    }
}
