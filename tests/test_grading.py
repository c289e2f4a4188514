"""Through real nbgrader on a scratch course directory: full, zero and in-between scores."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import pytest
from nbgrader.api import Gradebook

from coursetools import BIN, ROOT, assignment_pairs, half_done
from langnghe.course import tool_environment


def autograde(assignment: str, solution, exercise, course) -> dict:
    """Autograde three submissions of one assignment in a scratch course; the gradebook's scores."""
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(solution.parent, course / "solutions" / assignment)
    nbgrader = [str(BIN / "nbgrader")]
    env = tool_environment()
    subprocess.run(nbgrader + ["generate_assignment", assignment, "--force"], cwd=course, check=True, env=env,
                   capture_output=True)
    submissions = {
        "full": nbformat.read(solution, as_version=4),
        "blank": nbformat.read(exercise, as_version=4),
        "half": half_done(exercise, solution),
    }
    for student, nb in submissions.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / solution.name)
    done = subprocess.run(nbgrader + ["autograde", assignment], cwd=course, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {}
        for student in submissions:
            sub = gb.find_submission_notebook(solution.stem, assignment, student)
            scores[student] = {
                g.name: (g.auto_score, g.max_score) for g in sub.grades if g.cell.cell_type == "code"
            }
    return scores


_graded: dict = {}  # assignment -> (scores, course); this module's tests share one worker


# The tests of one assignment share a worker, so each assignment is autograded once.
@pytest.fixture(params=[pytest.param(p[0], marks=pytest.mark.xdist_group(f"nbgrader_{p[0]}"))
                        for p in assignment_pairs()])
def graded(request, tmp_path_factory):
    """Each assignment autograded once per test run, when its first test asks for it."""
    name = request.param
    if name not in _graded:
        _, solution, exercise = next(p for p in assignment_pairs() if p[0] == name)
        course = tmp_path_factory.mktemp(name)
        _graded[name] = (autograde(name, solution, exercise, course), course)
    scores, course = _graded[name]
    return name, scores, course


def test_instructor_version_runs_without_error_and_scores_full_marks(graded):
    assignment, scores, course = graded
    lost = {name: s for name, s in scores["full"].items() if s[0] != s[1]}
    assert not lost, f"lời giải mất điểm ở: {lost}"
    for path in (course / "autograded" / "full" / assignment).glob("*.ipynb"):
        errors = [(i, o.get("ename"), o.get("evalue")) for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
                  for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{path.name}: {errors}"
    assert list((course / "autograded" / "full" / assignment).glob("*.ipynb"))


def test_untouched_student_version_scores_zero_everywhere(graded):
    assignment, scores, course = graded
    earned = {name: s for name, s in scores["blank"].items() if s[0] != 0}
    assert not earned, f"bài bỏ trắng vẫn có điểm ở: {earned}"
    assert (course / "autograded" / "blank" / assignment).is_dir()


def test_half_done_scores_in_between(graded):
    _, scores, _ = graded
    total = sum(s[0] for s in scores["half"].values())
    maximum = sum(s[1] for s in scores["half"].values())
    assert 0 < total < maximum
