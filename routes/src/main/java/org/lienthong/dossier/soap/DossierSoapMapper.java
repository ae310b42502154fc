package org.lienthong.dossier.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.connector.dossier.DossierFields;
import org.lienthong.connector.soap.DossierContract;
import org.lienthong.connector.soap.dossier.contract.BatchResult;
import org.lienthong.connector.soap.dossier.contract.Item;
import org.lienthong.connector.soap.dossier.contract.ItemList;
import org.lienthong.connector.soap.dossier.contract.NameValue;
import org.lienthong.connector.soap.dossier.contract.ProgressUpdate;
import org.lienthong.connector.soap.dossier.contract.Rejection;
import org.lienthong.connector.soap.dossier.contract.SyncRecord;
import org.lienthong.dossier.DossierDesk;

/**
 * The dossier contract's SOAP types ({@link DossierContract}) ⇄ what the desk reads and answers: each
 * {@code HoSo} / {@code TienDo} element becomes a {@link DossierEntry} with the portal's field names
 * ({@link DossierFields}) and its values as text, and a {@link DossierDesk.BatchResult} becomes the
 * {@link BatchResult} answer. Plain mapping: no CXF, no desk, no validation of the values (the desk checks each
 * entry, the same for every edge).
 *
 * <p>An entry's {@code where} is {@code HoSo[i]} / {@code TienDo[i]}, i the 0-based position in the request. Empty
 * values are left out, as are list items with no value and lists with no item. A list item that cannot be read
 * as a set of name/value pairs (a value without a name, a name given twice) makes its entry unreadable (keeping
 * only its {@code MaHoSo}, for the report), so that record alone is rejected with the reason.
 */
public final class DossierSoapMapper {

    /** The scalar fields of a {@code HoSo}, in {@link DossierFields#RECORD}'s order. */
    static final Map<String, Function<SyncRecord, String>> RECORD_FIELDS = recordFields();
    /** The lists of a {@code HoSo}, in {@link DossierFields#RECORD_LISTS}' order. */
    static final Map<String, Function<SyncRecord, ItemList>> RECORD_LISTS = recordLists();
    /** The fields of a {@code TienDo}, in {@link DossierFields#PROGRESS}' order. */
    static final Map<String, Function<ProgressUpdate, String>> PROGRESS_FIELDS = progressFields();

    // ------------------------------------------------------------------ SOAP → entries

