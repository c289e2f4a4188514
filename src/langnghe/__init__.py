"""langnghe: khóa học Jupyter cho các cơ sở làng nghề Việt Nam.

Trainee-facing helpers have Vietnamese names without diacritics (they type them):

    from langnghe import tai_du_lieu, tien, thu_ngay, kiem_tra_so
"""

import sys as _sys

# jsonschema (under nbformat and nbgrader) imports rfc3987_syntax when it is installed, only to
# check "iri" formats that no notebook schema uses; it compiles a grammar at import, 2.2 s here,
# in every `langnghe check` and `langnghe grade`. Marking it absent makes jsonschema skip it.
_sys.modules.setdefault("rfc3987_syntax", None)

# Each trainee name and the module it lives in. They are imported on first use (PEP 562), so that
# what imports only a part of the package (the Bài tập panel's server extension in every trainee's
# JupyterLab) does not load pandas, which would cost every trainee's server its memory.
_NAMES = {
    **dict.fromkeys(["kiem_tra_bang", "kiem_tra_chuoi", "kiem_tra_cot", "kiem_tra_danh_sach", "kiem_tra_ham",
                     "kiem_tra_so", "thu_ngay", "xap_xi"], "hints"),
    **dict.fromkeys(["danh_sach_du_lieu", "tai_du_lieu"], "data"),
    **dict.fromkeys(["ngay", "phan_tram", "so", "thang", "tien", "tien_gon"], "fmt"),
    "tham_so": "params",
}


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_NAMES})


from . import old_paths as _old_paths  # noqa: E402

_old_paths.install()

__version__ = "0.1.0"

__all__ = sorted(_NAMES)
