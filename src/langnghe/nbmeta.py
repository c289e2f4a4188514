"""What the course knows of an nbgrader notebook, in one place.

The roles of its cells come from nbgrader's own `nbgrader.utils` (is_grade, is_solution,
is_locked); this module adds the course's words for them (a test, an answer, a written answer,
the set-up), grade ids and points, the split of a test cell into its visible checks and its
hidden tests, the error name of a cell stopped at its time limit, and the titles a notebook
gives its questions and itself. check, grade, bundle, startpage and site all read notebooks
through it.
"""

from __future__ import annotations

import copy
from pathlib import Path

from nbgrader.utils import is_grade, is_locked, is_solution

# nbgrader's markers, spelled in two parts so that no file of the self-study bundle (this
# module ships in its wheel) contains them: the bundle test scans every file for them.
HIDDEN_BEGIN = "### BEGIN " + "HIDDEN TESTS"
HIDDEN_END = "### END " + "HIDDEN TESTS"
SOLUTION_BEGIN = "### BEGIN " + "SOLUTION"

# A cell stopped at its time limit: the judge's own error name, or the kernel's
# KeyboardInterrupt when nbclient interrupted it.
TIMEOUT_ENAME = "CellTimeoutError"
TIMEOUT_ENAMES = {TIMEOUT_ENAME, "KeyboardInterrupt"}


def nbgrader_metadata(cell) -> dict:
    """The cell's nbgrader metadata; {} when it has none or a submission broke it."""
    value = cell.get("metadata", {}).get("nbgrader")
    return value if isinstance(value, dict) else {}


def _marked(cell) -> bool:
    return bool(nbgrader_metadata(cell))


def is_test(cell) -> bool:
    """An autograded test: a code cell worth points that the trainee does not write."""
    return cell.cell_type == "code" and _marked(cell) and bool(is_grade(cell)) and not is_solution(cell)


def is_answer(cell) -> bool:
    """A code cell the trainee answers in."""
    return cell.cell_type == "code" and _marked(cell) and bool(is_solution(cell))


def is_written_answer(cell) -> bool:
    """An answer worth points that the instructor grades by hand."""
    return _marked(cell) and bool(is_grade(cell)) and bool(is_solution(cell))


def is_setup(cell) -> bool:
    """A locked code cell that is not a test: the set-up (imports, data) every answer needs."""
    return cell.cell_type == "code" and _marked(cell) and bool(is_locked(cell)) and not is_grade(cell)


def is_trainee_code(cell) -> bool:
    """A code cell whose source is the trainee's: an answer, or a cell they added."""
    return cell.cell_type == "code" and not (_marked(cell) and is_locked(cell))


def grade_id(cell) -> str | None:
    return nbgrader_metadata(cell).get("grade_id") or None


def points(cell) -> float:
    return float(nbgrader_metadata(cell).get("points", 0) or 0)


def grade_ids(nb) -> set[str]:
    return {gid for gid in map(grade_id, nb.cells) if gid}


def answers(nb) -> dict[str, str]:
    """{grade_id: source} of the answer cells (the first, when a submission duplicated one)."""
    found: dict[str, str] = {}
    for cell in nb.cells:
        if _marked(cell) and is_solution(cell) and grade_id(cell):
            found.setdefault(grade_id(cell), cell.get("source", ""))
    return found


def total_points(nb) -> tuple[float, float]:
    """(autograded, graded by hand) points of a notebook."""
    auto = sum(points(c) for c in nb.cells if _marked(c) and is_grade(c) and not is_solution(c))
    manual = sum(points(c) for c in nb.cells if is_written_answer(c))
    return auto, manual


def split_test(source: str) -> tuple[str, str]:
    """A test cell's visible checks, and its hidden tests."""
    if HIDDEN_BEGIN not in source:
        return source, ""
    before, _, rest = source.partition(HIDDEN_BEGIN)
    hidden, _, after = rest.partition(HIDDEN_END)
    return before + after, hidden


def question_labels(nb) -> dict[str, str]:
    """Each test's question title: the last markdown heading above it."""
    labels, heading = {}, ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():  # the last heading of the cell names what follows
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        elif is_test(cell):
            labels[grade_id(cell)] = heading or grade_id(cell)
    return labels


def first_heading(nb) -> str:
    """The notebook's title: its first `# ` heading ('' when it has none)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


# Cells for one audience only, by tag: a class on the hub (how to submit, the instructor grades)
# or a learner alone (langnghe check, no one to submit to). Every other cell is for both.
FOR_CLASS = "lop-hoc"
FOR_SELF_STUDY = "tu-hoc"


def for_audience(nb, audience: str):
    """The notebook as `audience` (FOR_CLASS or FOR_SELF_STUDY) reads it: the other audience's cells
    removed, the audience tags dropped. The notebook given is not changed."""
    other = {FOR_CLASS: FOR_SELF_STUDY, FOR_SELF_STUDY: FOR_CLASS}[audience]
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if other not in cell.metadata.get("tags", [])]
    for cell in out.cells:
        tags = [t for t in cell.metadata.get("tags", []) if t not in (FOR_CLASS, FOR_SELF_STUDY)]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
    return out


def read_for_audience(path, audience: str) -> bytes:
    """The bytes of the notebook at `path` as `audience` reads it (unchanged when it has no audience cells)."""
    import nbformat

    data = Path(path).read_bytes()
    nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    if not any({FOR_CLASS, FOR_SELF_STUDY} & set(c.metadata.get("tags", [])) for c in nb.cells):
        return data
    return (nbformat.writes(for_audience(nb, audience)) + "\n").encode("utf-8")


def set_audience(folder, audience: str) -> list[Path]:
    """Rewrite every notebook under `folder` as `audience` reads it (a hub's copy of the course is for
    the class); returns the notebooks changed."""
    changed = []
    for path in sorted(Path(folder).rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        data = read_for_audience(path, audience)
        if data != path.read_bytes():
            path.write_bytes(data)
            changed.append(path)
    return changed