    /** The {@code HoSo} elements of a {@code syncDossiers} request, in order. */
    public List<DossierEntry> records(List<SyncRecord> records) {
        List<DossierEntry> entries = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            entries.add(record(DossierContract.RECORD + "[" + i + "]", records.get(i)));
        }
        return entries;
    }

    /** The {@code TienDo} elements of an {@code updateProgress} request, in order. */
    public List<DossierEntry> updates(List<ProgressUpdate> updates) {
        List<DossierEntry> entries = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            entries.add(update(DossierContract.PROGRESS + "[" + i + "]", updates.get(i)));
        }
        return entries;
    }

    DossierEntry record(String where, SyncRecord record) {
        if (record == null) {
            return DossierEntry.unreadable(where, "the " + DossierContract.RECORD + " element is empty");
        }
        Map<String, String> fields = fields(record, RECORD_FIELDS);
        Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, Function<SyncRecord, ItemList>> list : RECORD_LISTS.entrySet()) {
            ItemList items = list.getValue().apply(record);
            if (items == null) {
                continue;
            }
            List<Map<String, String>> read = new ArrayList<>(items.getMuc().size());
            for (int i = 0; i < items.getMuc().size(); i++) {
                String itemWhere = list.getKey() + "/" + DossierContract.ITEM + "[" + i + "]";
                Map<String, String> item = new LinkedHashMap<>();
                String problem = readItem(items.getMuc().get(i), item);
                if (problem != null) {
                    return unreadable(where, fields, itemWhere + ": " + problem);
                }
                if (!item.isEmpty()) {
                    read.add(item);
                }
            }
            if (!read.isEmpty()) {
                lists.put(list.getKey(), read);
            }
        }
        return DossierEntry.of(where, fields, lists);
    }

    /** An entry that cannot be read, keeping its MaHoSo (when it has one) for the rejection report. */
    private static DossierEntry unreadable(String where, Map<String, String> fields, String reason) {
        String key = fields.get(DossierFields.MA_HO_SO);
        return new DossierEntry(where, key == null ? Map.of() : Map.of(DossierFields.MA_HO_SO, key), Map.of(), reason);
    }

    DossierEntry update(String where, ProgressUpdate update) {
        if (update == null) {
            return DossierEntry.unreadable(where, "the " + DossierContract.PROGRESS + " element is empty");
        }
        return DossierEntry.of(where, fields(update, PROGRESS_FIELDS), Map.of());
    }

    private static <T> Map<String, String> fields(T element, Map<String, Function<T, String>> accessors) {
        Map<String, String> fields = new LinkedHashMap<>();
        accessors.forEach((name, accessor) -> {
            String value = accessor.apply(element);
            if (!isBlank(value)) {
                fields.put(name, value);
            }
        });
        return fields;
    }

    /** The item's pairs into {@code into}; the reason it cannot be read, or null. */
    private static String readItem(Item item, Map<String, String> into) {
        if (item == null) {
            return null;
        }
        List<NameValue> pairs = item.getTruong();
        for (int i = 0; i < pairs.size(); i++) {
            NameValue pair = pairs.get(i);
            if (pair == null || isBlank(pair.getGiaTri())) {
                continue;
            }
            if (isBlank(pair.getTen())) {
                return DossierContract.PAIR + "[" + i + "] has a GiaTri but no Ten";
            }
            String name = pair.getTen().strip();
            if (into.putIfAbsent(name, pair.getGiaTri()) != null) {
                return "Ten " + name + " is given more than once";
            }
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    // ------------------------------------------------------------------ result → SOAP

    /** The desk's answer as the contract's: accepted count, message ids, rejections. */
    public BatchResult result(DossierDesk.BatchResult result) {
        BatchResult answer = new BatchResult();
        answer.setAccepted(result.accepted());
        if (result.messageIds() != null) {
            answer.getMessageId().addAll(result.messageIds());
        }
        if (result.rejected() != null) {
            for (DossierDesk.Rejection rejected : result.rejected()) {
                Rejection rejection = new Rejection();
                rejection.setIndex(rejected.index());
                rejection.setKey(rejected.key());
                rejection.setWhere(rejected.where());
                rejection.setReason(rejected.reason());
                answer.getRejected().add(rejection);
            }
        }
        return answer;
    }

    // ------------------------------------------------------------------ the field tables

    private static Map<String, Function<SyncRecord, String>> recordFields() {
        Map<String, Function<SyncRecord, String>> fields = new LinkedHashMap<>();
        fields.put(DossierFields.MA_HO_SO, SyncRecord::getMaHoSo);
        fields.put(DossierFields.MA_TTHC, SyncRecord::getMaTTHC);
        fields.put(DossierFields.TEN_TTHC, SyncRecord::getTenTTHC);
        fields.put("MaLinhVuc", SyncRecord::getMaLinhVuc);
        fields.put("TenLinhVuc", SyncRecord::getTenLinhVuc);
        fields.put("SoBienNhan", SyncRecord::getSoBienNhan);
        fields.put("ChuHoSo", SyncRecord::getChuHoSo);
        fields.put("LoaiDoiTuong", SyncRecord::getLoaiDoiTuong);
        fields.put("MaDoiTuong", SyncRecord::getMaDoiTuong);
        fields.put("Email", SyncRecord::getEmail);
        fields.put("SoDienThoai", SyncRecord::getSoDienThoai);
        fields.put("TrichYeuHoSo", SyncRecord::getTrichYeuHoSo);
        fields.put(DossierFields.NGAY_TIEP_NHAN, SyncRecord::getNgayTiepNhan);
        fields.put(DossierFields.NGAY_HEN_TRA, SyncRecord::getNgayHenTra);
        fields.put(DossierFields.TRANG_THAI_HO_SO, SyncRecord::getTrangThaiHoSo);
        fields.put(DossierFields.NGAY_TRA, SyncRecord::getNgayTra);
        fields.put("ThongTinTra", SyncRecord::getThongTinTra);
        fields.put("HinhThuc", SyncRecord::getHinhThuc);
        fields.put(DossierFields.NGAY_KET_THUC_XU_LY, SyncRecord::getNgayKetThucXuLy);
        fields.put("DonViXuLy", SyncRecord::getDonViXuLy);
        fields.put("GhiChu", SyncRecord::getGhiChu);
        return checked(fields, DossierFields.RECORD);
    }

    private static Map<String, Function<SyncRecord, ItemList>> recordLists() {
        Map<String, Function<SyncRecord, ItemList>> lists = new LinkedHashMap<>();
        lists.put("TaiLieuNop", SyncRecord::getTaiLieuNop);
        lists.put("DanhSachLePhi", SyncRecord::getDanhSachLePhi);
        lists.put("DanhSachHoSoBoSung", SyncRecord::getDanhSachHoSoBoSung);
        lists.put("DanhSachGiayToKetQua", SyncRecord::getDanhSachGiayToKetQua);
        return checked(lists, DossierFields.RECORD_LISTS);
    }

    private static Map<String, Function<ProgressUpdate, String>> progressFields() {
        Map<String, Function<ProgressUpdate, String>> fields = new LinkedHashMap<>();
        fields.put(DossierFields.MA_HO_SO, ProgressUpdate::getMaHoSo);
        fields.put("NguoiXuLy", ProgressUpdate::getNguoiXuLy);
        fields.put("ChucDanh", ProgressUpdate::getChucDanh);
        fields.put(DossierFields.THOI_DIEM_XU_LY, ProgressUpdate::getThoiDiemXuLy);
        fields.put("PhongBanXuLy", ProgressUpdate::getPhongBanXuLy);
        fields.put("NoiDungXuLy", ProgressUpdate::getNoiDungXuLy);
        fields.put(DossierFields.TRANG_THAI, ProgressUpdate::getTrangThai);
        fields.put("NgayBatDau", ProgressUpdate::getNgayBatDau);
        fields.put("NgayKetThucTheoQuyDinh", ProgressUpdate::getNgayKetThucTheoQuyDinh);
        return checked(fields, DossierFields.PROGRESS);
    }

    /**
     * The table, if it names exactly the portal's fields in their order: a field added to {@link DossierFields}
     * but not to the WSDL and this table stops the node at start rather than being dropped silently.
     */
    private static <V> Map<String, V> checked(Map<String, V> table, List<String> names) {
        if (!List.copyOf(table.keySet()).equals(names)) {
            throw new IllegalStateException("the dossier SOAP contract's fields " + table.keySet()
                    + " do not match the portal's " + names);
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
