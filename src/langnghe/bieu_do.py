"""Biểu đồ của khóa học: một kiểu chung cho mọi bài (chữ tiếng Việt, đọc rõ trên máy chiếu) và nhãn
trục theo cách viết Việt Nam (tiền, số, phần trăm).

    from langnghe.bieu_do import truc_tien
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.ticker import FuncFormatter

from .fmt import phan_tram, so, tien_gon

# A calm palette that stays distinct in greyscale print-outs (Okabe–Ito, colour-blind safe).
MAU = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

KIEU_BIEU_DO = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",  # matplotlib's bundled font has every Vietnamese letter
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=MAU),
    "legend.frameon": False,
    "axes.formatter.use_locale": False,
}


def dung_kieu() -> None:
    """Áp dụng kiểu biểu đồ chung của khóa học (gọi một lần ở đầu bài)."""
    mpl.rcParams.update(KIEU_BIEU_DO)


def truc_tien(ax, truc: str = "y") -> None:
    """Nhãn trục theo tiền Việt rút gọn: 1.250.000 -> '1,25 triệu ₫'."""
    axis = ax.yaxis if truc == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: tien_gon(v) if v else "0"))


def truc_so(ax, truc: str = "y") -> None:
    """Nhãn trục là số có dấu chấm ngăn cách hàng nghìn."""
    axis = ax.yaxis if truc == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: so(v)))


def truc_phan_tram(ax, truc: str = "y", chu_so: int = 0) -> None:
    """Nhãn trục là phần trăm, từ tỷ lệ (0,05 -> '5%')."""
    axis = ax.yaxis if truc == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: phan_tram(v, chu_so)))


dung_kieu()
