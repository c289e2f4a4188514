"""nbgrader's own machinery, configured for a parallel run.

Two phases keep nbgrader's gradebook the one record: the sanitising preprocessors
(restore read-only and test cells from the gradebook, put back deleted test cells) run
before the parallel execution; then nbgrader's Autograde converter runs as usual on the
staged submissions, except that its Execute step picks up the notebook we already ran.
So `autograded/`, the gradebook, formgrader, `nbgrader export` and feedback all see an
ordinary nbgrader autograde.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets import Unicode
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

# nbgrader's SQLAlchemy usage warns under SQLAlchemy 2.1; the warnings say nothing to an instructor.
warnings.filterwarnings("ignore", module="nbgrader")
warnings.filterwarnings("ignore", message=".*not in session.*")

STAGING = Path(".langnghe") / "cham-bai"  # under the course root: nbgrader paths are relative to it

RESTORED_NOTICE = "Ô này (id: {cell_id}) đã bị xóa khỏi bài nộp; hệ thống chấm khôi phục nó từ bản gốc.\n\n"


def course_config(root: Path) -> Config:
    """The course's nbgrader_config.py, plus what parallel grading needs."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.OverwriteCells.add_missing_cells = True
    config.OverwriteCells.missing_cell_notification = RESTORED_NOTICE
    return config


def db_url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


SANITIZE = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]


def sanitize(nb, config: Config, root: Path, assignment: str, notebook: str, student: str):
    """What nbgrader autograde does to a submission before running it."""
    resources = {"nbgrader": {"student": student, "assignment": assignment, "notebook": notebook,
                              "db_url": db_url(root)}}
    for cls in SANITIZE:
        nb, resources = cls(config=config)(nb, resources)
    return nb


class ReuseExecution(NbGraderPreprocessor):
    """Stands in for nbgrader's Execute: the notebook was already run, in parallel."""

    executed_dir = Unicode(help="Folder of executed notebooks, <student>/<notebook>.ipynb").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        path = Path(self.executed_dir) / info["student"] / f"{info['notebook']}.ipynb"
        executed = nbformat.read(path, as_version=4)
        if [c.source for c in executed.cells] != [c.source for c in nb.cells]:
            raise ValueError(f"{path}: bản đã chạy không khớp với bản nộp đã làm sạch")
        return executed, resources


def autograde_staged(root: Path, assignment: str, student: str, executed_dir: Path) -> None:
    """nbgrader's Autograde on one staged submission, reusing its execution.

    Called for each trainee as soon as their notebooks have run, so this bookkeeping
    overlaps with the execution of the others.
    """
    config = course_config(root)
    config.CourseDirectory.submitted_directory = str(STAGING / assignment / "submitted")
    config.CourseDirectory.assignment_id = assignment
    config.ReuseExecution.executed_dir = str(executed_dir)
    # The metadata check ran once already, before execution (each check costs ~70 ms: nbgrader
    # re-validates its JSON schema for every cell), so it is not repeated here.
    config.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells]
    config.Autograde.autograde_preprocessors = [
        ReuseExecution, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties,
    ]
    config.Autograde.force = True  # re-grading replaces the previous autograded copy
    config.CourseDirectory.student_id = student
    # nbgrader raises after logging a submission it could not process; the caller finds
    # that student's autograded folder missing and says so.
    coursedir = CourseDirectory(config=config)
    try:
        Autograde(coursedir=coursedir, config=config).start()
    except NbGraderException:
        pass


def warm_up() -> None:
    """Nothing: submitted first, it makes the recorder process import nbgrader early."""


def expected_notebooks(root: Path, assignment: str) -> list[str]:
    """Notebook names of the assignment, from the gradebook (set by `langnghe release`)."""
    with Gradebook(db_url(root)) as gb:
        return [nb.name for nb in gb.find_assignment(assignment).notebooks]


def source_grade_ids(root: Path, assignment: str, notebook: str) -> set[str]:
    with Gradebook(db_url(root)) as gb:
        return {cell.name for cell in gb.find_notebook(notebook, assignment).source_cells}
