"""`langnghe release`: build the student versions in exercises/ from solutions/ with nbgrader.

`--check` regenerates into a scratch copy of the course and compares file by file, so a
hand-edited or stale student version is caught without touching the working tree.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .course import RELEASE, SOURCE, assignments, tool_environment
from .errors import CourseError


class ReleaseError(CourseError):
    """nbgrader cannot generate a student version (message in Vietnamese)."""


def generate(root: Path, assignment: str) -> None:
    """Run nbgrader generate_assignment for one assignment in the course at `root`."""
    if not (root / SOURCE / assignment).is_dir():
        raise ReleaseError(
            f"Không có bài tập {assignment!r} trong {SOURCE}/. Các bài có sẵn: {', '.join(assignments(root))}."
        )
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force", "--log-level=WARN"],
        cwd=root, capture_output=True, text=True, env=tool_environment(),
    )
    if done.returncode != 0:
        raise ReleaseError(f"nbgrader không tạo được {assignment}:\n{done.stdout}{done.stderr}")


def release(root: Path, selected: list[str] | None = None) -> list[str]:
    """Regenerate exercises/<assignment>/ for the selected (default: all) assignments."""
    names = selected or assignments(root)
    for name in names:
        generate(root, name)
    return names


def _tree(folder: Path) -> set[Path]:
    ignored = {".ipynb_checkpoints", "__pycache__"}
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and not ignored & set(p.parts)}


def differences(root: Path, selected: list[str] | None = None) -> list[str]:
    """Files of exercises/ that differ from what nbgrader generates now (empty when in sync)."""
    names = selected or assignments(root)
    problems = []
    with tempfile.TemporaryDirectory(prefix="langnghe-release-") as scratch:
        copy = Path(scratch)
        shutil.copy2(root / "nbgrader_config.py", copy / "nbgrader_config.py")
        shutil.copytree(root / SOURCE, copy / SOURCE)
        for name in names:
            generate(copy, name)
            fresh, committed = copy / RELEASE / name, root / RELEASE / name
            if not committed.is_dir():
                problems.append(f"{RELEASE}/{name}/: chưa có (chạy `langnghe release {name}`)")
                continue
            want, have = _tree(fresh), _tree(committed)
            for rel in sorted(want - have):
                problems.append(f"{RELEASE}/{name}/{rel}: thiếu")
            for rel in sorted(have - want):
                problems.append(f"{RELEASE}/{name}/{rel}: thừa (không do nbgrader tạo ra)")
            for rel in sorted(want & have):
                if not filecmp.cmp(fresh / rel, committed / rel, shallow=False):
                    problems.append(f"{RELEASE}/{name}/{rel}: khác bản nbgrader tạo từ {SOURCE}/")
        extra = {p.name for p in (root / RELEASE).iterdir() if p.is_dir()} - set(assignments(root))
        if not selected:
            problems += [f"{RELEASE}/{name}/: không có bản gốc trong {SOURCE}/" for name in sorted(extra)]
    return problems
