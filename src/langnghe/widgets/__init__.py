"""The calculators (ipywidgets) of each module, one file per module."""

from .online_selling import may_tinh_tien_ve
from .management import ke_hoach_tien_mat, may_tinh_hoa_von
from .design import kham_pha_mau_ma
from .cleaner_production import may_kiem_tra_nuoc_thai
from .packaging import may_ve_khuon_hop
from .linkage import may_tinh_chia_chi_phi, may_tinh_mua_chung

__all__ = ["may_tinh_tien_ve", "ke_hoach_tien_mat", "may_tinh_hoa_von", "kham_pha_mau_ma", "may_kiem_tra_nuoc_thai", "may_ve_khuon_hop", "may_tinh_mua_chung", "may_tinh_chia_chi_phi"]
