"""Khuôn hộp (bản vẽ để cắt và gấp) thùng carton FEFCO 0201, vẽ đúng tỷ lệ 1:1 và lưu thành tệp PDF để in.

    from langnghe.bao_bi_dong_goi import ve_khuon_hop
    ve_khuon_hop(300, 200, 150, 4, tep_pdf="ban_ve/khuon_hop.pdf")

Bản vẽ vừa một trang khổ lớn (tối đa 914 × 2000 mm, khổ cuộn của máy in ở tiệm in) thì in một trang;
lớn hơn, hoặc khi chọn "A4", thì chia ra nhiều trang A4 chồng mép 10 mm, có dấu ghép ⊕, nhãn hàng/cột
và thước kiểm tra 100 mm trên mỗi trang, để cắt lề và dán ghép. In ở chế độ «Kích thước thực / 100%».

Maintainer note: the drawing is made in millimetres: the figure is exactly as large as the page and one
axes spans the whole page with its limits in mm, so one unit of the drawing is one millimetre on paper.
The PDF is saved without "tight" cropping, so a printed 100 mm line measures 100 mm at 100 %. The
geometry (panel widths, flap depth, allowances for the board thickness) comes from
`langnghe.bao_bi_dong_goi.tam_phoi_fefco_0201`, whose module gives the teaching formula. PDFs are
written with `pdf.compression` 0 (plain-text content streams: the tests read the geometry back without
any PDF library) and TrueType fonts (`pdf.fonttype` 42), which print shops accept.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle

from ..fmt import so
from .thung import TamPhoi, tam_phoi_fefco_0201

MM_MOI_INCH = 25.4
KHO_A4_MM = (210.0, 297.0)
# The largest single page: a 914 mm (36 in) roll of a print shop's large-format printer, up to 2 m long.
KHO_CUON_MM = (914.0, 2000.0)
CHONG_MEP_MM = 10.0
# Margins of a tiled A4 page (mm): printers cannot print to the edge; the bottom strip holds the page
# label, the small map of the pages and the check ruler.
LE_TRANG_A4 = {"trai": 10.0, "phai": 10.0, "tren": 10.0, "duoi": 28.0}

# Colours: cut lines red (solid), fold/crease lines blue (dashed), as on a die-maker's drawing.
MAU_CAT = "#d00000"
MAU_GAP = "#0057b8"
MAU_BE_DAN = "#d9d9d9"
MAU_KICH_THUOC = "#505050"
MAU_THUOC = "#000000"  # the 100 mm check ruler: the only pure-black strokes of the drawing
MAU_DAU_GHEP = "#b000b0"  # alignment marks of tiled pages
NET_DUT = (0, (6, 3))

CAI_DAT_VE = {
    "font.family": "DejaVu Sans",  # every Vietnamese letter
    "pdf.fonttype": 42,
    "pdf.compression": 0,
    "path.simplify": False,
    "lines.scale_dashes": False,
    "lines.solid_capstyle": "butt",
    "lines.dash_capstyle": "butt",
    "axes.unicode_minus": False,
}

# Layout of the full drawing around the blank (mm).
LE_TRAI = 15.0
LE_PHAI = 34.0
LE_TREN = 30.0
KHUNG_TEN_CAO = 62.0
KHUNG_TEN_RONG = 190.0
KHOANG_KHUNG = 14.0
TRANG_RONG_TOI_THIEU = 206.0


@contextmanager
def _rc():
    with mpl.rc_context(CAI_DAT_VE):
        yield


def _mm(x: float) -> str:
    """A length in mm the Vietnamese way, without a useless ',0': 304 -> '304', 203.5 -> '203,5'."""
    return so(x) if abs(x - round(x)) < 0.05 else so(x, 1)


@dataclass(frozen=True)
class BoCuc:
    """Bố cục bản vẽ đầy đủ (chưa chia trang): khổ bản vẽ và chỗ đặt tấm phôi, tính bằng mm từ góc dưới bên trái."""

    phoi: TamPhoi
    rong: float  # drawing width
    cao: float  # drawing height
    le_trai_mm: float  # x of the blank's left edge
    le_duoi_mm: float  # y of the blank's bottom edge
    ten_hop: str = ""
    loai_giay: str = ""

    @property
    def khung_ten(self) -> tuple[float, float, float, float]:
        """Title block rectangle (x, y, width, height)."""
        rong = KHUNG_TEN_RONG
        x = min(max(self.le_trai_mm, 8.0), self.rong - 8.0 - rong)
        return (x, 8.0, rong, KHUNG_TEN_CAO)


def bo_cuc(phoi: TamPhoi, ten_hop: str = "", loai_giay: str = "") -> BoCuc:
    """Bố cục của bản vẽ một tấm phôi: chừa lề cho kích thước ở trên và bên phải, khung tên ở dưới."""
    rong = max(LE_TRAI + phoi.dai_phoi_mm + LE_PHAI, TRANG_RONG_TOI_THIEU)
    x0 = LE_TRAI + (rong - LE_TRAI - phoi.dai_phoi_mm - LE_PHAI) / 2
    y0 = 8.0 + KHUNG_TEN_CAO + KHOANG_KHUNG
    cao = y0 + phoi.rong_phoi_mm + LE_TREN
    return BoCuc(phoi, round(rong, 3), round(cao, 3), round(x0, 3), y0, ten_hop, loai_giay)


# ---------------------------------------------------------------------------------------- geometry
def duong_cat(phoi: TamPhoi) -> list[tuple[float, float]]:
    """Đường cắt: viền ngoài tấm phôi (một đường khép kín), các điểm tính bằng mm từ góc dưới bên trái tấm phôi."""
    g, s, f, h = phoi.be_dan_mm, phoi.khe_mm, phoi.nap_mm, phoi.than_mm
    top, c = 2 * f + h, min(10.0, h / 4, g)  # c: taper of the glue tab's ends
    edges = [g, *[g + x for x in _cum(phoi.cac_phan_mm[1:])]]  # x of panel edges: g, b1, b2, b3, b4
    pts = [(g, f)]
    # bottom flaps, left to right, with half slots at both ends and full slots between panels
    for a, b in zip(edges[:-1], edges[1:]):
        pts += [(a + s / 2, f), (a + s / 2, 0.0), (b - s / 2, 0.0), (b - s / 2, f)]
    pts.append((edges[-1], f))
    pts.append((edges[-1], f + h))
    for a, b in reversed(list(zip(edges[:-1], edges[1:]))):
        pts += [(b - s / 2, f + h), (b - s / 2, top), (a + s / 2, top), (a + s / 2, f + h)]
    pts += [(g, f + h), (0.0, f + h - c), (0.0, f + c), (g, f)]
    return _dedupe(pts)


def duong_gap(phoi: TamPhoi) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Các đường gấp (đường cấn), mỗi đường một đoạn thẳng: nếp bề dán, ba góc thùng và các nếp nắp."""
    g, s, f, h = phoi.be_dan_mm, phoi.khe_mm, phoi.nap_mm, phoi.than_mm
    edges = [g, *[g + x for x in _cum(phoi.cac_phan_mm[1:])]]
    segs = [((x, f), (x, f + h)) for x in edges[:-1]]
    for a, b in zip(edges[:-1], edges[1:]):
        segs += [((a + s / 2, f), (b - s / 2, f)), ((a + s / 2, f + h), (b - s / 2, f + h))]
    return segs


