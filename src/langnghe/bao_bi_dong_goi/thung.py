"""The arithmetic of a corrugated box and of a parcel (module 3).

Shared by the lessons, the dieline (`langnghe.bao_bi_dong_goi`) and the calculator widget. Maintainer-facing
names are English; the lessons show the same arithmetic step by step with Vietnamese names, and the
assignment asks trainees to write it.

Units: lengths in mm, masses in kg, forces in N. ECT (edge crush test) in kN/m, which is the same as
N/mm, so McKee's formula with ECT in kN/m and lengths in mm gives the box compression strength in N.

The FEFCO 0201 blank (regular slotted container, one piece, glued joint) is computed with the
course's teaching formula, in which every allowance for the board thickness t is explicit:

* each side panel, score line to score line: inner dimension + t (the score lines sit in the middle
  of the board, so each of the panel's two corners adds t/2);
* body height, score to score: inner height + 2t (the closed flaps at the top and at the bottom take
  about one board thickness each inside the box);
* flap depth: (inner width + t) / 2, so the two long outer flaps meet in the middle;
* blank length = glue tab + 2 (L + t) + 2 (W + t) = 2L + 2W + glue tab + 4t;
* blank width = (H + 2t) + 2 × (W + t)/2 = H + W + 3t.

Box makers use their own allowance tables per flute; the difference is a few millimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..params import tham_so

__all__ = [
    "G",
    "MCKEE",
    "flute_thickness_mm",
    "slot_width_mm",
    "Blank",
    "fefco_0201_blank",
    "box_perimeter_mm",
    "mckee_bct_n",
    "stacking_load_n",
    "required_bct_n",
    "max_layers",
    "empty_space_ratio",
    "drop_height_cm",
    "missing_label_items",
]

G = 9.81  # m/s², weight of 1 kg in N
MCKEE = 5.87  # McKee's simplified formula constant (dimensionless in consistent units)


def flute_thickness_mm(flutes: str, date=None) -> float:
    """Approximate board thickness for a flute combination: 'C' -> 4.0, 'BC' -> 7.0 (course parameter)."""
    table = tham_so("do_day_song", date)
    try:
        return round(sum(float(table[f]) for f in flutes.upper()), 3)
    except KeyError as err:
        known = ", ".join(k for k in "ABCE" if k in table)
        raise ValueError(f"Không biết loại sóng {flutes!r}. Các loại sóng có sẵn: {known}.") from err


def slot_width_mm(thickness_mm: float) -> float:
    """Width of the slots between flaps: board thickness + 2 mm, so the flaps fold without rubbing."""
    return thickness_mm + 2.0


@dataclass(frozen=True)
class Blank:
    """The flat blank of a FEFCO 0201 box, in mm, from its inner dimensions and board thickness."""

    length: float  # inner L
    width: float  # inner W
    height: float  # inner H
    thickness: float  # board t
    glue: float  # glue tab width

    @property
    def panel_l(self) -> float:
        return self.length + self.thickness

    @property
    def panel_w(self) -> float:
        return self.width + self.thickness

    @property
    def body(self) -> float:
        return self.height + 2 * self.thickness

    @property
    def flap(self) -> float:
        return (self.width + self.thickness) / 2

    @property
    def slot(self) -> float:
        return slot_width_mm(self.thickness)

    @property
    def blank_length(self) -> float:
        return self.glue + 2 * self.panel_l + 2 * self.panel_w

    @property
    def blank_width(self) -> float:
        return self.body + 2 * self.flap

    @property
    def area_m2(self) -> float:
        """Area of the blank's bounding rectangle (what the board sheet must cover), m²."""
        return self.blank_length * self.blank_width / 1e6

    @property
    def panels(self) -> list[float]:
        """Widths along the blank, left to right: glue tab, L, W, L, W."""
        return [self.glue, self.panel_l, self.panel_w, self.panel_l, self.panel_w]

    @property
    def score_positions(self) -> list[float]:
        """x of the vertical score lines from the blank's left edge: glue fold and the three corners."""
        xs, x = [], 0.0
        for w in self.panels[:-1]:
            x += w
            xs.append(x)
        return xs


