"""The key of an assignment notebook: its locked cells and its tests by grade_id, never its answers.

`langnghe check` reads the tests from a key: made from the instructor version in a course folder,
or read from the key files a self-study bundle ships (keys/), whose hidden tests are
zlib-compressed and base64-encoded so that they are not readable at a glance.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .errors import CourseError
from .nbmeta import grade_id, grade_ids, is_locked, is_test, is_written_answer, points, question_labels, split_test

KEY_FORMAT = "langnghe-check-key/1"


class BrokenKey(CourseError):
    """A key file that cannot be read (message in Vietnamese)."""


@dataclass
class TestCell:
    visible: str
    hidden: str
    points: float
    label: str


@dataclass
class Key:
    """What check needs of one assignment notebook: its locked and test cells by grade_id, never its answers."""

    assignment: str
    notebook: str
    grade_ids: set[str]
    locked: dict[str, tuple[str, str]]  # grade_id -> (cell_type, source); markdown sources are not kept
    tests: dict[str, TestCell]  # in notebook order
    manual_points: float
    for_class: bool = False  # a class trainee's key (without_hidden_tests): her check speaks of the instructor

    @classmethod
    def from_instructor(cls, path: Path) -> "Key":
        nb = nbformat.read(path, as_version=4)
        labels = question_labels(nb)
        locked, tests, manual = {}, {}, 0.0
        for cell in nb.cells:
            gid = grade_id(cell)
            if not gid:
                continue
            if is_test(cell):
                visible, hidden = split_test(cell.source)
                tests[gid] = TestCell(visible, hidden, points(cell), labels[gid])
            elif is_locked(cell):
                locked[gid] = (cell.cell_type, cell.source if cell.cell_type == "code" else "")
            if is_written_answer(cell):
                manual += points(cell)
        return cls(path.parent.name, path.name, grade_ids(nb), locked, tests, manual)

    def without_hidden_tests(self) -> "Key":
        """The key a trainee of a class may hold: her check runs the tests her notebook shows, with the
        judge and its hints, and nothing of the hidden tests the grading adds."""
        tests = {gid: dataclasses.replace(test, hidden="") for gid, test in self.tests.items()}
        return dataclasses.replace(self, tests=tests, for_class=True)

    def to_json(self) -> str:
        """The key file of a self-study bundle; hidden tests zlib-compressed and base64-encoded."""
        data = {
            "format": KEY_FORMAT,
            "assignment": self.assignment,
            "notebook": self.notebook,
            "grade_ids": sorted(self.grade_ids),
            "manual_points": self.manual_points,
            "lop_hoc": self.for_class,
            "locked": [{"grade_id": gid, "cell_type": kind, "source": source}
                       for gid, (kind, source) in self.locked.items()],
            "tests": [{"grade_id": gid, "label": t.label, "points": t.points, "visible": t.visible,
                       "hidden": base64.b64encode(zlib.compress(t.hidden.encode("utf-8"), 9)).decode("ascii")}
                      for gid, t in self.tests.items()],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def read(cls, path: Path) -> "Key":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("format") != KEY_FORMAT:
                raise ValueError(data.get("format"))
            tests = {t["grade_id"]: TestCell(t["visible"],
                                             zlib.decompress(base64.b64decode(t["hidden"])).decode("utf-8"),
                                             float(t["points"]), t["label"]) for t in data["tests"]}
            locked = {c["grade_id"]: (c["cell_type"], c["source"]) for c in data["locked"]}
            return cls(data["assignment"], data["notebook"], set(data["grade_ids"]), locked, tests,
                       float(data["manual_points"]), bool(data.get("lop_hoc", False)))
        except (OSError, ValueError, KeyError, TypeError, zlib.error) as err:
            raise BrokenKey(
                f"Tệp kiểm tra {Path(path).name} của khóa học bị hỏng ({type(err).__name__}). "
                "Hãy giải nén lại bộ khóa học tải về."
            ) from None


def write_class_keys(notebooks: Iterable[Path], folder: Path) -> list[Path]:
    """The keys a class's trainees hold for their own check, folder/<assignment>/<notebook>.json, visible
    tests only: made from the instructor's versions or the student versions (exercises/), which have the
    same visible tests. Returns the files written."""
    written = []
    for notebook in notebooks:
        key = Key.from_instructor(Path(notebook)).without_hidden_tests()
        path = Path(folder) / key.assignment / f"{Path(key.notebook).stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key.to_json(), encoding="utf-8")
        written.append(path)
    return written