def _cum(widths):
    out, x = [], 0.0
    for w in widths:
        x += w
        out.append(x)
    return out


def _dedupe(pts):
    out = []
    for p in pts:
        p = (round(p[0], 6), round(p[1], 6))
        if not out or p != out[-1]:
            out.append(p)
    return out


# ---------------------------------------------------------------------------------------- drawing
def _ve(ax, bo_cuc_ve: BoCuc) -> None:
    """Draw the blank, its dimensions and the title block into `ax`, whose data units are mm."""
    p, x0, y0 = bo_cuc_ve.phoi, bo_cuc_ve.le_trai_mm, bo_cuc_ve.le_duoi_mm
    g, f, h = p.be_dan_mm, p.nap_mm, p.than_mm
    # glue tab: grey area under the lines
    tab = [(x0 + x, y0 + y) for x, y in duong_cat(p)[-4:]]
    ax.add_patch(Polygon(tab, closed=True, facecolor=MAU_BE_DAN, edgecolor="none", zorder=1))
    ax.text(x0 + g / 2, y0 + f + h / 2, f"BỀ DÁN {_mm(g)} mm\n(phết keo)", rotation=90, ha="center",
            va="center", fontsize=7, color="#404040", zorder=2)
    # cut outline and fold lines
    xs, ys = zip(*[(x0 + x, y0 + y) for x, y in duong_cat(p)])
    ax.add_line(Line2D(xs, ys, color=MAU_CAT, linewidth=0.8, zorder=4))
    for (xa, ya), (xb, yb) in duong_gap(p):
        ax.add_line(Line2D([x0 + xa, x0 + xb], [y0 + ya, y0 + yb], color=MAU_GAP, linewidth=0.8,
                           linestyle=NET_DUT, zorder=3))
    # names of the panels and flaps
    edges = [g, *[g + x for x in _cum(p.cac_phan_mm[1:])]]
    names = ["MẶT DÀI", "MẶT RỘNG", "MẶT DÀI", "MẶT RỘNG"]
    sizes = ["D", "R", "D", "R"]
    for (a, b), name, sz in zip(zip(edges[:-1], edges[1:]), names, sizes):
        cx = x0 + (a + b) / 2
        size = max(5.0, min(16.0, (b - a) / 10, h / 5))  # points: large panels get large names
        ax.text(cx, y0 + f + h / 2, f"{name}\n{sz} + t = {_mm(b - a)} mm", ha="center", va="center",
                fontsize=size, color="#303030", linespacing=1.4, zorder=2)
        if f >= 14:
            for yc in (y0 + f / 2, y0 + f + h + f / 2):
                ax.text(cx, yc, "NẮP", ha="center", va="center", fontsize=max(5.0, min(12.0, f / 5, (b - a) / 12)),
                        color="#707070", zorder=2)
    _kich_thuoc(ax, bo_cuc_ve, edges)
    _khung_ten(ax, bo_cuc_ve)


