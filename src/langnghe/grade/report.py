"""`langnghe report`: the class report a workshop files with the programme.

Everything comes from nbgrader's gradebook, so it agrees with formgrader and
`nbgrader export`: one HTML page with charts (score distribution per question, a
trainee × question heat map, completion per assignment, the questions most often
failed), and the same numbers as CSV (UTF-8 with BOM, so Excel shows Vietnamese names)
and XLSX.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

from .. import bieu_do  # noqa: E402 - the course's chart style
from ..fmt import diem, ngay  # noqa: E402
from . import nbgrader_glue  # noqa: E402

TEMPLATES = Path(__file__).parents[1] / "templates" / "report"


def tampering(root: Path) -> dict[tuple[str, str], str]:
    """(trainee, assignment) -> what the last grading run found in the submission's code that
    tampers with grading (its results file; the gradebook has no place for it)."""
    import json

    found = {}
    for results in (root / nbgrader_glue.STAGING).glob("*/ket-qua.json"):
        try:
            for r in json.loads(results.read_text(encoding="utf-8")):
                if r.get("tampering"):
                    found[(r["student"], results.parent.name)] = r["tampering"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def tables(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per assignment: one row per trainee × assignment; per question: one row per trainee × question)."""
    by_assignment, by_question = [], []
    notes = tampering(root)
    with Gradebook(nbgrader_glue.db_url(root)) as gb:
        students = gb.students
        for assignment in gb.assignments:
            submitted = {s.student.id: s for s in assignment.submissions}
            for student in students:
                name = " ".join(x for x in (student.last_name, student.first_name) if x) or student.id
                sub = submitted.get(student.id)
                by_assignment.append({
                    "hoc_vien": student.id, "ho_ten": name, "bai_tap": assignment.name, "da_nop": sub is not None,
                    "diem": float(sub.score) if sub else 0.0, "diem_toi_da": float(assignment.max_score),
                    "can_thiep": notes.get((student.id, assignment.name), ""),
                })
                if sub is None:
                    continue
                for notebook in sub.notebooks:
                    for grade in notebook.grades:
                        by_question.append({
                            "hoc_vien": student.id, "ho_ten": name, "bai_tap": assignment.name,
                            "cau": grade.name,
                            "loai": "tự động" if grade.cell.cell_type == "code" else "giảng viên chấm",
                            "diem": float(grade.score or 0), "diem_toi_da": float(grade.max_score),
                            "cho_cham_tay": bool(grade.needs_manual_grade),
                        })
    per_assignment = pd.DataFrame(by_assignment)
    per_question = pd.DataFrame(by_question)
    if not per_question.empty:
        per_question["ty_le"] = per_question["diem"] / per_question["diem_toi_da"]
    return per_assignment, per_question


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _charts(per_assignment: pd.DataFrame, per_question: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(title, alt text, base64 PNG) for each chart."""
    out = []
    done = per_assignment.groupby("bai_tap")["da_nop"].mean()
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.bar(done.index, done.values, width=0.5)
    ax.set_ylim(0, 1)
    bieu_do.truc_phan_tram(ax)
    ax.set_title("Tỷ lệ học viên đã nộp, theo bài tập")
    out.append(("Tỷ lệ nộp bài", "Biểu đồ cột: tỷ lệ học viên đã nộp mỗi bài tập.", _png(fig)))
    if per_question.empty:
        return out
    key = per_question["bai_tap"] + " · " + per_question["cau"]
    pq = per_question.assign(khoa=key)
    fig, ax = plt.subplots(figsize=(9, max(3, 0.3 * pq["khoa"].nunique())))
    groups = [g["ty_le"].values for _, g in pq.groupby("khoa", sort=False)]
    ax.boxplot(groups, vert=False, tick_labels=list(pq.groupby("khoa", sort=False).groups))
    bieu_do.truc_phan_tram(ax, truc="x")
    ax.set_title("Phân bố điểm từng câu (tỷ lệ điểm đạt)")
    out.append(("Phân bố điểm theo câu", "Biểu đồ hộp: phân bố tỷ lệ điểm đạt của học viên ở từng câu.", _png(fig)))
    matrix = pq.pivot_table(index="ho_ten", columns="khoa", values="ty_le", aggfunc="mean", sort=False)
    fig, ax = plt.subplots(figsize=(max(6, 0.45 * matrix.shape[1]), max(3, 0.35 * matrix.shape[0])))
    image = ax.imshow(matrix.values, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), matrix.index, fontsize=8)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="tỷ lệ điểm đạt")
    ax.set_title("Học viên × câu hỏi")
    out.append(("Bản đồ nhiệt học viên × câu", "Bản đồ nhiệt: mỗi ô là tỷ lệ điểm một học viên đạt ở một câu; "
                "xanh là đạt, đỏ là chưa đạt.", _png(fig)))
    failed = pq.groupby("khoa")["ty_le"].apply(lambda s: (s < 1).mean()).sort_values(ascending=False).head(10)
    fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(failed))))
    ax.barh(failed.index[::-1], failed.values[::-1])
    bieu_do.truc_phan_tram(ax, truc="x")
    ax.set_title("Các câu nhiều học viên chưa đạt nhất")
    out.append(("Câu hay sai nhất", "Biểu đồ thanh ngang: tỷ lệ học viên chưa đạt trọn điểm ở 10 câu hay sai nhất.",
                _png(fig)))
    return out


def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return env.get_template("bao-cao-lop.html.j2")


def write(root: Path, out_dir: Path | None = None) -> list[Path]:
    out_dir = out_dir or root / "bao-cao"
    out_dir.mkdir(parents=True, exist_ok=True)
    per_assignment, per_question = tables(root)
    paths = [out_dir / "diem-theo-bai.csv", out_dir / "diem-theo-cau.csv", out_dir / "bao-cao-lop.xlsx",
             out_dir / "bao-cao-lop.html"]
    per_assignment.to_csv(paths[0], index=False, encoding="utf-8-sig")
    per_question.to_csv(paths[1], index=False, encoding="utf-8-sig")
    with pd.ExcelWriter(paths[2], engine="openpyxl") as xlsx:
        per_assignment.to_excel(xlsx, sheet_name="diem_theo_bai", index=False)
        per_question.to_excel(xlsx, sheet_name="diem_theo_cau", index=False)
    summary = per_assignment.pivot_table(index="ho_ten", columns="bai_tap", values="diem", aggfunc="sum")
    summary.index.name, summary.columns.name = "Học viên", None
    flagged = per_assignment[per_assignment["can_thiep"] != ""] if not per_assignment.empty else per_assignment
    page = _template().render(
        today=ngay(dt.date.today()), trainees=per_assignment["hoc_vien"].nunique(),
        assignments=per_assignment["bai_tap"].nunique(), summary_table=summary.to_html(float_format=diem),
        flagged=list(flagged.itertuples()), figures=_charts(per_assignment, per_question))
    paths[3].write_text(page, encoding="utf-8")
    return paths
