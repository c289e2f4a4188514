"""The dieline PDF prints at true 1:1 scale: read it back and measure it.

No PDF library is needed: the dieline is saved with `pdf.compression` 0, so each page's content
stream is plain text. A small interpreter below follows the path operators (m, l, c, re, h), the
stroke colour (RG, G), the line dash (d) and the transformation matrix (cm, q, Q), and returns every
stroked path in millimetres on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from langnghe.bao_bi_dong_goi.khuon_hop import (
    CHONG_MEP_MM,
    LE_TRANG_A4,
    MAU_CAT,
    MAU_DAU_GHEP,
    MAU_GAP,
    bo_cuc,
    dau_ghep,
    duong_cat,
    ke_hoach_a4,
    ve_khuon_hop,
)
from langnghe.bao_bi_dong_goi import tam_phoi_fefco_0201

PT = 25.4 / 72  # mm per PDF point
TOL = 0.1  # mm


# ------------------------------------------------------------------------------------ PDF reading
def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z*'\"]+")


def _mul(a, b):
    """Product of two PDF matrices [a b c d e f] (a applied first)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def stroked_paths(content: bytes) -> list[dict]:
    """Every stroked path of a content stream: points in mm, stroke colour, dash array."""
    state = {"ctm": [1, 0, 0, 1, 0, 0], "rgb": (0.0, 0.0, 0.0), "dash": ()}
    stack, operands, path, current, out = [], [], [], [], []
    in_text = False

    def point(x, y):
        m = state["ctm"]
        return ((m[0] * x + m[2] * y + m[4]) * PT, (m[1] * x + m[3] * y + m[5]) * PT)

    def finish(stroke: bool):
        nonlocal path, current
        if current:
            path.append(current)
        if stroke:
            for sub in path:
                if len(sub) > 1:
                    out.append({"points": sub, "rgb": state["rgb"], "dash": state["dash"]})
        path, current = [], []

    array = None
    for tok in TOKEN.findall(content):
        if tok == b"[":
            array = []
            continue
        if tok == b"]":
            operands.append(array)
            array = None
            continue
        if array is not None:
            if not tok.startswith((b"(", b"<")):
                try:
                    array.append(float(tok))
                except ValueError:
                    pass
            continue
        if re.fullmatch(rb"[-+]?(?:\d+\.?\d*|\.\d+)", tok):
            operands.append(float(tok))
            continue
        if tok.startswith((b"/", b"(", b"<")):
            operands.append(tok)
            continue
        op = tok.decode()
        if op == "BT":
            in_text = True
        elif op == "ET":
            in_text = False
        elif in_text:
            pass
        elif op == "q":
            stack.append(dict(state))
        elif op == "Q":
            state = stack.pop()
        elif op == "cm":
            state["ctm"] = _mul([float(v) for v in operands[-6:]], state["ctm"])
        elif op == "RG":
            state["rgb"] = tuple(operands[-3:])
        elif op == "G":
            state["rgb"] = (operands[-1],) * 3
        elif op == "d":
            state["dash"] = tuple(operands[-2]) if isinstance(operands[-2], list) else ()
        elif op == "m":
            if current:
                path.append(current)
            current = [point(*operands[-2:])]
        elif op == "l":
            current.append(point(*operands[-2:]))
        elif op == "c":
            current.append(point(*operands[-2:]))
        elif op == "h":
            if current:
                current.append(current[0])
        elif op == "re":
            x, y, w, h = operands[-4:]
            if current:
                path.append(current)
            current = [point(x, y), point(x + w, y), point(x + w, y + h), point(x, y + h), point(x, y)]
        elif op in ("S", "s", "B", "B*", "b", "b*"):
            finish(True)
        elif op in ("f", "F", "f*", "n"):
            finish(False)
        operands = []
    return out


