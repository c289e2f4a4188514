"""nbgrader's own machinery, configured for a parallel run.

Two phases keep nbgrader's gradebook the one record: the sanitising preprocessors
(restore read-only and test cells from the gradebook, put back deleted test cells) run
before the parallel execution; then nbgrader's Autograde converter runs as usual on the
staged submissions, except that its Execute step picks up the notebook we already ran.
So `autograded/`, the gradebook, formgrader, `nbgrader export` and feedback all see an
ordinary nbgrader autograde.
"""

from __future__ import annotations

import json
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

from ..nbmeta import answers

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


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's metadata check, once per distinct set of cell metadata in this process.

    Its verdict depends on each cell's type and nbgrader metadata only, which are the same
    in nearly every submission of an assignment (answers change sources, not metadata);
    nbgrader re-checks its JSON schema for every cell, about 4 ms each.
    """

    _passed: set[str] = set()

    def preprocess(self, nb, resources):
        key = json.dumps([(c.cell_type, c.metadata.get("nbgrader")) for c in nb.cells], sort_keys=True, default=str)
        if key not in self._passed:
            nb, resources = super().preprocess(nb, resources)
            self._passed.add(key)
        return nb, resources


SANITIZE = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadataOnce]


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
        if answers(executed) != answers(nb):  # the run belongs to this submission
            raise ValueError(f"{path}: bản đã chạy không khớp với bản nộp")
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
    # The notebook was sanitised (cells restored from the gradebook, metadata checked) before it
    # ran, and ReuseExecution hands over that run: nbgrader's sanitising is not repeated here.
    config.Autograde.sanitize_preprocessors = [ClearOutput]
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


def share_gradebook_engines() -> None:
    """One SQLAlchemy engine per database in this process, instead of one per Gradebook.

    nbgrader opens a Gradebook (a new engine) for every preprocessor of every notebook, and
    a new engine compiles every query again: most of the bookkeeping's time. The engines
    are the same, only kept; Gradebook.close() still returns their connections.
    """
    import nbgrader.api

    if getattr(nbgrader.api.create_engine, "shared", False):
        return
    make, engines = nbgrader.api.create_engine, {}

    def create_engine(url, **kwargs):
        key = (str(url), tuple(sorted(kwargs.items())))
        if key not in engines:
            engines[key] = make(url, **kwargs)
        return engines[key]

    create_engine.shared = True
    nbgrader.api.create_engine = create_engine


def warm_up() -> None:
    """Submitted first: the recorder process imports nbgrader early and keeps its engines."""
    share_gradebook_engines()


def expected_notebooks(root: Path, assignment: str) -> list[str]:
    """Notebook names of the assignment, from the gradebook (set by `langnghe release`)."""
    with Gradebook(db_url(root)) as gb:
        return [nb.name for nb in gb.find_assignment(assignment).notebooks]


def source_grade_ids(root: Path, assignment: str, notebook: str) -> set[str]:
    with Gradebook(db_url(root)) as gb:
        return {cell.name for cell in gb.find_notebook(notebook, assignment).source_cells}
