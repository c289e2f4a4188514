"""Máy tính (ô nhập, thanh trượt) của từng mô-đun, để thử các con số ngay trong bài học.

    from langnghe.may_tinh import may_tinh_tien_ve
"""

from .ban_hang_truc_tuyen import may_tinh_tien_ve
from .quan_ly import ke_hoach_tien_mat, may_tinh_hoa_von
from .thiet_ke_san_pham import kham_pha_mau_ma
from .san_xuat_sach_hon import may_kiem_tra_nuoc_thai
from .bao_bi_dong_goi import may_ve_khuon_hop
from .lien_ket import may_tinh_chia_chi_phi, may_tinh_mua_chung

__all__ = ["may_tinh_tien_ve", "ke_hoach_tien_mat", "may_tinh_hoa_von", "kham_pha_mau_ma", "may_kiem_tra_nuoc_thai", "may_ve_khuon_hop", "may_tinh_mua_chung", "may_tinh_chia_chi_phi"]
