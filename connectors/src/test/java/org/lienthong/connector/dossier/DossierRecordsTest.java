package org.lienthong.connector.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DossierRecordsTest {

    private final DossierRecords records = new DossierRecords(new StatusTable(StatusTable.defaultPortalCodes(),
            Map.of("da_tra_ket_qua", "4")));

    @ParameterizedTest
    @CsvSource({
            "20261120080000, 2026-11-20T01:00:00Z",
            "2026-11-20T08:00:00+07:00, 2026-11-20T01:00:00Z",
            "2026-11-20T01:00:00Z, 2026-11-20T01:00:00Z",
            "2026-11-20T08:00:00, 2026-11-20T01:00:00Z",
            "20/11/2026 08:00:00, 2026-11-20T01:00:00Z",
            "20/11/2026 08:00, 2026-11-20T01:00:00Z",
            "20/11/2026, 2026-11-19T17:00:00Z",
            "2026-11-20, 2026-11-19T17:00:00Z",
    })
    void readsTheDateFormsInThePortalsZone(String text, String instant) {
        assertThat(DossierDates.parse(text)).get().extracting(d -> d.toInstant()).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261320080000", "20261131080000", "31/02/2026", "2026-11-20 08:00", "tomorrow", ""})
    void refusesWhatIsNotADate(String text) {
        assertThat(DossierDates.parse(text)).isEmpty();
    }

    @Test
    void writesPortalDatesInHoChiMinhTime() {
        assertThat(DossierDates.portal(Instant.parse("2026-11-30T20:30:05Z").atOffset(java.time.ZoneOffset.UTC)))
                .isEqualTo("20261201033005");
    }

    @Test
    void mapsAliasesWithoutRegardToCaseAndRefusesAnAliasToAnUnknownCode() {
        StatusTable table = new StatusTable(StatusTable.defaultPortalCodes(), Map.of("Da_Tra_Ket_Qua", "4"));
        assertThat(table.map(" DA_TRA_KET_QUA ")).get().extracting(StatusTable.PortalStatus::code).isEqualTo("4");
        assertThat(table.map("4")).get().extracting(StatusTable.PortalStatus::resolved).isEqualTo(true);
        assertThat(table.map("2")).get().extracting(StatusTable.PortalStatus::resolved).isEqualTo(false);
        assertThat(table.map("9")).isEmpty();
        assertThatThrownBy(() -> new StatusTable(StatusTable.defaultPortalCodes(), Map.of("XONG", "40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XONG").hasMessageContaining("40");
    }

    @Test
    void aResolvedRecordIsResolvedWhenReturnedElseWhenProcessingEnded() {
        DossierRecords.Outcome returned = records.record(DossierEntry.of("[0]", Map.of("MaHoSo", "A-1", "MaTTHC", "1.1",
                "NgayTiepNhan", "20261101080000", "TrangThaiHoSo", "da_tra_ket_qua", "NgayTra", "20261110080000",
                "NgayKetThucXuLy", "20261109080000"), Map.of()));
        assertThat(returned.ok()).isTrue();
        assertThat(returned.record().resolvedAt().toInstant()).isEqualTo(Instant.parse("2026-11-10T01:00:00Z"));
        assertThat(returned.record().status().code()).isEqualTo("4");
        DossierRecords.Outcome open = records.record(DossierEntry.of("[0]", Map.of("MaHoSo", "A-2", "MaTTHC", "1.1",
                "NgayTiepNhan", "20261101080000", "TrangThaiHoSo", "2"), Map.of()));
        assertThat(open.record().resolvedAt()).isNull();
    }

    @Test
    void refusesOverlongTextAndTheSameFieldTwiceInDifferentCase() {
        DossierRecords.Outcome longText = records.record(DossierEntry.of("[0]", Map.of("MaHoSo", "A-1", "MaTTHC", "1.1",
                "NgayTiepNhan", "20261101080000", "TrangThaiHoSo", "2", "GhiChu", "x".repeat(4001)), Map.of()));
        assertThat(longText.reason()).isEqualTo("GhiChu is longer than 4000 characters");
        java.util.Map<String, String> twice = new java.util.LinkedHashMap<>(Map.of("MaHoSo", "A-1", "MaTTHC", "1.1",
                "NgayTiepNhan", "20261101080000", "TrangThaiHoSo", "2"));
        twice.put("mahoso", "A-2");
        assertThat(records.record(DossierEntry.of("[0]", twice, Map.of())).reason()).isEqualTo("field MaHoSo is given twice");
    }
}
