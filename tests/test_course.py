"""The course's folders: each course module goes by one name, its lesson folder's slug."""

from __future__ import annotations

import pytest

from coursetools import ROOT
from langnghe.course import assignments, find_root, module_text, modules

PACKAGE = ROOT / "src" / "langnghe"
# Module 0 (getting started) has lessons and an assignment but no arithmetic of its own.
WITH_ARITHMETIC = [folder for folder in modules(ROOT) if not folder.name.startswith("00-")]


@pytest.mark.parametrize("folder", WITH_ARITHMETIC, ids=lambda f: f.name)
def test_every_part_of_a_module_carries_its_slug(folder):
    slug = folder.name[3:].replace("-", "_")
    parts = {
        "arithmetic": [PACKAGE / f"{slug}.py", PACKAGE / slug / "__init__.py"],
        "calculators": [PACKAGE / "may_tinh" / f"{slug}.py"],
        "generator": [PACKAGE / "datagen" / f"{slug}.py", PACKAGE / "datagen" / slug / "__init__.py"],
        "parameters": [PACKAGE / "params" / f"{slug}.toml"],
        "tests": [ROOT / "tests" / f"test_{slug}.py"],
        "dataset tests": [ROOT / "tests" / f"test_datasets_{slug}.py"],
    }
    missing = [what for what, places in parts.items() if not any(p.is_file() for p in places)]
    assert not missing, f"{slug}: {missing}"
    assert f"bt{folder.name[:2]}-{folder.name[3:]}" in assignments(ROOT)


def test_module_titles_come_from_their_readme():
    titles = [module_text(folder)[0] for folder in modules(ROOT)]
    assert titles[0].startswith("Mô-đun 0") and all(t.startswith("Mô-đun") for t in titles)


def test_the_course_is_found_from_a_folder_inside_it():
    assert find_root(ROOT / "lessons" / "00-lam-quen") == ROOT