def _mui_ten(ax, a, b, text, vertical=False, offset=1.6):
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="<|-|>", mutation_scale=5, linewidth=0.4,
                                 color=MAU_KICH_THUOC, shrinkA=0, shrinkB=0, zorder=5))
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if vertical:
        ax.text(mx + offset, my, text, rotation=90, ha="left", va="center", fontsize=8,
                color=MAU_KICH_THUOC, zorder=5)
    else:
        ax.text(mx, my + offset, text, ha="center", va="bottom", fontsize=8, color=MAU_KICH_THUOC, zorder=5)


def _gach(ax, xs, ys):
    ax.add_line(Line2D(xs, ys, color=MAU_KICH_THUOC, linewidth=0.3, zorder=5))


def _kich_thuoc(ax, bo_cuc_ve: BoCuc, edges) -> None:
    """Dimension chains: panel widths and blank length above, flaps and body height on the right."""
    p, x0, y0 = bo_cuc_ve.phoi, bo_cuc_ve.le_trai_mm, bo_cuc_ve.le_duoi_mm
    top = y0 + p.rong_phoi_mm
    y1, y2 = top + 9, top + 20
    xs = [0.0, *edges]
    for x in xs:
        _gach(ax, [x0 + x, x0 + x], [top + 2 if x > 0 else y0 + p.nap_mm + p.than_mm + 2, y2 + 2])
    for a, b in zip(xs[:-1], xs[1:]):
        _mui_ten(ax, (x0 + a, y1), (x0 + b, y1), _mm(b - a))
    _mui_ten(ax, (x0, y2), (x0 + p.dai_phoi_mm, y2), f"Dài tấm phôi {_mm(p.dai_phoi_mm)} mm")
    right = x0 + p.dai_phoi_mm
    v1, v2 = right + 9, right + 21
    ys = [0.0, p.nap_mm, p.nap_mm + p.than_mm, p.rong_phoi_mm]
    for y in ys:
        _gach(ax, [right + 2, v2 + 2], [y0 + y, y0 + y])
    labels = [f"Nắp {_mm(p.nap_mm)}", f"Thân {_mm(p.than_mm)}", f"Nắp {_mm(p.nap_mm)}"]
    for a, b, t in zip(ys[:-1], ys[1:], labels):
        _mui_ten(ax, (v1, y0 + a), (v1, y0 + b), t, vertical=True)
    _mui_ten(ax, (v2, y0), (v2, y0 + p.rong_phoi_mm), f"Rộng tấm phôi {_mm(p.rong_phoi_mm)} mm", vertical=True)


