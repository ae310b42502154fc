package org.lienthong.connector.dossier;

import java.time.OffsetDateTime;

/**
 * A progress update of a dossier ({@code CapNhatTienDoHoSoMC}).
 *
 * @param maHoSo                 dossier code (required)
 * @param nguoiXuLy              who handled the step
 * @param chucDanh               their title
 * @param thoiDiemXuLy           when (required)
 * @param phongBanXuLy           department
 * @param noiDungXuLy            what was done
 * @param trangThai              status after the step, in the reporting system's codes (required)
 * @param ngayBatDau             step started
 * @param ngayKetThucTheoQuyDinh step due by
 */
public record DossierProgress(String maHoSo, String nguoiXuLy, String chucDanh, OffsetDateTime thoiDiemXuLy,
                              String phongBanXuLy, String noiDungXuLy, String trangThai, OffsetDateTime ngayBatDau,
                              OffsetDateTime ngayKetThucTheoQuyDinh) {
}
