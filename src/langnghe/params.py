"""Tham số có ngày hiệu lực (phí sàn, thuế suất, hệ số quy đổi...): mức đang áp dụng vào một ngày.

Maintainer note: each parameter file in `langnghe/params/` holds, per name, a list of entries
with `hieu_luc_tu` (in force from), `nguon` (source), `do_tin_cay` (confidence),
`kiem_tra_ngay` (last checked against its source) and `kiem_tra_lai_thang` (months until it
should be checked again). Lessons never hard-code a fee or a tax rate; they ask
`tham_so("thue_khau_tru", "2025-08-15")`. Asked for a date after an entry's recheck date,
`tham_so` prints a Vietnamese note once, and still returns the value: a lesson never breaks
because a fee has not been rechecked.
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
        text = value.strip()
        for parse in (lambda t: dt.date.fromisoformat(t[:10]), lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
            try:
                return parse(text)
            except ValueError:
                pass
        raise ValueError(f"Ngày “{value}” chưa đúng cách viết: hãy viết '2025-08-15' (năm-tháng-ngày) "
                         "hoặc '15/08/2025' (ngày/tháng/năm).")
    if isinstance(value, dt.datetime) or hasattr(value, "to_pydatetime"):
        return value.date()
    return value


def ngay_kiem_tra_lai(muc: dict) -> dt.date:
    """Ngày một mức tham số cần được kiểm tra lại với nguồn của nó (ngày kiểm tra cuối + số tháng)."""
    last, months = muc["kiem_tra_ngay"], int(muc["kiem_tra_lai_thang"])
    year, month = divmod(last.month - 1 + months, 12)
    year, month = last.year + year, month + 1
    days_in_month = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(last.day, days_in_month))


_NOTED: set[tuple[str, dt.date]] = set()  # (name, entry date) already noted in this process


def _note_if_stale(ten: str, muc: dict, when: dt.date) -> None:
    recheck = ngay_kiem_tra_lai(muc)
    if when <= recheck or (ten, muc["hieu_luc_tu"]) in _NOTED:
        return
    _NOTED.add((ten, muc["hieu_luc_tu"]))
    print(f"ℹ️ Tham số `{ten}` (mức từ {muc['hieu_luc_tu']:%d/%m/%Y}) được kiểm tra với nguồn lần cuối ngày "
          f"{muc['kiem_tra_ngay']:%d/%m/%Y} và cần kiểm tra lại từ {recheck:%d/%m/%Y}: mức có thể đã đổi. "
          "Hãy xem trang người bán hoặc văn bản mới nhất trước khi quyết định.")


def tham_so(ten: str, ngay=None) -> dict:
    """Giá trị của nhóm tham số `ten` có hiệu lực vào `ngay` (mặc định: hôm nay).

    Kết quả là một từ điển, gồm cả `hieu_luc_tu`, `nguon`, `do_tin_cay` và ngày kiểm tra với
    nguồn (`kiem_tra_ngay`). Nếu `ngay` đã qua ngày cần kiểm tra lại mức đó, hàm in một dòng
    nhắc (một lần) và vẫn trả về mức ấy.
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
    _note_if_stale(ten, in_force[-1], when)
    return dict(in_force[-1])


def cac_tham_so() -> dict[str, list[dict]]:
    """Mọi nhóm tham số của khóa học và mọi mức của từng nhóm, theo ngày hiệu lực."""
    return {ten: [dict(m) for m in muc] for ten, muc in sorted(_all_params().items())}