def _thuoc(ax, x, y, dai=100.0, nhan=True):
    """The check ruler: a 100 mm black bar with a tick every 10 mm."""
    ax.add_line(Line2D([x, x + dai], [y, y], color=MAU_THUOC, linewidth=0.8, zorder=6))
    for i in range(int(dai // 10) + 1):
        tick = 3.0 if i % 5 == 0 else 1.8
        ax.add_line(Line2D([x + 10 * i, x + 10 * i], [y, y + tick], color=MAU_THUOC, linewidth=0.5, zorder=6))
    if nhan:
        for i in (0, 5, 10):
            ax.text(x + 10 * i, y + 4, "100 mm" if i == 10 else str(10 * i), ha="center", va="bottom",
                    fontsize=6, color=MAU_THUOC)


def _khung_ten(ax, bo_cuc_ve: BoCuc) -> None:
    p = bo_cuc_ve.phoi
    x, y, w, hk = bo_cuc_ve.khung_ten
    ax.add_patch(Rectangle((x, y), w, hk, fill=False, edgecolor="#808080", linewidth=0.5, zorder=5))
    tx, ty = x + 4, y + hk - 4
    ten = bo_cuc_ve.ten_hop if len(bo_cuc_ve.ten_hop) <= 50 else bo_cuc_ve.ten_hop[:49] + "…"
    title = "KHUÔN HỘP CARTON FEFCO 0201 (thùng 4 nắp)" + (f" — {ten}" if ten else "")
    ax.text(tx, ty, title, ha="left", va="top", fontsize=10 if len(title) <= 80 else 8.5, fontweight="bold",
            color="#000000")
    giay = f"{bo_cuc_ve.loai_giay}, dày" if bo_cuc_ve.loai_giay else "Độ dày giấy"
    lines = [
        f"Kích thước lọt lòng (bên trong): dài × rộng × cao = {_mm(p.dai_mm)} × {_mm(p.rong_mm)} × {_mm(p.cao_mm)} mm",
        f"Giấy: {giay} t = {_mm(p.do_day_mm)} mm · Tấm phôi: {_mm(p.dai_phoi_mm)} × {_mm(p.rong_phoi_mm)} mm "
        f"({so(p.dien_tich_m2, 3)} m²)",
        f"Đã bù độ dày giấy: mặt dài D + t, mặt rộng R + t, thân C + 2t, nắp (R + t) ÷ 2; "
        f"khe t + 2 = {_mm(p.khe_mm)} mm; bề dán {_mm(p.be_dan_mm)} mm.",
        "Nhìn từ mặt ngoài của hộp. Kích thước đo giữa các đường gấp, đơn vị mm.",
        "TỶ LỆ 1:1. In ở chế độ «Kích thước thực / 100%», KHÔNG co giãn (không chọn «Vừa trang / Fit to page»).",
    ]
    for i, line in enumerate(lines):
        ax.text(tx, ty - 7.5 - 5.2 * i, line, ha="left", va="top", fontsize=7.2, color="#202020")
    # legend
    ly = y + 19
    ax.add_line(Line2D([tx, tx + 12], [ly, ly], color=MAU_CAT, linewidth=0.8))
    ax.text(tx + 14, ly, "Đường cắt (nét liền đỏ)", va="center", fontsize=7)
    ax.add_line(Line2D([tx + 58, tx + 70], [ly, ly], color=MAU_GAP, linewidth=0.8, linestyle=NET_DUT))
    ax.text(tx + 72, ly, "Đường gấp, cấn (nét đứt xanh)", va="center", fontsize=7)
    ax.add_patch(Rectangle((tx + 124, ly - 2), 8, 4, facecolor=MAU_BE_DAN, edgecolor="none"))
    ax.text(tx + 134, ly, "Bề dán (phết keo)", va="center", fontsize=7)
    # ruler
    ax.text(tx, y + 10, "Thước kiểm tra:", ha="left", va="center", fontsize=7)
    _thuoc(ax, tx + 24, y + 7)
    ax.text(tx + 128, y + 10, "← in xong, đo: phải đúng 100 mm", ha="left", va="center", fontsize=7,
            color="#202020")


# ---------------------------------------------------------------------------------------- pages
def _figure(w_mm: float, h_mm: float, xlim, ylim) -> tuple[Figure, object]:
    fig = Figure(figsize=(w_mm / MM_MOI_INCH, h_mm / MM_MOI_INCH))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_autoscale_on(False)
    return fig, ax


def hinh_mot_trang(bo_cuc_ve: BoCuc) -> Figure:
    """Cả bản vẽ trên một trang đúng bằng khổ bản vẽ (1 đơn vị = 1 mm trên giấy)."""
    fig, ax = _figure(bo_cuc_ve.rong, bo_cuc_ve.cao, (0, bo_cuc_ve.rong), (0, bo_cuc_ve.cao))
    _ve(ax, bo_cuc_ve)
    return fig


@dataclass(frozen=True)
class KeHoachTrang:
    """Cách chia bản vẽ ra các trang A4: khổ dọc hay ngang, số hàng, số cột và phần bản vẽ trên mỗi trang."""

    ngang: bool  # landscape pages
    so_cot: int
    so_hang: int
    kho: tuple[float, float]  # page width, height (mm)
    vung_in: tuple[float, float]  # printable window per page (mm)
    buoc: tuple[float, float]  # window step between neighbouring pages = window − overlap

    @property
    def so_trang(self) -> int:
        """Tổng số trang A4."""
        return self.so_cot * self.so_hang

    def cua_so(self, hang: int, cot: int, cao_ban_ve: float) -> tuple[float, float, float, float]:
        """Phần bản vẽ (x0, y0, x1, y1) nằm trên trang ở hàng `hang`, cột `cot` (đếm từ 0, hàng trên cùng trước)."""
        x0 = cot * self.buoc[0]
        y1 = cao_ban_ve - hang * self.buoc[1]
        return (x0, y1 - self.vung_in[1], x0 + self.vung_in[0], y1)


def ke_hoach_a4(rong_mm: float, cao_mm: float, chong_mm: float = CHONG_MEP_MM) -> KeHoachTrang:
    """Cách chia trang A4 ít trang nhất cho bản vẽ rộng × cao (mm); bằng nhau thì chọn khổ dọc."""
    best = None
    for ngang in (False, True):
        kho = (KHO_A4_MM[1], KHO_A4_MM[0]) if ngang else KHO_A4_MM
        vung = (kho[0] - LE_TRANG_A4["trai"] - LE_TRANG_A4["phai"],
                kho[1] - LE_TRANG_A4["tren"] - LE_TRANG_A4["duoi"])
        buoc = (vung[0] - chong_mm, vung[1] - chong_mm)
        cot = 1 if rong_mm <= vung[0] else 1 + math.ceil(round((rong_mm - vung[0]) / buoc[0], 9))
        hang = 1 if cao_mm <= vung[1] else 1 + math.ceil(round((cao_mm - vung[1]) / buoc[1], 9))
        plan = KeHoachTrang(ngang, cot, hang, kho, vung, buoc)
        if best is None or plan.so_trang < best.so_trang:
            best = plan
    return best


def _dau_ghep(ax, x, y):
    """An alignment mark: a circle with a cross, the same on both pages of an overlap."""
    ax.add_patch(mpl.patches.Circle((x, y), 3.0, fill=False, edgecolor=MAU_DAU_GHEP, linewidth=0.4, zorder=7))
    ax.add_line(Line2D([x - 5, x + 5], [y, y], color=MAU_DAU_GHEP, linewidth=0.4, zorder=7))
    ax.add_line(Line2D([x, x], [y - 5, y + 5], color=MAU_DAU_GHEP, linewidth=0.4, zorder=7))


def dau_ghep(bo_cuc_ve: BoCuc, ke_hoach: KeHoachTrang) -> list[tuple[float, float]]:
    """Tâm các dấu ghép ⊕ trên bản vẽ: hai dấu ở mỗi dải chồng mép giữa hai trang kề nhau."""
    marks = []
    chong = ke_hoach.vung_in[0] - ke_hoach.buoc[0]
    for hang in range(ke_hoach.so_hang):
        for cot in range(ke_hoach.so_cot):
            x0, y0, x1, y1 = ke_hoach.cua_so(hang, cot, bo_cuc_ve.cao)
            if cot + 1 < ke_hoach.so_cot:  # vertical overlap band with the page on the right
                xm = x1 - chong / 2
                marks += [(xm, y0 + (y1 - y0) * 0.3), (xm, y0 + (y1 - y0) * 0.7)]
            if hang + 1 < ke_hoach.so_hang:  # horizontal band with the page below
                ym = y0 + chong / 2
                marks += [(x0 + (x1 - x0) * 0.3, ym), (x0 + (x1 - x0) * 0.7, ym)]
    return [(round(x, 6), round(y, 6)) for x, y in marks]


def hinh_trang_a4(bo_cuc_ve: BoCuc, ke_hoach: KeHoachTrang, hang: int, cot: int) -> Figure:
    """Một trang A4 của bản vẽ đã chia trang: phần bản vẽ, dấu ghép, nhãn trang, sơ đồ các trang và thước kiểm tra."""
    wx0, wy0, wx1, wy1 = ke_hoach.cua_so(hang, cot, bo_cuc_ve.cao)
    ml, mb = LE_TRANG_A4["trai"], LE_TRANG_A4["duoi"]
    pw, ph = ke_hoach.kho
    fig, ax = _figure(pw, ph, (wx0 - ml, wx0 - ml + pw), (wy0 - mb, wy0 - mb + ph))
    _ve(ax, bo_cuc_ve)
    for x, y in dau_ghep(bo_cuc_ve, ke_hoach):
        _dau_ghep(ax, x, y)
    window = Rectangle((wx0, wy0), wx1 - wx0, wy1 - wy0, transform=ax.transData)
    for artist in ax.get_children():
        if artist is ax.patch or artist in ax.spines.values():
            continue
        artist.set_clip_on(True)
        artist.set_clip_path(window)
    # page furniture, in page millimetres
    pg = fig.add_axes((0, 0, 1, 1))
    pg.set_axis_off()
    pg.patch.set_visible(False)
    pg.set_xlim(0, pw)
    pg.set_ylim(0, ph)
    pg.set_autoscale_on(False)
    chong = ke_hoach.vung_in[0] - ke_hoach.buoc[0]
    so_trang = hang * ke_hoach.so_cot + cot + 1
    x_right, y_bottom = ml + ke_hoach.vung_in[0], mb
    if cot + 1 < ke_hoach.so_cot:  # trim line: the right margin is cut off and laid over the next page
        pg.add_line(Line2D([x_right, x_right], [mb, ph - LE_TRANG_A4["tren"]], color="#909090", linewidth=0.4,
                           linestyle=(0, (1, 2))))
    if hang + 1 < ke_hoach.so_hang:
        pg.add_line(Line2D([ml, x_right], [y_bottom, y_bottom], color="#909090", linewidth=0.4,
                           linestyle=(0, (1, 2))))
    pg.text(ml, 23.0, f"Trang {so_trang}/{ke_hoach.so_trang} · hàng {hang + 1}, cột {cot + 1} "
                      f"(ghép {ke_hoach.so_hang} hàng × {ke_hoach.so_cot} cột)", fontsize=8, fontweight="bold", va="center")
    pg.text(ml, 18.5, f"Cắt bỏ lề phải và lề dưới theo đường chấm, đặt chồng {_mm(chong)} mm lên trang bên cạnh "
                      "cho các dấu ⊕ trùng nhau, rồi dán băng dính.", fontsize=6.2, va="center")
    pg.text(ml, 14.0, "Tỷ lệ 1:1 · In «Kích thước thực / 100%», không co giãn.", fontsize=6.2, va="center")
    pg.text(ml, 9.5, "Thước kiểm tra 100 mm:", fontsize=6.2, va="center")
    _thuoc(pg, ml + 30, 8.0, nhan=False)
    # small map of the pages, this one filled
    cell = min(3.0, 18.0 / ke_hoach.so_hang, 40.0 / ke_hoach.so_cot)
    mx0 = pw - LE_TRANG_A4["phai"] - ke_hoach.so_cot * cell
    for r in range(ke_hoach.so_hang):
        for c in range(ke_hoach.so_cot):
            pg.add_patch(Rectangle((mx0 + c * cell, 25 - (r + 1) * cell), cell, cell, linewidth=0.3,
                                   edgecolor="#606060", facecolor="#606060" if (r, c) == (hang, cot) else "none"))
    return fig


# ---------------------------------------------------------------------------------------- public
RONG_HINH_XEM_INCH = 11.0  # about 1200 pixels at the preview's 110 dpi
DPI_HINH_XEM = 110
CHU_PHONG_TOI_DA = 2.4


def _preview(bo_cuc_ve: BoCuc, ke_hoach: KeHoachTrang | None) -> Figure:
    """A screen-sized picture of the drawing (not to scale): the blank and its dimensions, readable.

    Text keeps its size in points while the drawing shrinks, so the dimensions stay legible; the growth
    relative to the drawing is capped so that labels do not run over each other. A single-page drawing
    is shown without its title block; a tiled one in full, with the A4 pages outlined and numbered.
    """
    if ke_hoach is None:
        xlim = (bo_cuc_ve.le_trai_mm - 12, bo_cuc_ve.le_trai_mm + bo_cuc_ve.phoi.dai_phoi_mm + LE_PHAI + 4)
        ylim = (bo_cuc_ve.le_duoi_mm - 10, bo_cuc_ve.le_duoi_mm + bo_cuc_ve.phoi.rong_phoi_mm + LE_TREN + 6)
    else:
        xlim = (-1.0, max(bo_cuc_ve.rong, ke_hoach.cua_so(0, ke_hoach.so_cot - 1, bo_cuc_ve.cao)[2]) + 1)
        ylim = (min(0.0, ke_hoach.cua_so(ke_hoach.so_hang - 1, 0, bo_cuc_ve.cao)[1]) - 1, bo_cuc_ve.cao + 1)
    w_mm, h_mm = xlim[1] - xlim[0], ylim[1] - ylim[0]
    width_in = min(RONG_HINH_XEM_INCH, w_mm / MM_MOI_INCH)
    shrink = (w_mm / MM_MOI_INCH) / width_in  # how much smaller than on paper
    fig, ax = _figure(width_in * MM_MOI_INCH, width_in * MM_MOI_INCH * h_mm / w_mm, xlim, ylim)
    fig.set_dpi(DPI_HINH_XEM)
    _ve(ax, bo_cuc_ve)
    title_block_top = bo_cuc_ve.khung_ten[1] + bo_cuc_ve.khung_ten[3]
    for text in ax.texts:
        if text.get_position()[1] <= title_block_top:  # the title block keeps its proportions
            text.set_fontsize(text.get_fontsize() / shrink)
        else:
            text.set_fontsize(text.get_fontsize() / max(1.0, shrink / CHU_PHONG_TOI_DA))
    if ke_hoach is not None:
        for hang in range(ke_hoach.so_hang):
            for cot in range(ke_hoach.so_cot):
                x0, y0, x1, y1 = ke_hoach.cua_so(hang, cot, bo_cuc_ve.cao)
                ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=MAU_DAU_GHEP,
                                       linewidth=0.8, linestyle=(0, (4, 2)), zorder=8))
                ax.text(x0 + 3, y1 - 3, f"trang {hang * ke_hoach.so_cot + cot + 1}", color=MAU_DAU_GHEP, fontsize=9,
                        ha="left", va="top", zorder=8)
    return fig