def fefco_0201_blank(length_mm: float, width_mm: float, height_mm: float, thickness_mm: float,
                     glue_mm: float | None = None) -> Blank:
    """The blank of a regular slotted container from inner L, W, H and the board thickness (mm).

    L is the longer side of the base: if W > L the two are swapped.
    """
    for name, value in (("dài", length_mm), ("rộng", width_mm), ("cao", height_mm)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"Chiều {name} của hộp phải là một số dương (mm), nhưng đang là {value!r}.")
    if not 0 < thickness_mm < 20:
        raise ValueError(f"Độ dày giấy {thickness_mm!r} mm không hợp lý: giấy carton dày khoảng 1,5 đến 15 mm.")
    if width_mm > length_mm:  # by convention L is the longer side of the base
        length_mm, width_mm = width_mm, length_mm
    if glue_mm is None:
        glue_mm = tham_so("be_dan_hop")["mac_dinh"]
    return Blank(float(length_mm), float(width_mm), float(height_mm), float(thickness_mm), float(glue_mm))


def box_perimeter_mm(length_mm: float, width_mm: float) -> float:
    """Perimeter Z of the box body, 2 (L + W), used by McKee's formula."""
    return 2 * (length_mm + width_mm)


def mckee_bct_n(ect_kn_per_m: float, thickness_mm: float, perimeter_mm: float) -> float:
    """Box compression test (BCT) strength by McKee: 5.87 × ECT × √(t × Z), in N.

    ECT in kN/m (= N/mm), board thickness t and box perimeter Z in mm.
    """
    return MCKEE * ect_kn_per_m * math.sqrt(thickness_mm * perimeter_mm)


def stacking_load_n(gross_kg: float, layers: int) -> float:
    """Load on the bottom box of a stack of `layers` equal boxes (N): the boxes above it."""
    return max(layers - 1, 0) * gross_kg * G


def required_bct_n(gross_kg: float, layers: int, safety_factor: float) -> float:
    """The BCT a box needs: the load on the bottom box × the safety factor (N)."""
    return stacking_load_n(gross_kg, layers) * safety_factor


def max_layers(bct_n: float, gross_kg: float, safety_factor: float) -> int:
    """The tallest stack the bottom box can carry with this safety factor."""
    if gross_kg <= 0:
        raise ValueError("Khối lượng một thùng phải lớn hơn 0.")
    return int(math.floor(round(bct_n / safety_factor / (gross_kg * G), 9))) + 1


def empty_space_ratio(product_volume: float, box_volume: float) -> float:
    """Share of the box's inner volume not taken by the product (filler counts as empty space)."""
    if box_volume <= 0:
        raise ValueError("Thể tích thùng phải lớn hơn 0.")
    return 1 - product_volume / box_volume


def drop_height_cm(weight_kg: float, date=None) -> int | None:
    """ISTA 1A free-fall drop height for a packed weight; None above the procedure's 68 kg."""
    table = tham_so("do_cao_roi_ista_1a", date)
    if weight_kg < 0:
        raise ValueError("Khối lượng kiện hàng không thể âm.")
    if weight_kg > table["khoi_luong_toi_da_kg"]:
        return None
    for low, high, cm in zip(table["tu_kg"], table["den_kg"], table["do_cao_cm"]):
        if low <= weight_kg < high:
            return cm
    return table["do_cao_cm"][-1]  # exactly the maximum weight


def missing_label_items(label: dict, required: list[str]) -> list[str]:
    """Required label items that are absent or blank in `label`, in the order of `required`."""
    def blank(value) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    return [item for item in required if blank(label.get(item))]
