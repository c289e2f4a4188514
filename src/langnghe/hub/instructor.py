"""An instructor's round on the hub: assign, collect, grade, return feedback, report.

Assigning, collecting and returning go through nbgrader's exchange; grading is the course's
own `langnghe grade` (sandboxed, parallel), so scores on the hub match scores anywhere else.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ..course import SOURCE, assignments, tool_environment
from .workshop import CLASS_KEYS, Workshop, WorkshopError, give_course_to_grader


def assignment_id(ws: Workshop, name: str) -> str:
    """The full assignment id from its short name ("bt01" -> "bt01-ban-hang-truc-tuyen")."""
    known = assignments(ws.course)
    matches = [a for a in known if a == name] or [a for a in known if a.startswith(name)]
    if len(matches) != 1:
        raise WorkshopError(f"Không rõ bài tập “{name}”. Các bài có: {', '.join(known)}.")
    return matches[0]


def _nbgrader(ws: Workshop, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=INFO"], cwd=ws.course,
                          capture_output=True, text=True, env=tool_environment())
    give_course_to_grader(ws)
    if done.returncode:
        raise WorkshopError(f"nbgrader {args[0]} không chạy được:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def assign(ws: Workshop, name: str) -> str:
    """Regenerate the student version (which also enters the assignment in the gradebook) and release it."""
    from ..release import ReleaseError, generate

    aid = assignment_id(ws, name)
    try:
        generate(ws.course, aid)
    except ReleaseError as err:
        raise WorkshopError(str(err)) from None
    _nbgrader(ws, "release_assignment", aid, "--force")
    write_class_keys(ws, aid)
    return aid


def write_class_keys(ws: Workshop, aid: str) -> list[Path]:
    """The keys of a released assignment for the trainees' own check (the Bài tập panel's Kiểm tra):
    its visible tests only, copied into each home when the server starts (home.fill_home)."""
    from .. import key

    shutil.rmtree(ws.course / CLASS_KEYS / aid, ignore_errors=True)
    written = key.write_class_keys(sorted((ws.course / SOURCE / aid).glob("*.ipynb")), ws.course / CLASS_KEYS)
    give_course_to_grader(ws)
    return written


def collect(ws: Workshop, name: str) -> tuple[str, list[str]]:
    """Collect the latest submission of everyone who submitted; returns who."""
    aid = assignment_id(ws, name)
    _nbgrader(ws, "collect", aid, "--update")
    submitted = ws.course / "submitted"
    students = sorted(p.parent.name for p in submitted.glob(f"*/{aid}")) if submitted.is_dir() else []
    return aid, students


def grade(ws: Workshop, name: str, students: list[str] | None = None):
    from ..grade.run import Grader, Options

    aid = assignment_id(ws, name)
    try:
        return aid, Grader(ws.course, aid, Options(progress=False)).grade(students)
    finally:
        give_course_to_grader(ws)


def give_back(ws: Workshop, name: str) -> tuple[str, list[Path]]:
    """Feedback pages for everyone graded, released through the exchange to each trainee."""
    from ..grade.feedback import generate

    aid = assignment_id(ws, name)
    pages = generate(ws.course, aid)
    _nbgrader(ws, "release_feedback", aid)
    return aid, pages


def report(ws: Workshop, output: Path | None = None) -> list[Path]:
    from ..grade.report import write

    try:
        return write(ws.course, output)
    finally:
        give_course_to_grader(ws)