def read_pdf(path: Path) -> list[dict]:
    """Pages of a matplotlib PDF, in order: MediaBox in mm and stroked paths."""
    data = path.read_bytes()
    assert b"/FlateDecode" not in data, "the dieline must be saved uncompressed (pdf.compression 0)"
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(?s)\n(\d+) 0 obj\n(.*?)\nendobj", b"\n" + data)}
    kids = re.search(rb"/Type /Pages\s+/Kids \[([^\]]*)\]", data)
    order = [int(n) for n in re.findall(rb"(\d+) 0 R", kids[1])]
    pages = []
    for number in order:
        obj = objects[number]
        box = [float(v) for v in re.search(rb"/MediaBox \[ ([^\]]+) \]", obj)[1].split()]
        content = objects[int(re.search(rb"/Contents (\d+) 0 R", obj)[1])]
        stream = content.split(b"stream\n", 1)[1].rsplit(b"endstream", 1)[0]
        pages.append({"size_mm": (box[2] * PT, box[3] * PT), "paths": stroked_paths(stream)})
    return pages


def _same(rgb, hex_colour) -> bool:
    return all(abs(a - b) < 0.01 for a, b in zip(rgb, _rgb(hex_colour)))


def _bbox(points):
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)


def outer_cut(page) -> tuple[float, float, float, float]:
    """Bounding box (mm) of the largest red path: the blank's outline."""
    cuts = [p["points"] for p in page["paths"] if _same(p["rgb"], MAU_CAT) and not p["dash"]]
    assert cuts, "no cut line on the page"
    return max((_bbox(c) for c in cuts), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


def vertical_folds(page, min_length_mm: float = 20) -> list[float]:
    """x (mm) of the dashed blue vertical fold lines."""
    xs = []
    for p in page["paths"]:
        if _same(p["rgb"], MAU_GAP) and p["dash"]:
            (xa, ya), (xb, yb) = p["points"][0], p["points"][-1]
            if abs(xa - xb) < 1e-6 and abs(yb - ya) >= min_length_mm:
                xs.append(xa)
    return sorted(xs)


def black_horizontal_lengths(page) -> list[float]:
    lengths = []
    for p in page["paths"]:
        if _same(p["rgb"], "#000000") and not p["dash"] and len(p["points"]) == 2:
            (xa, ya), (xb, yb) = p["points"]
            if abs(ya - yb) < 1e-6:
                lengths.append(abs(xb - xa))
    return lengths


# ------------------------------------------------------------------------------------ the blank formula
def test_blank_follows_the_teaching_formula_with_explicit_thickness_allowances():
    b = tam_phoi_fefco_0201(300, 200, 150, 4, be_dan_mm=35)
    assert b.cac_phan_mm == [35, 304, 204, 304, 204]  # glue tab, L + t, W + t, L + t, W + t
    assert b.than_mm == 158 and b.nap_mm == 102  # H + 2t, (W + t) / 2
    assert b.dai_phoi_mm == 2 * 300 + 2 * 200 + 35 + 4 * 4
    assert b.rong_phoi_mm == 150 + 200 + 3 * 4
    assert b.khe_mm == 6  # t + 2 mm


def test_blank_swaps_width_and_length_when_width_is_the_longer_side():
    assert tam_phoi_fefco_0201(200, 300, 150, 4, 35) == tam_phoi_fefco_0201(300, 200, 150, 4, 35)


def test_outline_is_closed_and_spans_the_blank():
    b = tam_phoi_fefco_0201(250, 180, 120, 3, 30)
    pts = duong_cat(b)
    assert pts[0] == pts[-1]
    assert _bbox(pts) == (0, 0, b.dai_phoi_mm, b.rong_phoi_mm)


# ------------------------------------------------------------------------------------ one page at 1:1
CASES = [(300, 200, 150, 4.0, 35.0), (140, 120, 130, 1.5, 30.0), (450, 350, 250, 7.0, 35.0)]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: "x".join(f"{v:g}" for v in c))
def single(request, tmp_path_factory):
    L, W, H, t, g = request.param
    path = tmp_path_factory.mktemp("khuon") / "khuon.pdf"
    ve_khuon_hop(L, W, H, t, tep_pdf=path, be_dan_mm=g)
    return tam_phoi_fefco_0201(L, W, H, t, g), read_pdf(path)


