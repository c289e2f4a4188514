"""The course modules' old import paths, kept for one release.

Hubs that were running before the rename keep old lesson copies in trainees' homes, which say
`from langnghe.selling import chargeable_weight`. Each old path is an empty module whose names
lead to the new ones, with a Vietnamese warning that names what to type instead.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

# old module: (its new module, {old name: new name} for the names that changed)
OLD_PATHS: dict[str, tuple[str, dict[str, str]]] = {
    "langnghe.selling": ("langnghe.ban_hang_truc_tuyen", {"chargeable_weight": "khoi_luong_tinh_cuoc"}),
    "langnghe.design": ("langnghe.thiet_ke_san_pham", {}),
    "langnghe.packaging": ("langnghe.bao_bi_dong_goi", {}),
    "langnghe.dieline": ("langnghe.bao_bi_dong_goi", {}),
    "langnghe.cleaner_production": ("langnghe.san_xuat_sach_hon", {}),
    "langnghe.management": ("langnghe.quan_ly", {}),
    "langnghe.linkage": ("langnghe.lien_ket", {}),
    "langnghe.charts": ("langnghe.bieu_do", {}),
    "langnghe.widgets": ("langnghe.may_tinh", {}),
}


class TenCu(FutureWarning):
    """Tên cũ của khóa học: vẫn chạy ở bản này, sẽ bỏ ở bản sau."""


class _OldPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in OLD_PATHS:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        new_path, renamed = OLD_PATHS[module.__name__]

        def __getattr__(name):
            if name.startswith("__"):
                raise AttributeError(name)
            new_module = importlib.import_module(new_path)
            new_name = renamed.get(name, name)
            if not hasattr(new_module, new_name):
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            warnings.warn(
                f"`{module.__name__}.{name}` là tên cũ; nay gõ `from {new_path} import {new_name}`. "
                "Bài vẫn chạy, nhưng bản sau của khóa học sẽ bỏ tên cũ: hãy lấy bản bài học mới "
                "(hỏi giảng viên, hoặc tải lại khóa học).",
                TenCu, stacklevel=2,
            )
            return getattr(new_module, new_name)

        module.__getattr__ = __getattr__


def install() -> None:
    if not any(isinstance(finder, _OldPaths) for finder in sys.meta_path):
        sys.meta_path.append(_OldPaths())
