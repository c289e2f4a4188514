"""The calculators (ipywidgets) of each module, one file per module."""

from .online_selling import may_tinh_tien_ve
from .management import ke_hoach_tien_mat, may_tinh_hoa_von
from .design import kham_pha_mau_ma

__all__ = ["may_tinh_tien_ve", "ke_hoach_tien_mat", "may_tinh_hoa_von", "kham_pha_mau_ma"]