def test_single_page_is_as_large_as_the_drawing(single):
    blank, pages = single
    assert len(pages) == 1
    layout = bo_cuc(blank)
    w, h = pages[0]["size_mm"]
    assert abs(w - layout.rong) < 0.01 and abs(h - layout.cao) < 0.01
    assert w >= blank.dai_phoi_mm + 20 and h >= blank.rong_phoi_mm + 60


def test_outer_cut_measures_the_blank_length_and_width_in_mm(single):
    blank, pages = single
    x0, y0, x1, y1 = outer_cut(pages[0])
    assert abs((x1 - x0) - blank.dai_phoi_mm) <= TOL, (x1 - x0, blank.dai_phoi_mm)
    assert abs((y1 - y0) - blank.rong_phoi_mm) <= TOL, (y1 - y0, blank.rong_phoi_mm)


def test_vertical_folds_give_the_glue_tab_and_the_panels_l_w_l_w(single):
    blank, pages = single
    x0, _, x1, _ = outer_cut(pages[0])
    folds = vertical_folds(pages[0], min_length_mm=blank.than_mm - 1)
    assert len(folds) == 4, folds
    widths = [folds[0] - x0, *(b - a for a, b in zip(folds, folds[1:])), x1 - folds[-1]]
    expected = [blank.be_dan_mm, blank.dai_mm + blank.do_day_mm, blank.rong_mm + blank.do_day_mm,
                blank.dai_mm + blank.do_day_mm, blank.rong_mm + blank.do_day_mm]
    assert all(abs(a - b) <= TOL for a, b in zip(widths, expected)), (widths, expected)


def test_flap_folds_are_one_flap_depth_from_the_edges(single):
    blank, pages = single
    _, y0, _, y1 = outer_cut(pages[0])
    ys = set()
    for p in pages[0]["paths"]:
        if _same(p["rgb"], MAU_GAP) and p["dash"]:
            (xa, ya), (xb, yb) = p["points"][0], p["points"][-1]
            if abs(ya - yb) < 1e-6 and abs(xb - xa) > 10 and y0 < ya < y1:  # not the legend's sample
                ys.add(round(ya, 3))
    assert len(ys) == 2, ys
    low, high = sorted(ys)
    assert abs((low - y0) - blank.nap_mm) <= TOL and abs((y1 - high) - blank.nap_mm) <= TOL
    assert abs((high - low) - blank.than_mm) <= TOL


def test_check_ruler_is_100_mm_long(single):
    _, pages = single
    assert abs(max(black_horizontal_lengths(pages[0])) - 100) <= TOL


# ------------------------------------------------------------------------------------ tiled on A4
@pytest.fixture(scope="module")
def tiled(tmp_path_factory):
    path = tmp_path_factory.mktemp("khuon_a4") / "khuon_a4.pdf"
    ve_khuon_hop(160, 120, 130, 3, tep_pdf=path, kho_giay="A4", be_dan_mm=30)
    blank = tam_phoi_fefco_0201(160, 120, 130, 3, 30)
    layout = bo_cuc(blank)
    return blank, layout, ke_hoach_a4(layout.rong, layout.cao), read_pdf(path)


def test_tiling_uses_the_fewest_a4_pages_that_cover_the_drawing_with_overlap(tiled):
    _, layout, plan, pages = tiled
    assert len(pages) == plan.so_trang > 1
    for hang in range(plan.so_hang):
        for cot in range(plan.so_cot):
            x0, y0, x1, y1 = plan.cua_so(hang, cot, layout.cao)
            if cot + 1 < plan.so_cot:
                assert abs(x1 - plan.cua_so(hang, cot + 1, layout.cao)[0] - CHONG_MEP_MM) < 1e-9
            if hang + 1 < plan.so_hang:
                assert abs(plan.cua_so(hang + 1, cot, layout.cao)[3] - y0 - CHONG_MEP_MM) < 1e-9
    last = plan.cua_so(plan.so_hang - 1, plan.so_cot - 1, layout.cao)
    assert last[2] >= layout.rong and last[1] <= 0
    # one page fewer in either direction would not cover the drawing
    assert (plan.so_cot - 1) * plan.buoc[0] + CHONG_MEP_MM < layout.rong or plan.so_cot == 1
    assert (plan.so_hang - 1) * plan.buoc[1] + CHONG_MEP_MM < layout.cao or plan.so_hang == 1


