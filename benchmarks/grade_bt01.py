"""Benchmark: `langnghe grade` against plain `nbgrader autograde` on the same submissions.

    .venv/bin/python benchmarks/grade_bt01.py [N]      (default N = 30)

Builds N submissions of the course's own bt01 (a third correct, a third partly done, a
third blank), grades the same set with plain `nbgrader autograde` and with `langnghe grade`
in two scratch course directories, checks that both give the same scores, and prints the
seconds per submission of each, their ratio, and the time the notebook's own code takes to
run in an already started kernel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ASSIGNMENT = "bt01-ban-hang-truc-tuyen"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
EXERCISE = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

sys.path.insert(0, str(ROOT / "tests"))
from coursetools import strip_solution_markers  # noqa: E402
from langnghe.course import tool_environment  # noqa: E402


def submission(answered: int):
    """The student version with the first `answered` answers filled in from the solution."""
    nb = nbformat.read(EXERCISE, as_version=4)
    answers = {c.id: strip_solution_markers(c.source) for c in nbformat.read(SOLUTION, as_version=4).cells
               if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}
    for cell in [c for c in nb.cells if c.id in answers][:answered]:
        cell.source = answers[cell.id]
    return nb


def make_course(folder: Path, n: int) -> None:
    shutil.copy2(ROOT / "nbgrader_config.py", folder)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, folder / "solutions" / ASSIGNMENT)
    subprocess.run([BIN / "langnghe", "release", ASSIGNMENT], cwd=folder, check=True, capture_output=True,
                   env=tool_environment())
    total = sum(1 for c in nbformat.read(SOLUTION, as_version=4).cells
                if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
    for i in range(n):
        answered = (total, total // 2 + i % 3, 0)[i % 3]
        target = folder / "submitted" / f"hv{i:03d}" / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(submission(answered), target / f"{ASSIGNMENT}.ipynb")


def scores(folder: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(ASSIGNMENT).submissions}


def timed(command: list, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=tool_environment())
    return time.perf_counter() - start


def own_code_seconds(repeats: int = 3) -> float:
    """Running the solution's cells in a kernel that is already started (imports included)."""
    best = float("inf")
    for _ in range(repeats):
        nb = nbformat.read(SOLUTION, as_version=4)
        client = NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(SOLUTION.parent)}})
        with client.setup_kernel():
            start = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        plain_dir, ours_dir = Path(a), Path(b)
        make_course(plain_dir, n)
        make_course(ours_dir, n)
        plain = timed([BIN / "nbgrader", "autograde", ASSIGNMENT], plain_dir)
        ours = timed([BIN / "langnghe", "grade", ASSIGNMENT, "--quiet"], ours_dir)
        same = scores(plain_dir) == scores(ours_dir)
        own = own_code_seconds()
    print(f"submissions: {n} (bt01; correct / partly done / blank in thirds)")
    print(f"plain nbgrader autograde: {plain:7.2f} s  = {plain / n:.3f} s per submission")
    print(f"langnghe grade:           {ours:7.2f} s  = {ours / n:.3f} s per submission")
    print(f"speed-up: {plain / ours:.2f}x")
    print(f"the notebook's own code in a started kernel: {own:.3f} s; "
          f"langnghe per submission / own code = {ours / n / own:.2f}")
    print(f"same scores: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
