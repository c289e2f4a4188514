"""Every name a trainee types or sees with Shift+Tab is Vietnamese without diacritics, with a
Vietnamese docstring: the modules the lessons and exercises import, their public functions,
classes and constants, the functions' arguments and the classes' fields.

"Vietnamese without diacritics" is checked word by word: each part of a name between
underscores (or each capitalised part of a class name) is one Vietnamese syllable, or a term
the course keeps as it is (a regulation's symbol, a unit, an acronym).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Each course module's arithmetic, its calculators and the charts: what a lesson may import.
COURSE_MODULES = ["langnghe", "langnghe.bieu_do", "langnghe.may_tinh", "langnghe.ban_hang_truc_tuyen",
                  "langnghe.thiet_ke_san_pham", "langnghe.bao_bi_dong_goi", "langnghe.san_xuat_sach_hon",
                  "langnghe.quan_ly", "langnghe.lien_ket"]

ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
SYLLABLE = re.compile(rf"^(?:{ONSET})?[aeiouy]{{1,3}}(?:ch|nh|ng|c|m|n|p|t)?$")
# Kept as they are: symbols of QCVN 40 (Kq, Kf, Cmax), names of methods and standards (Kano,
# McKee, FEFCO, ECT, BCT, ABC, NPV, IRR), file formats, units, chemical names, and matplotlib's
# `ax`, which the lessons' own code names so (fig, ax = plt.subplots()).
TERMS = {"ax", "kq", "kf", "cmax", "qcvn", "kano", "mckee", "fefco", "ect", "bct", "abc", "npv", "irr",
         "excel", "csv", "pdf", "a4", "co2", "cod", "bod5", "tss", "vnd", "mj", "kg", "mm", "cm", "m3",
         "kwh", "sku", "rgb", "df"}
VIETNAMESE_LETTERS = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)


def _imported_modules() -> set[str]:
    found = set()
    for folder in ("lessons", "solutions", "exercises"):
        for path in (ROOT / folder).rglob("*.ipynb"):
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                if cell["cell_type"] == "code":
                    source = "".join(cell["source"])
                    found |= set(re.findall(r"^\s*from (langnghe[\w.]*) import", source, re.M))
                    found |= set(re.findall(r"^\s*import (langnghe[\w.]*)", source, re.M))
    return found


def _words(name: str) -> list[str]:
    if name[:1].isupper() and not name.isupper():  # a class: KhuonHop
        return [w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", name)]
    return [w for w in name.lower().split("_") if w]


def _not_vietnamese(name: str) -> list[str]:
    return [w for w in _words(name) if not (w.isdigit() or w in TERMS or SYLLABLE.match(w))]


def _public(module) -> dict[str, object]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items()
                 if not n.startswith("_") and not inspect.ismodule(v)
                 and getattr(v, "__module__", module.__name__) == module.__name__]
    return {n: getattr(module, n) for n in names}


def _problems(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    parts = module_name.split(".")[1:]  # after the course's own name, làng nghề written as one word
    problems = [f"{module_name}: module name ({w})" for w in sum((_not_vietnamese(p) for p in parts), [])]
    if not VIETNAMESE_LETTERS.search(module.__doc__ or ""):
        problems.append(f"{module_name}: no Vietnamese docstring")
    for name, value in _public(module).items():
        where = f"{module_name}.{name}"
        problems += [f"{where}: name ({w})" for w in _not_vietnamese(name)]
        if not (inspect.isfunction(value) or inspect.isclass(value)):
            continue
        if not VIETNAMESE_LETTERS.search(inspect.getdoc(value) or ""):
            problems.append(f"{where}: no Vietnamese docstring")
        if inspect.isfunction(value):
            for arg in inspect.signature(value).parameters:
                problems += [f"{where}({arg}): argument ({w})" for w in _not_vietnamese(arg)]
        else:
            fields = [f.name for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else []
            members = [n for n, v in vars(value).items() if not n.startswith("_") and callable(v)]
            for member in fields + members:
                problems += [f"{where}.{member}: field or method ({w})" for w in _not_vietnamese(member)]
    return problems


def test_every_module_the_lessons_import_is_checked():
    assert _imported_modules() <= set(COURSE_MODULES), sorted(_imported_modules() - set(COURSE_MODULES))


@pytest.mark.parametrize("module_name", COURSE_MODULES)
def test_trainee_names_are_vietnamese_with_vietnamese_docstrings(module_name):
    problems = _problems(module_name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["chargeable_weight", "stock_card", "Payout", "cash_plan", "KANO_TABLE"])
def test_the_check_refuses_english_names(name):
    assert _not_vietnamese(name)


@pytest.mark.parametrize("name", ["khoi_luong_tinh_cuoc", "the_kho", "BANG_KANO", "KhuonHop", "kf", "thang_3"])
def test_the_check_accepts_vietnamese_names(name):
    assert not _not_vietnamese(name)
