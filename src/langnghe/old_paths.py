"""The course modules' old import paths, kept for one release.

Hubs that were running before the rename keep old lesson copies in trainees' homes, which say
`from langnghe.selling import chargeable_weight`. Each old path is an empty module whose names
lead to the new ones, with a Vietnamese note that names what to type instead. The note is printed
to stderr, not raised as a Python warning: a warning's display starts with a temporary file's path
and line number, which tells a trainee nothing.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

# Each old module's names that changed, old name: new name (the others kept their names).
_BAN_HANG_TRUC_TUYEN = {"chargeable_weight": "khoi_luong_tinh_cuoc", "Payout": "TienVe",
                        "order_payout": "tien_ve_cua_don"}
_THIET_KE_SAN_PHAM = {
    "KANO_ANSWERS": "CAU_TRA_LOI_KANO", "KANO_CATEGORIES": "LOAI_KANO", "TIE_ORDER": "THU_TU_KHI_HOA",
    "KANO_TABLE": "BANG_KANO", "kano_category": "loai_kano", "kano_counts": "dem_loai_kano",
    "dominant_category": "loai_chinh", "better_worse": "he_so_hai_long", "LEVELS": "CAC_MUC",
    "ATTRIBUTE_NAMES": "TEN_THUOC_TINH", "PRICE": "THUOC_TINH_GIA", "dummy_code": "ma_hoa_gia",
    "part_worths": "uoc_luong_diem_ua_thich", "importance": "tam_quan_trong", "vnd_per_point": "dong_moi_diem",
    "willingness_to_pay": "san_long_tra_them", "predict": "diem_du_doan", "unit_cost": "gia_von",
    "all_variants": "cac_phuong_an", "best_variant": "phuong_an_tot_nhat", "k_means": "gom_nhom",
    "PASS": "DAT", "FAIL": "KHONG_DAT", "UNKNOWN": "CHUA_RO_LOAI", "lead_limits": "gioi_han_chi",
    "lead_verdict": "ket_luan_chi", "sample_values": "gia_tri_so_sanh",
}
_BAO_BI_DONG_GOI = {
    "G": "GIA_TOC_TRONG_TRUONG", "MCKEE": "HE_SO_MCKEE", "flute_thickness_mm": "do_day_giay_mm",
    "Blank": "TamPhoi", "fefco_0201_blank": "tam_phoi_fefco_0201", "box_perimeter_mm": "chu_vi_thung_mm",
    "mckee_bct_n": "suc_nen_mckee", "stacking_load_n": "tai_thung_duoi_cung", "required_bct_n": "suc_nen_can_co",
    "empty_space_ratio": "ty_le_khoang_trong", "drop_height_cm": "do_cao_roi_cm",
    "missing_label_items": "muc_thieu_tren_nhan",
}
_SAN_XUAT_SACH_HON = {
    "RIVER": "SONG", "LAKE": "HO", "COLUMNS": "CAC_COT", "balance_closure": "do_khep_kin",
    "unaccounted": "luong_khong_ro", "limit_table": "bang_gioi_han", "takes_c": "khong_nhan_kq_kf",
    "exceeds": "vuot_gioi_han", "exceedance_ratio": "ty_le_vuot", "applicable_standard": "quy_chuan_ap_dung",
    "payback": "thoi_gian_hoan_von", "weighted_score": "diem_co_trong_so", "fuel_energy_mj": "nhiet_luong_mj",
    "fuel_co2_tonnes": "tan_co2_khi_dot",
}
_QUAN_LY = {
    "running_balance": "ton_quy", "monthly_profit_and_loss": "lai_lo_hang_thang", "material_cost": "tien_vat_tu",
    "unit_cost": "gia_thanh", "price_with_markup": "gia_ban_de_xuat", "break_even_units": "san_luong_hoa_von",
    "margin_of_safety": "bien_an_toan", "collections": "thu_tien_ban_hang", "loan_schedule": "lich_tra_no",
    "cash_plan_from_sales": "lap_ke_hoach_tien_mat", "save_cash_plan_excel": "luu_ke_hoach_excel",
    "lowest_month": "thang_thap_nhat", "credit_needed": "tien_can_vay", "stock_card": "lap_the_kho",
    "reorder_point": "diem_dat_hang", "abc_classes": "phan_loai_abc", "productivity": "nang_suat_lao_dong",
}
_LIEN_KET = {
    "chain_table": "bang_chuoi_gia_tri", "price_build_up": "co_cau_gia", "tier_price": "don_gia_theo_bac",
    "next_break": "bac_gia_tiep_theo", "group_purchase": "bang_mua_chung", "group_saving": "tiet_kiem_mua_chung",
    "load_kg_per_day": "tai_luong_kg_ngay", "flow_weighted_mean": "nong_do_hon_hop",
    "unit_costs": "chi_phi_don_vi", "share_costs": "chia_chi_phi",
}

# old module: (its new module, the names that changed)
OLD_PATHS: dict[str, tuple[str, dict[str, str]]] = {
    "langnghe.selling": ("langnghe.ban_hang_truc_tuyen", _BAN_HANG_TRUC_TUYEN),
    "langnghe.design": ("langnghe.thiet_ke_san_pham", _THIET_KE_SAN_PHAM),
    "langnghe.packaging": ("langnghe.bao_bi_dong_goi", _BAO_BI_DONG_GOI),
    "langnghe.dieline": ("langnghe.bao_bi_dong_goi", {}),
    "langnghe.cleaner_production": ("langnghe.san_xuat_sach_hon", _SAN_XUAT_SACH_HON),
    "langnghe.management": ("langnghe.quan_ly", _QUAN_LY),
    "langnghe.linkage": ("langnghe.lien_ket", _LIEN_KET),
    "langnghe.charts": ("langnghe.bieu_do", {}),
    "langnghe.widgets": ("langnghe.may_tinh", {}),
}


class _OldPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in OLD_PATHS:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        new_path, renamed = OLD_PATHS[module.__name__]

        def __getattr__(name):
            if name.startswith("__"):
                raise AttributeError(name)
            new_module = importlib.import_module(new_path)
            new_name = renamed.get(name, name)
            if not hasattr(new_module, new_name):
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            print(f"⚠️ Tên cũ: `{module.__name__}.{name}`; nay gõ `from {new_path} import {new_name}`. "
                  "Bài vẫn chạy, nhưng bản sau của khóa học sẽ bỏ tên cũ: hãy lấy bản bài học mới "
                  "(hỏi giảng viên, hoặc tải lại khóa học).", file=sys.stderr)
            return getattr(new_module, new_name)

        module.__getattr__ = __getattr__


def install() -> None:
    if not any(isinstance(finder, _OldPaths) for finder in sys.meta_path):
        sys.meta_path.append(_OldPaths())
