"""`langnghe feedback ASSIGNMENT`: HTML feedback in Vietnamese, without the hidden tests.

nbgrader's GenerateFeedback writes feedback/<student>/<assignment>/*.html (where its
exchange returns it to the trainee), with ClearHiddenTests added so the code of hidden
tests never reaches the page (nbgrader issue #917; the kernels ran with xmode=Minimal,
so tracebacks do not quote it either). The page is the course's nbconvert template
(templates/nhan-xet/): a Vietnamese summary per question, with the reasons from the grading
run, above the trainee's notebook; numbers through babel.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.converters import GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, GetGrades
from traitlets import Bool, Dict

from ..fmt import diem
from ..nbmeta import grade_id, is_test, nbgrader_metadata
from . import nbgrader_glue

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE = "nhan-xet"


class TomTatNhanXet(Preprocessor):
    """resources["langnghe"]: each graded cell as a question of the summary, after GetGrades has put
    the scores in the cells. A question is named by the last heading above it."""

    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled
    reasons = Dict(help="the grading run's reason per grade id, for this trainee").tag(config=True)

    def preprocess(self, nb, resources):
        questions, heading = [], ""
        for cell in nb.cells:
            meta = nbgrader_metadata(cell)
            if cell.cell_type == "markdown":
                heading = next((line.lstrip("#").strip() for line in reversed(cell.source.splitlines())
                                if line.startswith("#")), heading)
            if not meta.get("grade"):
                continue
            name = heading or grade_id(cell)
            score, points = meta.get("score"), meta.get("points") or 0
            questions.append({
                "ma": grade_id(cell),
                "ten": name if is_test(cell) else f"{name} (giảng viên chấm)",
                "diem": score, "toi_da": points,
                "dat": score is not None and points > 0 and score >= points,
                "nhan_xet": self.reasons.get(grade_id(cell), ""),
            })
        grades = resources["nbgrader"]
        resources["langnghe"] = {"cau": questions, "diem": grades.get("score"), "toi_da": grades.get("max_score"),
                                 "tru_nop_muon": grades.get("late_penalty") or 0}
        return nb, resources


def generate(root: Path, assignment: str, students: list[str] | None = None) -> list[Path]:
    config = nbgrader_glue.course_config(root)
    config.CourseDirectory.assignment_id = assignment
    config.GenerateFeedback.preprocessors = [ClearHiddenTests, GetGrades, TomTatNhanXet, CSSHTMLHeaderPreprocessor]
    config.GenerateFeedback.force = True
    config.HTMLExporter.template_name = TEMPLATE
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.filters = {"diem": diem}
    results_file = root / nbgrader_glue.STAGING / assignment / "ket-qua.json"
    reasons = {}
    if results_file.is_file():
        reasons = {r["student"]: r["question_reasons"]
                   for r in json.loads(results_file.read_text(encoding="utf-8"))}
    targets = students or sorted(p.parent.name for p in (root / "autograded").glob(f"*/{assignment}"))
    pages = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for student in targets:
            config.CourseDirectory.student_id = student
            config.TomTatNhanXet.reasons = reasons.get(student, {})
            GenerateFeedback(coursedir=CourseDirectory(config=config), config=config).start()
            pages += sorted((root / "feedback" / student / assignment).glob("*.html"))
    return pages
