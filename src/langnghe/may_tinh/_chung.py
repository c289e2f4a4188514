"""What the calculators share: their two-column result table, their sliders and the line that says how to type a value.

Maintainer note on sliders (ipywidgets 8): the number right of a slider (the readout) can be clicked and typed
into; the browser reads it with parseInt and then snaps it to the slider's step. So

- the readout keeps the plain "d" format: ",d" would show 198,000 (a comma is the decimal mark in Vietnamese) and
  a learner who edits "198,000" gets 198; the Vietnamese form (198.000 ₫) is shown beside a money slider instead;
- every value a lesson passes, and every round value a learner types, must lie on the step grid
  (value - min divisible by step), or the slider shows another number: `buoc_vua` keeps it there.

Every calculator's box has `nhap`: its controls by the name of the parameter each one shows
(tests/test_may_tinh.py checks the lessons' values through it).
"""

from __future__ import annotations

import ipywidgets as w

from ..fmt import tien

GO_GIA_TRI = ("Kéo thanh trượt, hoặc bấm vào con số bên phải thanh trượt để gõ giá trị rồi bấm Enter "
              "(chỉ gõ chữ số, không gõ dấu chấm: 250000).")
"""The calculators' on-screen help: the readout can be clicked and typed."""

CHI_KHI_CHAY = "ln-chi-khi-chay"  # class of the widgets a frozen copy (langnghe site) may leave out
RONG_NHAN = "210px"  # label column of the calculators' sliders: holds the longest label
RONG_THANH = "720px"  # a slider with its label and readout: the track is about 400 px in JupyterLab


def bang_ket_qua(rows: list[tuple[str, str]]) -> str:
    """An HTML table of (label, value) rows, values right-aligned."""
    body = "".join(
        f"<tr><td style='padding:2px 12px 2px 0'>{label}</td><td style='text-align:right'>{value}</td></tr>"
        for label, value in rows
    )
    return f"<table>{body}</table>"


def huong_dan_go_so() -> w.HTML:
    """The help line shown above a calculator's sliders (class `ln-chi-khi-chay`: it only makes sense while running)."""
    return w.HTML(f"<p style='margin:0 0 4px 0'><i>{GO_GIA_TRI}</i></p>").add_class(CHI_KHI_CHAY)


def buoc_vua(step: int, low: int, *values: int) -> int:
    """`step`, or else the largest power of ten below it, that puts `low` and every value on the slider's grid.

    A slider from `low` by `step` reaches low, low + step, ...; a value off that grid is shown rounded. With
    step 1,000 a cost of 198,000 ₫ stays 198,000 ₫; a lesson's 273,862 ₫ makes the step 1 ₫.
    """
    candidates = [step] + [10 ** k for k in range(len(str(step)), -1, -1) if 10 ** k < step]
    return next(s for s in candidates if all((int(v) - int(low)) % s == 0 for v in values))


def thanh_truot(value: int, low: int, high: int, step: int, label: str, *, rong_nhan: str = RONG_NHAN,
                rong: str = RONG_THANH) -> w.IntSlider:
    """An integer slider with its label fully shown; the step shrinks (`buoc_vua`) to keep `value` exact."""
    value, low = int(round(value)), int(low)
    step = buoc_vua(int(step), low, value)
    high = max(int(high), value)
    return w.IntSlider(value=value, min=low, max=high, step=step, description=label, readout=True,
                       readout_format="d", style={"description_width": rong_nhan}, layout=w.Layout(width=rong))


def so_tien_ben_canh(slider: w.IntSlider) -> w.HBox:
    """The slider with its value in Vietnamese form beside the readout (198000 → "= 198.000 ₫")."""
    shown = w.HTML(layout=w.Layout(min_width="130px")).add_class(CHI_KHI_CHAY)  # a frozen copy has the value

    def show(*_):
        shown.value = f"= {tien(slider.value)}"

    slider.observe(show, "value")
    show()
    return w.HBox([slider, shown])