def _fits(bo_cuc_ve: BoCuc, limit: tuple[float, float]) -> bool:
    small, large = sorted(limit)
    a, b = sorted((bo_cuc_ve.rong, bo_cuc_ve.cao))
    return a <= small and b <= large


def luu_pdf(bo_cuc_ve: BoCuc, tep_pdf, kho_giay: str = "vua", kho_toi_da_mm=KHO_CUON_MM) -> KeHoachTrang | None:
    """Lưu bản vẽ thành tệp PDF tỷ lệ 1:1; trả về cách chia trang A4, hoặc None nếu in một trang."""
    path = Path(tep_pdf)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    ke_hoach = None
    if kho_giay.upper() == "A4" or not _fits(bo_cuc_ve, kho_toi_da_mm):
        ke_hoach = ke_hoach_a4(bo_cuc_ve.rong, bo_cuc_ve.cao)
    meta = {"Title": f"Khuôn hộp FEFCO 0201 {_mm(bo_cuc_ve.phoi.dai_mm)}×{_mm(bo_cuc_ve.phoi.rong_mm)}×{_mm(bo_cuc_ve.phoi.cao_mm)} mm",
            "Creator": "langnghe (khóa học làng nghề)", "CreationDate": None}
    with _rc():
        if ke_hoach is None:
            fig = hinh_mot_trang(bo_cuc_ve)
            fig.savefig(path, format="pdf", metadata=meta)
        else:
            with PdfPages(path, metadata=meta) as pdf:
                for hang in range(ke_hoach.so_hang):
                    for cot in range(ke_hoach.so_cot):
                        pdf.savefig(hinh_trang_a4(bo_cuc_ve, ke_hoach, hang, cot))
    return ke_hoach


