"""The calculators (ipywidgets) of each module, one file per module."""

from .online_selling import may_tinh_tien_ve

__all__ = ["may_tinh_tien_ve"]