def test_every_tiled_page_is_a4_with_a_100_mm_ruler(tiled):
    _, _, plan, pages = tiled
    for page in pages:
        w, h = page["size_mm"]
        assert {round(w, 1), round(h, 1)} == {210.0, 297.0}
        assert (w > h) == plan.ngang
        assert any(abs(length - 100) <= TOL for length in black_horizontal_lengths(page))


def _mark_centres(page):
    centres = set()
    for p in page["paths"]:
        if _same(p["rgb"], MAU_DAU_GHEP) and len(p["points"]) == 2:
            (xa, ya), (xb, yb) = p["points"]
            if abs(ya - yb) < 1e-6 and abs(abs(xb - xa) - 10) < 0.01:
                centres.add((round((xa + xb) / 2, 2), round(ya, 2)))
    return centres


def test_alignment_marks_repeat_on_neighbouring_pages_shifted_by_page_window_minus_overlap(tiled):
    _, layout, plan, pages = tiled
    assert plan.so_cot > 1
    left, right = _mark_centres(pages[0]), _mark_centres(pages[1])  # row 1, columns 1 and 2
    step = plan.vung_in[0] - CHONG_MEP_MM
    shared = {(x - step, y) for x, y in left} & {(round(x, 2), y) for x, y in right}
    shared = {(round(x, 2), y) for x, y in shared} & right
    assert len(shared) >= 2, (sorted(left), sorted(right))
    # those marks sit inside the overlap band of the left page: within 10 mm of its trim edge
    trim = LE_TRANG_A4["trai"] + plan.vung_in[0]
    assert all(trim - CHONG_MEP_MM <= x + step <= trim for x, _ in shared)
    assert len(dau_ghep(layout, plan)) >= 2


def test_blank_geometry_survives_tiling(tiled):
    """The fold lines on the first page sit where the single-page drawing puts them, shifted by the page window."""
    blank, layout, plan, pages = tiled
    x0, _, _, _ = plan.cua_so(0, 0, layout.cao)
    folds = vertical_folds(pages[0], min_length_mm=5)
    expected = [LE_TRANG_A4["trai"] + layout.le_trai_mm - x0 + s for s in blank.vi_tri_duong_gap_mm]
    visible = [e for e in expected if e <= LE_TRANG_A4["trai"] + plan.vung_in[0]]
    assert visible and all(any(abs(f - e) <= TOL for f in folds) for e in visible), (folds, visible)


def test_a_drawing_larger_than_the_limit_is_tiled_on_a4(tmp_path):
    path = tmp_path / "lon"  # the .pdf suffix is added
    ve_khuon_hop(140, 120, 130, 1.5, tep_pdf=path, kho_toi_da_mm=(400, 600))
    pages = read_pdf(tmp_path / "lon.pdf")
    assert len(pages) > 1 and all({round(v) for v in p["size_mm"]} == {210, 297} for p in pages)


def test_wrong_inputs_get_vietnamese_messages():
    with pytest.raises(TypeError, match="con số"):
        ve_khuon_hop("300", 200, 150, 4)
    with pytest.raises(ValueError, match="kho_giay"):
        ve_khuon_hop(300, 200, 150, 4, kho_giay="A3")
    with pytest.raises(ValueError, match="Độ dày giấy"):
        ve_khuon_hop(300, 200, 150, 0)


def test_result_shows_itself_as_a_screen_sized_preview_and_knows_the_blank(tmp_path):
    khuon = ve_khuon_hop(300, 200, 150, 4, tep_pdf=tmp_path / "k.pdf")
    w, h = khuon.hinh.get_size_inches()
    assert w <= 11 and 0.3 < h / w < 0.6  # the blank (1051 × 362 mm) with its dimensions, not to scale
    png = khuon._repr_png_()
    assert png.startswith(b"\x89PNG") and 1000 <= int.from_bytes(png[16:20], "big") <= 1300  # pixel width
    assert (khuon.dai_phoi_mm, khuon.rong_phoi_mm, khuon.so_trang) == (1051, 362, 1)
    assert "1.051 × 362 mm" in repr(khuon)
