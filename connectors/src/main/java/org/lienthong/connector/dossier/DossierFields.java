package org.lienthong.connector.dossier;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The national portal's field names for dossier sync ({@code DongBoHoSoMC}) and progress updates
 * ({@code CapNhatTienDoHoSoMC}), kept in this one place (reference/edxml.md). Edges match names without regard to
 * case and hand on the canonical spelling.
 */
public final class DossierFields {

    public static final String MA_HO_SO = "MaHoSo";
    public static final String MA_TTHC = "MaTTHC";
    public static final String TEN_TTHC = "TenTTHC";
    public static final String TRANG_THAI_HO_SO = "TrangThaiHoSo";
    public static final String NGAY_TIEP_NHAN = "NgayTiepNhan";
    public static final String NGAY_HEN_TRA = "NgayHenTra";
    public static final String NGAY_TRA = "NgayTra";
    public static final String NGAY_KET_THUC_XU_LY = "NgayKetThucXuLy";
    public static final String THOI_DIEM_XU_LY = "ThoiDiemXuLy";
    public static final String TRANG_THAI = "TrangThai";

    /** Scalar fields of a dossier record, in the portal's order. */
    public static final List<String> RECORD = List.of(MA_HO_SO, MA_TTHC, TEN_TTHC, "MaLinhVuc", "TenLinhVuc",
            "SoBienNhan", "ChuHoSo", "LoaiDoiTuong", "MaDoiTuong", "Email", "SoDienThoai", "TrichYeuHoSo",
            NGAY_TIEP_NHAN, NGAY_HEN_TRA, TRANG_THAI_HO_SO, NGAY_TRA, "ThongTinTra", "HinhThuc", NGAY_KET_THUC_XU_LY,
            "DonViXuLy", "GhiChu");

    /** List fields of a dossier record; each entry is a set of name/value pairs. */
    public static final List<String> RECORD_LISTS = List.of("TaiLieuNop", "DanhSachLePhi", "DanhSachHoSoBoSung",
            "DanhSachGiayToKetQua");

    /** Fields of a progress update. */
    public static final List<String> PROGRESS = List.of(MA_HO_SO, "NguoiXuLy", "ChucDanh", THOI_DIEM_XU_LY,
            "PhongBanXuLy", "NoiDungXuLy", TRANG_THAI, "NgayBatDau", "NgayKetThucTheoQuyDinh");

    /** Date fields (record and progress). */
    public static final List<String> DATES = List.of(NGAY_TIEP_NHAN, NGAY_HEN_TRA, NGAY_TRA, NGAY_KET_THUC_XU_LY,
            THOI_DIEM_XU_LY, "NgayBatDau", "NgayKetThucTheoQuyDinh");

    private static final Map<String, String> CANONICAL = Stream.of(RECORD, RECORD_LISTS, PROGRESS)
            .flatMap(List::stream).distinct()
            .collect(Collectors.toUnmodifiableMap(n -> n.toLowerCase(Locale.ROOT), Function.identity()));

    private DossierFields() {
    }

    /** The canonical spelling of a record or progress field name, matched without regard to case. */
    public static Optional<String> canonical(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(CANONICAL.get(name.strip().toLowerCase(Locale.ROOT)));
    }
}
