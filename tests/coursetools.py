"""What several test files share: the repository, its notebooks, and trainee answers made from the
instructor versions."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def lesson_notebooks() -> list[Path]:
    return sorted((ROOT / "lessons").glob("*/*.ipynb"))


def solution_notebooks() -> list[Path]:
    return sorted((ROOT / "solutions").glob("*/*.ipynb"))


def exercise_notebooks() -> list[Path]:
    return sorted((ROOT / "exercises").glob("*/*.ipynb"))


def all_notebooks() -> list[Path]:
    return sorted(ROOT.glob("*.ipynb")) + lesson_notebooks() + solution_notebooks() + exercise_notebooks()


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def assignment_pairs() -> list[tuple[str, Path, Path]]:
    """(assignment, instructor version, committed student version) for every assignment."""
    pairs = []
    for solution in solution_notebooks():
        exercise = ROOT / "exercises" / solution.parent.name / solution.name
        pairs.append((solution.parent.name, solution, exercise))
    return pairs


def strip_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if "### BEGIN SOLUTION" not in line
                     and "### END SOLUTION" not in line)


def with_answers(student, solution: Path, share: float = 1.0):
    """A student notebook (nbformat) with the first `share` of its code answers taken from the solution."""
    import nbformat

    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nbformat.read(solution, as_version=4).cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    }
    order = [c for c in student.cells if c.metadata.get("nbgrader", {}).get("grade_id") in answers]
    for cell in order[: math.ceil(len(order) * share)]:
        cell.source = strip_solution_markers(answers[cell.metadata["nbgrader"]["grade_id"]])
    return student


def half_done(exercise: Path, solution: Path):
    """The student version with the first half of the code answers filled in from the solution."""
    import nbformat

    return with_answers(nbformat.read(exercise, as_version=4), solution, 0.5)


def pins(text: str) -> dict[str, str]:
    """{package: version} of a constraints file (names normalised as pip does)."""
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.split(";")[0].partition("==")  # a system's pin: `x==1 ; sys_platform == ...`
            found[name.strip().lower().replace("_", "-")] = version.strip()
    return found


def clean_env(**extra) -> dict[str, str]:
    """The environment of a learner's shell: not this repository's venv, no Jupyter state of ours."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "MPLCONFIGDIR", "IPYTHONDIR", "VIRTUAL_ENV", "PYTHON", "LANGNGHE"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    return {**env, **extra}


def offline(command: list) -> list:
    """The command in a network namespace with only loopback, where this machine allows one."""
    if shutil.which("unshare") and shutil.which("ip") and \
            subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *map(str, command)]
    return command
