"""Dated parameters (fees, tax rates, courier divisors): the values in force on a date.

Each parameter file in `langnghe/params/` holds, per name, a list of entries with
`hieu_luc_tu` (in force from) and `nguon` (source). Lessons never hard-code a fee or
a tax rate; they ask `tham_so("thue_khau_tru", "2025-08-15")`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from pathlib import Path

PARAMS_DIR = Path(__file__).parent / "params"


@lru_cache(maxsize=None)
def _all_params() -> dict[str, list[dict]]:
    merged: dict[str, list[dict]] = {}
    for path in sorted(PARAMS_DIR.glob("*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for name, entries in data.items():
            if name == "tep":  # the file's own header: date of review, editor
                continue
            if name in merged:
                raise ValueError(f"Tham số {name!r} được khai báo ở hai tệp; mỗi tham số chỉ ở một tệp.")
            merged[name] = sorted(entries, key=lambda e: e["hieu_luc_tu"])
    return merged


def _as_date(value) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime) or hasattr(value, "to_pydatetime"):
        return value.date()
    return value


def tham_so(ten: str, ngay=None) -> dict:
    """Giá trị của nhóm tham số `ten` có hiệu lực vào `ngay` (mặc định: hôm nay).

    Kết quả là một từ điển, gồm cả `hieu_luc_tu` và `nguon`.
    """
    params = _all_params()
    if ten not in params:
        raise KeyError(
            f"Không có nhóm tham số {ten!r}. Các nhóm có sẵn: {', '.join(sorted(params))}."
        )
    when = _as_date(ngay)
    in_force = [e for e in params[ten] if e["hieu_luc_tu"] <= when]
    if not in_force:
        first = params[ten][0]["hieu_luc_tu"]
        raise ValueError(f"Tham số {ten!r} chỉ có từ {first:%d/%m/%Y}; ngày {when:%d/%m/%Y} sớm hơn thế.")
    return dict(in_force[-1])