@dataclass
class KhuonHop:
    """Kết quả của `ve_khuon_hop`: tấm phôi, hình xem trước và, nếu đã lưu, tệp PDF cùng số trang.

    Trong notebook nó hiện thành hình xem trước (thu nhỏ). `.dai_phoi_mm`, `.rong_phoi_mm` là kích thước
    tấm phôi; `.phoi` là tấm phôi với mọi số đo (mặt, thân, nắp, khe).
    """

    phoi: TamPhoi
    hinh: Figure
    tep_pdf: Path | None = None
    so_trang: int = 0

    @property
    def dai_phoi_mm(self) -> float:
        """Chiều dài tấm phôi (mm)."""
        return self.phoi.dai_phoi_mm

    @property
    def rong_phoi_mm(self) -> float:
        """Chiều rộng tấm phôi (mm)."""
        return self.phoi.rong_phoi_mm

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.hinh.savefig(buffer, format="png", dpi=DPI_HINH_XEM, facecolor="white")
        return buffer.getvalue()

    def __repr__(self) -> str:
        p = self.phoi
        text = (f"Khuôn hộp FEFCO 0201 lọt lòng {_mm(p.dai_mm)} × {_mm(p.rong_mm)} × {_mm(p.cao_mm)} mm, giấy dày "
                f"{_mm(p.do_day_mm)} mm: tấm phôi {_mm(p.dai_phoi_mm)} × {_mm(p.rong_phoi_mm)} mm")
        if self.tep_pdf is not None:
            text += f"; tệp {self.tep_pdf} ({self.so_trang} trang)"
        return text


