"""`langnghe feedback ASSIGNMENT`: HTML feedback in Vietnamese, without the hidden tests.

nbgrader's GenerateFeedback writes feedback/<student>/<assignment>/*.html (where its
exchange returns it to the trainee), with ClearHiddenTests added so the code of hidden
tests never reaches the page (nbgrader issue #917; the kernels ran with xmode=Minimal,
so tracebacks do not quote it either). Then each page gets a Vietnamese summary per
question, with the reasons from the grading run, and its labels in Vietnamese.
"""

from __future__ import annotations

import html
import json
import warnings
from pathlib import Path

import nbformat
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.api import Gradebook
from nbgrader.converters import GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from ..course import SOURCE
from ..fmt import diem
from ..nbmeta import question_labels
from . import nbgrader_glue

LABELS = {
    "Student's answer": "Câu trả lời của học viên",
    "Student's task": "Nhiệm vụ của học viên",
    "Coding free-response": "Câu trả lời bằng code",
    "Written response": "Câu trả lời viết",
    "Test cell": "Ô kiểm tra",
    "Late submission penalty": "Trừ điểm nộp muộn",
    "Comments:": "Nhận xét:",
    "(Top)": "(Lên đầu trang)",
    "Score:": "Điểm:",
    "(Score:": "(Điểm:",
    ">Comment<": ">Nhận xét<",
}


def _summary(root: Path, assignment: str, notebook: str, student: str, reasons: dict[str, str]) -> str:
    labels = question_labels(nbformat.read(root / SOURCE / assignment / f"{notebook}.ipynb", as_version=4))
    rows = []
    with Gradebook(nbgrader_glue.db_url(root)) as gb:
        sub = gb.find_submission_notebook(notebook, assignment, student)
        for grade in sorted(sub.grades, key=lambda g: list(labels).index(g.name) if g.name in labels else 99):
            label = labels.get(grade.name, "Câu trả lời viết (giảng viên chấm)")
            score = "chờ giảng viên chấm" if grade.score is None or grade.needs_manual_grade else \
                f"{diem(grade.score)}/{diem(grade.max_score)}"
            note = reasons.get(grade.name, "")
            rows.append(f"<tr><td>{html.escape(label)}</td><td>{score}</td><td>{html.escape(note)}</td></tr>")
        total = f"{diem(sub.score)}/{diem(sub.max_score)}"
    return (
        "<div class='langnghe-tom-tat' style='margin:1em 0;padding:1em;border:1px solid #ccc'>"
        f"<h3>Kết quả bài {html.escape(assignment)}: {total} điểm</h3>"
        "<table class='table'><tr><th>Câu</th><th>Điểm</th><th>Nhận xét</th></tr>"
        + "".join(rows) + "</table>"
        "<p>Bên dưới là bài làm của anh chị với kết quả từng ô kiểm tra. Phần kiểm tra ẩn không được hiển thị.</p>"
        "</div>"
    )


def translate(page: str) -> str:
    for english, vietnamese in LABELS.items():
        page = page.replace(english, vietnamese)
    return page.replace("<html>", '<html lang="vi">', 1)


def generate(root: Path, assignment: str, students: list[str] | None = None) -> list[Path]:
    config = nbgrader_glue.course_config(root)
    config.CourseDirectory.assignment_id = assignment
    config.GenerateFeedback.preprocessors = [ClearHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
    config.GenerateFeedback.force = True
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
            GenerateFeedback(coursedir=CourseDirectory(config=config), config=config).start()
            for page in sorted((root / "feedback" / student / assignment).glob("*.html")):
                text = translate(page.read_text(encoding="utf-8"))
                summary = _summary(root, assignment, page.stem, student, reasons.get(student, {}))
                marker = '<div tabindex="-1" id="notebook"'
                if marker in text:
                    text = text.replace(marker, summary + marker, 1)
                else:
                    text = text.replace("<body>", "<body>" + summary, 1)
                page.write_text(text, encoding="utf-8")
                pages.append(page)
    return pages
