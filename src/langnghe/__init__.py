"""langnghe: khóa học Jupyter cho các cơ sở làng nghề Việt Nam.

Trainee-facing helpers have Vietnamese names without diacritics (they type them):

    from langnghe import tai_du_lieu, tien, thu_ngay, kiem_tra_so
"""

import sys as _sys

# jsonschema (under nbformat and nbgrader) imports rfc3987_syntax when it is installed, only to
# check "iri" formats that no notebook schema uses; it compiles a grammar at import, 2.2 s here,
# in every `langnghe check` and `langnghe grade`. Marking it absent makes jsonschema skip it.
_sys.modules.setdefault("rfc3987_syntax", None)

from .hints import (  # noqa: E402
    kiem_tra_bang,
    kiem_tra_chuoi,
    kiem_tra_cot,
    kiem_tra_danh_sach,
    kiem_tra_ham,
    kiem_tra_so,
    thu_ngay,
    xap_xi,
)
from .data import danh_sach_du_lieu, tai_du_lieu  # noqa: E402
from .fmt import ngay, phan_tram, so, thang, tien, tien_gon  # noqa: E402
from .params import tham_so  # noqa: E402

from . import old_paths as _old_paths  # noqa: E402

_old_paths.install()

__version__ = "0.1.0"

__all__ = [
    "danh_sach_du_lieu",
    "kiem_tra_bang",
    "kiem_tra_chuoi",
    "kiem_tra_cot",
    "kiem_tra_danh_sach",
    "kiem_tra_ham",
    "kiem_tra_so",
    "ngay",
    "phan_tram",
    "so",
    "tai_du_lieu",
    "thang",
    "tham_so",
    "thu_ngay",
    "tien",
    "tien_gon",
    "xap_xi",
]
