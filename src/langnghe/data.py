"""Load the course's datasets by their Vietnamese name, with dtypes from datapackage.json.

The same call works wherever a notebook is opened: in `lessons/` or `exercises/` of the
repo, in a trainee's home folder on the hub, in an unzipped self-study folder.
"""

from __future__ import annotations

import difflib
import json
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ENV_VAR = "LANGNGHE_DU_LIEU"
DESCRIPTOR = "datapackage.json"


class KhongTimThayDuLieu(LookupError):
    """A dataset name that does not exist, or no datasets folder at all (message in Vietnamese)."""

    def __str__(self) -> str:  # LookupError's default repr-quotes the message
        return str(self.args[0]) if self.args else ""


def _candidates(start: Path) -> list[Path]:
    """Places a `datasets/` folder can be, most specific first."""
    places = []
    if os.environ.get(ENV_VAR):
        places.append(Path(os.environ[ENV_VAR]).expanduser())
    for folder in (start, *start.parents):
        places.append(folder / "datasets")
    home = Path.home()
    places += [home / "langnghe" / "datasets", home / "datasets"]
    # The repository this package was installed from (editable install or source checkout).
    places.append(Path(__file__).resolve().parents[2] / "datasets")
    return places


def thu_muc_du_lieu(start: Path | None = None) -> Path:
    """The datasets folder: the first candidate that holds a datapackage.json."""
    start = Path.cwd() if start is None else Path(start)
    for place in _candidates(start.resolve()):
        if (place / DESCRIPTOR).is_file():
            return place
    raise KhongTimThayDuLieu(
        "Không tìm thấy thư mục dữ liệu `datasets/` của khóa học. Hãy mở notebook từ trong thư mục "
        f"khóa học (nơi có thư mục datasets/), hoặc đặt biến môi trường {ENV_VAR} trỏ tới thư mục đó."
    )


def _descriptor(folder: Path) -> dict:
    with open(folder / DESCRIPTOR, encoding="utf-8") as f:
        return json.load(f)


def danh_sach_du_lieu() -> list[str]:
    """Tên các bộ dữ liệu có sẵn, ví dụ ['don_hang', 'san_pham', ...]."""
    return sorted(r["name"] for r in _descriptor(thu_muc_du_lieu())["resources"])


def _normalise(name: str) -> str:
    """'Đơn hàng.csv' -> 'don_hang': trainees type names in many ways."""
    text = unicodedata.normalize("NFD", name.strip().lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.removesuffix(".csv")
    return "_".join(text.replace("-", " ").split())


def _find_resource(descriptor: dict, ten) -> dict:
    resources = {r["name"]: r for r in descriptor["resources"]}
    if not isinstance(ten, str):
        raise KhongTimThayDuLieu(
            f"Tên bộ dữ liệu phải là chuỗi chữ trong dấu ngoặc kép, ví dụ tai_du_lieu(\"don_hang\"). "
            f"Các bộ dữ liệu có sẵn: {', '.join(sorted(resources))}."
        )
    key = _normalise(ten)
    if key in resources:
        return resources[key]
    close = difflib.get_close_matches(key, resources, n=1)
    suggestion = f" Có phải bạn muốn \"{close[0]}\"?" if close else ""
    raise KhongTimThayDuLieu(
        f"Không có bộ dữ liệu tên \"{ten}\".{suggestion} "
        f"Các bộ dữ liệu có sẵn: {', '.join(sorted(resources))}."
    )


def _column_types(schema: dict) -> tuple[dict, list[str]]:
    """pandas dtypes from a Table Schema; date fields are parsed afterwards."""
    dtypes, dates = {}, []
    for field in schema["fields"]:
        kind = field.get("type", "string")
        required = field.get("constraints", {}).get("required", False)
        if kind in ("date", "datetime"):
            dates.append(field["name"])
            dtypes[field["name"]] = "str"
        elif kind == "integer":
            dtypes[field["name"]] = "int64" if required else "Int64"
        elif kind == "number":
            dtypes[field["name"]] = "float64"
        else:
            dtypes[field["name"]] = "str"
    return dtypes, dates


def tai_du_lieu(ten: str, thu_muc: Path | None = None) -> pd.DataFrame:
    """Tải một bộ dữ liệu của khóa học thành bảng pandas: tai_du_lieu("don_hang").

    Cột ngày có kiểu ngày (datetime64), cột số có kiểu số, đúng như mô tả trong
    datasets/datapackage.json. `thu_muc`: thư mục dữ liệu, khi không muốn tự tìm.
    """
    import pandas as pd  # here: `langnghe check` in a server finds the datasets without loading pandas

    folder = Path(thu_muc) if thu_muc is not None else thu_muc_du_lieu()
    resource = _find_resource(_descriptor(folder), ten)
    dtypes, dates = _column_types(resource["schema"])
    table = pd.read_csv(folder / resource["path"], dtype=dtypes, encoding="utf-8", keep_default_na=False,
                        na_values=[""])
    for column in dates:
        table[column] = pd.to_datetime(table[column], format="%Y-%m-%d")
    return table