def ve_khuon_hop(dai_mm, rong_mm, cao_mm, do_day_mm, tep_pdf=None, *, be_dan_mm=None, kho_giay="vua",
                 ten_hop="", loai_giay="", kho_toi_da_mm=KHO_CUON_MM) -> KhuonHop:
    """Vẽ khuôn hộp carton FEFCO 0201 đúng tỷ lệ 1:1 từ kích thước lọt lòng (mm) và độ dày giấy (mm).

    - `tep_pdf`: tên tệp PDF để lưu (ví dụ "ban_ve/khuon_binh_hoa.pdf"); bỏ trống thì chỉ vẽ để xem.
    - `kho_giay`: "vua" (mặc định) là một trang vừa khít bản vẽ, để mang ra tiệm in khổ lớn; "A4" là
      chia bản vẽ ra nhiều trang A4 chồng mép 10 mm để tự in và dán ghép. Bản vẽ lớn hơn
      `kho_toi_da_mm` (mặc định 914 × 2000 mm, khổ cuộn của máy in khổ lớn) tự động được chia trang A4.
    - `be_dan_mm`: bề dán (mặc định theo tệp tham số), `ten_hop`, `loai_giay`: ghi vào khung tên.

    Trả về khuôn hộp: trong notebook hiện thành hình xem trước (thu nhỏ; tệp PDF mới đúng kích thước thật);
    `.dai_phoi_mm`, `.rong_phoi_mm` là kích thước tấm phôi.
    """
    for ten, gia_tri in (("dai_mm", dai_mm), ("rong_mm", rong_mm), ("cao_mm", cao_mm), ("do_day_mm", do_day_mm)):
        if isinstance(gia_tri, bool) or not isinstance(gia_tri, (int, float)):
            raise TypeError(f"`{ten}` phải là một con số (mm), ví dụ 300, nhưng đang là {gia_tri!r}.")
    if str(kho_giay).upper() not in ("VUA", "A4"):
        raise ValueError('kho_giay chỉ nhận "vua" (một trang vừa bản vẽ) hoặc "A4" (chia trang A4).')
    phoi = tam_phoi_fefco_0201(dai_mm, rong_mm, cao_mm, do_day_mm, be_dan_mm)
    bo_cuc_ve = bo_cuc(phoi, ten_hop, loai_giay)
    ke_hoach, path, pages = None, None, 0
    if tep_pdf is not None:
        ke_hoach = luu_pdf(bo_cuc_ve, tep_pdf, str(kho_giay), kho_toi_da_mm)
        path = Path(tep_pdf) if str(tep_pdf).lower().endswith(".pdf") else Path(tep_pdf).with_suffix(".pdf")
        pages = 1 if ke_hoach is None else ke_hoach.so_trang
        if ke_hoach is None:
            print(f"Đã lưu {path}: 1 trang {_mm(bo_cuc_ve.rong)} × {_mm(bo_cuc_ve.cao)} mm, tỷ lệ 1:1. "
                  "Mang tệp ra tiệm in khổ lớn, dặn in đúng kích thước thực (100%).")
        else:
            huong = "ngang" if ke_hoach.ngang else "dọc"
            print(f"Đã lưu {path}: {ke_hoach.so_trang} trang A4 khổ {huong} ({ke_hoach.so_hang} hàng × {ke_hoach.so_cot} cột), "
                  "tỷ lệ 1:1. In «Kích thước thực / 100%», rồi ghép các trang theo dấu ⊕.")
    with _rc():
        return KhuonHop(phoi, _preview(bo_cuc_ve, ke_hoach), path, pages)
