"""Turn what a trainee submitted into something nbgrader can grade, without touching it.

Each submission is copied to the staging area; there, and only there, a renamed notebook
gets its expected name, an old nbformat is upgraded, and a file that is not a notebook at
all is replaced by the blank student version (it then scores zero, with a reason).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..course import RELEASE
from ..nbmeta import answers, grade_id, grade_ids, is_solution


@dataclass
class Staged:
    student: str
    notebooks: list[str] = field(default_factory=list)  # expected names that have a staged file
    reasons: list[str] = field(default_factory=list)  # Vietnamese, for the trainee and the instructor
    tampering: list[str] = field(default_factory=list)  # per notebook: code that tampers with grading


def read_submission(path: Path):
    """The notebook, or None and why not (in Vietnamese)."""
    if path.stat().st_size == 0:
        return None, "tệp rỗng"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - any unreadable file gets the same treatment
        return None, f"không phải notebook hợp lệ ({type(err).__name__})"
    if not isinstance(nb.get("cells"), list) or not nb.cells:
        return None, "notebook không có ô nào"
    return nb, ""


def stage_submission(root: Path, assignment: str, student: str, expected: dict[str, set[str]],
                     staging: Path) -> Staged:
    """Copy submitted/<student>/<assignment>/ into staging/<student>/<assignment>/, repaired."""
    source = root / "submitted" / student / assignment
    target = staging / student / assignment
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    result = Staged(student)

    submitted = {p.stem: p for p in sorted(source.glob("*.ipynb"))}
    unclaimed = {name: p for name, p in submitted.items() if name not in expected}
    for name, ids in expected.items():
        path = submitted.get(name)
        if path is None:
            # A renamed notebook: the unclaimed file sharing the most cells with this one.
            scored = []
            for other, other_path in unclaimed.items():
                nb, _ = read_submission(other_path)
                if nb is not None and grade_ids(nb) & ids:
                    scored.append((len(grade_ids(nb) & ids), other))
            if not scored:
                continue  # nbgrader scores a missing notebook zero
            path = unclaimed.pop(max(scored)[1])
            result.reasons.append(f"Tệp {path.name} đã được đổi tên; chấm nó như {name}.ipynb.")
        nb, problem = read_submission(path)
        if nb is None:
            blank = root / RELEASE / assignment / f"{name}.ipynb"
            nb = nbformat.read(blank, as_version=4)
            result.reasons.append(f"{path.name}: {problem}. Bài được chấm như bài chưa làm (0 điểm).")
        elif nb.nbformat_minor < 5:
            result.reasons.append(f"{path.name}: notebook định dạng cũ, đã được chuyển sang định dạng mới để chấm.")
        nbformat.write(nb, target / f"{name}.ipynb")
        result.notebooks.append(name)
    return result


def rebuild_from_answers(root: Path, assignment: str, name: str, nb):
    """The blank student version with this notebook's answers copied in by grade id.

    For a notebook whose structure nbgrader refuses (broken metadata, duplicated cells):
    every answer the trainee wrote still counts.
    """
    blank = nbformat.read(root / RELEASE / assignment / f"{name}.ipynb", as_version=4)
    written = answers(nb)
    for cell in blank.cells:
        if is_solution(cell) and grade_id(cell) in written:
            cell.source = written[grade_id(cell)]
    return blank
