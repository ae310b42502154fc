package org.lienthong.connector.dossier;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One dossier (hồ sơ TTHC) as the national portal's dossier sync ({@code DongBoHoSoMC}) describes it. Field names
 * follow the portal's; see reference/edxml.md. Dates carry their offset (the portal's own format is
 * {@code yyyyMMddHHmmss} in Asia/Ho_Chi_Minh time).
 *
 * @param maHoSo          dossier code (required, the key)
 * @param maTTHC          procedure code (required)
 * @param tenTTHC         procedure name
 * @param maLinhVuc       field code
 * @param tenLinhVuc      field name
 * @param soBienNhan      receipt number
 * @param chuHoSo         owner's name (personal data)
 * @param loaiDoiTuong    owner type
 * @param maDoiTuong      owner id (personal data)
 * @param email           owner's e-mail (personal data)
 * @param soDienThoai     owner's phone (personal data)
 * @param trichYeuHoSo    summary
 * @param ngayTiepNhan    received (required)
 * @param ngayHenTra      promised return date
 * @param trangThaiHoSo   status in the reporting system's codes (required; mapped through the status table)
 * @param ngayTra         returned to the owner
 * @param thongTinTra     how it was returned
 * @param hinhThuc        form (online, direct, ...)
 * @param ngayKetThucXuLy processing finished
 * @param donViXuLy       processing unit
 * @param ghiChu          note
 * @param taiLieuNop      submitted documents
 * @param danhSachLePhi   fees
 * @param danhSachHoSoBoSung supplements
 * @param danhSachGiayToKetQua result documents
 */
public record DossierRecord(String maHoSo, String maTTHC, String tenTTHC, String maLinhVuc, String tenLinhVuc,
                            String soBienNhan, String chuHoSo, String loaiDoiTuong, String maDoiTuong, String email,
                            String soDienThoai, String trichYeuHoSo, OffsetDateTime ngayTiepNhan,
                            OffsetDateTime ngayHenTra, String trangThaiHoSo, OffsetDateTime ngayTra, String thongTinTra,
                            String hinhThuc, OffsetDateTime ngayKetThucXuLy, String donViXuLy, String ghiChu,
                            List<Item> taiLieuNop, List<Item> danhSachLePhi, List<Item> danhSachHoSoBoSung,
                            List<Item> danhSachGiayToKetQua) {

    public DossierRecord {
        taiLieuNop = taiLieuNop == null ? List.of() : List.copyOf(taiLieuNop);
        danhSachLePhi = danhSachLePhi == null ? List.of() : List.copyOf(danhSachLePhi);
        danhSachHoSoBoSung = danhSachHoSoBoSung == null ? List.of() : List.copyOf(danhSachHoSoBoSung);
        danhSachGiayToKetQua = danhSachGiayToKetQua == null ? List.of() : List.copyOf(danhSachGiayToKetQua);
    }

    /** An entry of one of the dossier's lists, kept as the portal's name/value pairs. */
    public record Item(java.util.Map<String, String> fields) {
        public Item {
            fields = java.util.Map.copyOf(fields);
        }
    }
}
