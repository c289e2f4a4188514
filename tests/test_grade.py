"""`langnghe grade`: every kind of broken or hostile submission gets the score it deserves.

One grading run over a scratch course holding bt00 submissions, one per abuse; each test
checks one student's score, the reason given, and that nothing submitted was changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry

from coursetools import BIN, ROOT, strip_solution_markers
from langnghe.course import tool_environment
from langnghe.fmt import diem

pytestmark = pytest.mark.xdist_group("langnghe_grade")
ASSIGNMENT = "bt00-lam-quen"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / NOTEBOOK
EXERCISE = ROOT / "exercises" / ASSIGNMENT / NOTEBOOK


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def is_answer(cell) -> bool:
    return cell.cell_type == "code" and nbgrader_meta(cell).get("solution")


def is_test(cell) -> bool:
    return nbgrader_meta(cell).get("grade") and not nbgrader_meta(cell).get("solution")


def solved():
    """The student version with every answer written (what a good trainee submits)."""
    nb = nbformat.read(EXERCISE, as_version=4)
    answers = {c.id: strip_solution_markers(c.source) for c in nbformat.read(SOLUTION, as_version=4).cells
               if is_answer(c)}
    for cell in nb.cells:
        if is_answer(cell):
            cell.source = answers[cell.id]
    return nb


def with_answer_appended(index: int, code: str, before: bool = False):
    nb = solved()
    answers = [c for c in nb.cells if is_answer(c)]
    answers[index].source = code + "\n" + answers[index].source if before else answers[index].source + "\n" + code
    return nb


def submissions(course, listener_port):
    """student -> notebook (or raw bytes) for every case."""
    nb_old = solved()
    nb_old.nbformat_minor = 4
    for cell in nb_old.cells:
        cell.pop("id", None)
    deleted_test = solved()
    first_test = next(c for c in deleted_test.cells if is_test(c))
    deleted_test.cells.remove(first_test)
    edited_tests = nbformat.read(EXERCISE, as_version=4)
    for cell in edited_tests.cells:
        if is_test(cell):
            cell.source = "pass"
    inserted = solved()
    inserted.cells.insert(3, nbformat.v4.new_markdown_cell("Ghi chú của em"))
    inserted.cells.insert(4, nbformat.v4.new_code_cell("ghi_chu = 'thử'"))
    reordered = solved()
    answers = [i for i, c in enumerate(reordered.cells) if is_answer(c)]
    moved = reordered.cells.pop(answers[-1])  # the last answer after its own test
    reordered.cells.insert(answers[-1] + 1, moved)
    hostile = f"""
import os, pathlib, shutil, socket
for target in [{str(course / 'nbgrader_config.py')!r}, {str(course / 'gradebook.db')!r},
               {str(course / 'submitted' / 'dung_het' / ASSIGNMENT / NOTEBOOK)!r}]:
    try:
        pathlib.Path(target).write_text("hỏng")
    except OSError:
        pass
    try:
        os.remove(target)
    except OSError:
        pass
shutil.rmtree({str(course / 'solutions')!r}, ignore_errors=True)
try:
    socket.create_connection(("127.0.0.1", {listener_port}), timeout=2)
    print("MANG: CO")
except OSError:
    print("MANG: KHONG")
"""
    return {
        "dung_het": solved(),
        "bo_trang": nbformat.read(EXERCISE, as_version=4),
        "vong_lap": with_answer_appended(0, "while True:\n    pass"),
        "thoat_os": with_answer_appended(-1, "import os\nos._exit(1)"),
        "thoat_sys": with_answer_appended(0, "import sys\nsys.exit()"),
        "het_bo_nho": with_answer_appended(0, "du_lieu_lon = bytearray(16 * 1024**3)", before=True),
        "xoa_kiem_tra": deleted_test,
        "sua_kiem_tra": edited_tests,
        "them_o": inserted,
        "dao_o": reordered,
        "cu": nb_old,
        "in_nhieu": with_answer_appended(0, "for i in range(200_000):\n    print('x' * 100)"),
        "pha_hoai": with_answer_appended(0, hostile),
        "doi_ten": ("bai-cua-em.ipynb", solved()),
        "hong": b'{"cells": [',
        "khong_co_notebook": ("ghi-chu.txt", b"em quen nop notebook"),
        "rong": b"",
    }


def fingerprint(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def run(tmp_path_factory):
    course = tmp_path_factory.mktemp("khoa-hoc")
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    subprocess.run([BIN / "langnghe", "release", ASSIGNMENT], cwd=course, check=True, capture_output=True,
                   env=tool_environment())
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    for student, content in submissions(course, listener.getsockname()[1]).items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        name = NOTEBOOK
        if isinstance(content, tuple):
            name, content = content
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            nbformat.write(content, folder / name)
    course_files = fingerprint(course / "solutions") | {"nbgrader_config.py": fingerprint(course)["nbgrader_config.py"]}
    submitted = fingerprint(course / "submitted")
    done = subprocess.run([BIN / "langnghe", "grade", ASSIGNMENT, "--quiet", "--time-limit", "60"], cwd=course,
                          capture_output=True, text=True, env=tool_environment())
    listener.close()
    assert done.returncode == 0, done.stdout + done.stderr
    results = {r["student"]: r for r in json.loads(
        (course / ".langnghe" / "cham-bai" / ASSIGNMENT / "ket-qua.json").read_text(encoding="utf-8"))}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        auto = {}
        for s in results:
            try:
                grades = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, s).grades
            except MissingEntry:  # nothing gradable was submitted
                grades = []
            auto[s] = sum(g.auto_score or 0 for g in grades if g.cell.cell_type == "code")
        maximum = gb.find_notebook(ASSIGNMENT, ASSIGNMENT).max_code_score
    return {"course": course, "results": results, "auto": auto, "max": maximum, "stdout": done.stdout,
            "course_files": course_files, "submitted": submitted}


def reasons(run, student) -> str:
    r = run["results"][student]
    return " ".join(r["problems"] + list(r["question_reasons"].values()))


def test_submitted_files_are_never_modified(run):
    assert fingerprint(run["course"] / "submitted") == run["submitted"]


def test_correct_submission_full_marks_and_blank_zero(run):
    assert run["auto"]["dung_het"] == run["max"] > 0
    assert run["auto"]["bo_trang"] == 0


def test_summary_table_lists_every_student(run):
    for student in run["results"]:
        assert student in run["stdout"]


def test_timed_out_answer_earns_nothing(run):
    # The answer was computed before the endless loop: plain nbgrader would give the points.
    first_test = next(c for c in nbformat.read(SOLUTION, as_version=4).cells if is_test(c))
    assert run["auto"]["vong_lap"] == run["max"] - first_test.metadata["nbgrader"]["points"]
    assert "quá 10 giây" in run["results"]["vong_lap"]["question_reasons"][first_test.id]


def test_kernel_death_scores_what_ran(run):
    last_test = [c for c in nbformat.read(SOLUTION, as_version=4).cells if is_test(c)][-1]
    assert run["auto"]["thoat_os"] == run["max"] - last_test.metadata["nbgrader"]["points"]
    assert "dừng đột ngột" in reasons(run, "thoat_os")


def test_sys_exit_does_not_stop_grading(run):
    assert run["auto"]["thoat_sys"] == run["max"]


def test_memory_limit_stops_a_huge_allocation_not_the_run(run):
    # The first answer never got its value (later answers build on it); the rest still ran.
    assert 0 < run["auto"]["het_bo_nho"] < run["max"]
    autograded = run["course"] / "autograded" / "het_bo_nho" / ASSIGNMENT / NOTEBOOK
    assert "MemoryError" in autograded.read_text(encoding="utf-8")


def test_deleted_test_cell_is_restored_and_graded(run):
    assert run["auto"]["xoa_kiem_tra"] == run["max"]
    assert "khôi phục" in reasons(run, "xoa_kiem_tra")


def test_edited_test_cells_are_restored(run):
    assert run["auto"]["sua_kiem_tra"] == 0


def test_inserted_cells_do_not_change_the_score(run):
    assert run["auto"]["them_o"] == run["max"]


def test_answer_moved_after_its_test_fails_that_test(run):
    last_test = [c for c in nbformat.read(SOLUTION, as_version=4).cells if is_test(c)][-1]
    assert run["auto"]["dao_o"] == run["max"] - last_test.metadata["nbgrader"]["points"]


def test_old_nbformat_without_cell_ids_is_graded(run):
    assert run["auto"]["cu"] == run["max"]
    assert "định dạng cũ" in reasons(run, "cu")


def test_megabytes_of_output_are_cut(run):
    assert run["auto"]["in_nhieu"] == run["max"]
    assert "quá nhiều" in reasons(run, "in_nhieu")
    autograded = run["course"] / "autograded" / "in_nhieu" / ASSIGNMENT / NOTEBOOK
    assert autograded.stat().st_size < 2_000_000


def test_renamed_notebook_is_graded_under_its_name(run):
    assert run["auto"]["doi_ten"] == run["max"]
    assert "đổi tên" in reasons(run, "doi_ten")


@pytest.mark.parametrize("student, why", [("hong", "không phải notebook hợp lệ"), ("rong", "tệp rỗng"),
                                          ("khong_co_notebook", "Không có notebook")])
def test_unreadable_file_scores_zero_with_a_reason(run, student, why):
    assert run["auto"][student] == 0
    assert why in reasons(run, student)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="cần quyền root để đổi người dùng")
def test_hostile_code_cannot_touch_course_files_or_the_network(run):
    course = run["course"]
    assert fingerprint(course / "solutions") | {"nbgrader_config.py": fingerprint(course)["nbgrader_config.py"]} \
        == run["course_files"]
    assert run["auto"]["dung_het"] == run["max"]  # its submission and the gradebook survived
    autograded = (course / "autograded" / "pha_hoai" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    assert "MANG: KHONG" in autograded


@pytest.fixture(scope="session")
def feedback(run):
    done = subprocess.run([BIN / "langnghe", "feedback", ASSIGNMENT], cwd=run["course"], capture_output=True,
                          text=True, env=tool_environment())
    assert done.returncode == 0, done.stdout + done.stderr
    return {p.parent.parent.name: p.read_text(encoding="utf-8")
            for p in (run["course"] / "feedback").glob(f"*/{ASSIGNMENT}/*.html")}


def hidden_test_lines() -> list[str]:
    lines = []
    for cell in nbformat.read(SOLUTION, as_version=4).cells:
        if "### BEGIN HIDDEN TESTS" in cell.source:
            body = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]
            lines += [line.strip() for line in body.splitlines() if len(line.strip()) > 12]
    return lines


def test_feedback_never_shows_hidden_test_code(feedback):
    import html

    assert hidden_test_lines()
    for student, page in feedback.items():
        text = html.unescape(page)
        for line in hidden_test_lines():
            assert line not in text, (student, line)


def test_feedback_is_in_vietnamese_with_score_per_question_and_hints(feedback, run):
    from bs4 import BeautifulSoup
    from tieng_viet import foreign_words

    page = feedback["vong_lap"]
    assert '<html lang="vi">' in page
    assert "Kết quả bài" in page and "Nhận xét" in page
    assert "quá 10 giây" in page
    for student, page in feedback.items():
        soup = BeautifulSoup(page, "html.parser")
        # Her notebook (the exercise's text, her code and its output) has tests of its own; every word
        # around it is the feedback page's.
        for code in soup.select("code, pre, script, style, .text_cell_render, .input_area, .output_area"):
            code.decompose()
        text = soup.get_text(" ")
        assert foreign_words(text, {ASSIGNMENT}) == [], (student, foreign_words(text))
        assert "Score" not in page and "Student" not in page, student
    # One row per graded cell, the gradebook's total, written the Vietnamese way (babel: "2,5").
    summary = BeautifulSoup(feedback["vong_lap"], "html.parser").select_one(".langnghe-tom-tat")
    graded = [c for c in nbformat.read(SOLUTION, as_version=4).cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(summary.select("tr")) == 1 + len(graded)
    out_of = sum(c.metadata["nbgrader"]["points"] for c in graded)  # with the written answer's
    assert summary.h3.get_text().endswith(f": {diem(run['auto']['vong_lap'])}/{diem(out_of)} điểm"), summary.h3
    first = summary.select("tr")[1].get_text(" ")
    assert "Câu 1" in first and "0/1" in first and "quá 10 giây" in first


def test_class_report_agrees_with_nbgrader_export(run, tmp_path):
    import pandas as pd

    course = run["course"]
    done = subprocess.run([BIN / "langnghe", "report", "--output", str(tmp_path)], cwd=course, capture_output=True,
                          text=True, env=tool_environment())
    assert done.returncode == 0, done.stderr
    subprocess.run([BIN / "nbgrader", "export", "--to", str(tmp_path / "grades.csv")], cwd=course, check=True,
                   capture_output=True, env=tool_environment())
    exported = pd.read_csv(tmp_path / "grades.csv").set_index("student_id")["score"]
    ours = pd.read_csv(tmp_path / "diem-theo-bai.csv", encoding="utf-8-sig").set_index("hoc_vien")["diem"]
    assert (tmp_path / "diem-theo-bai.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert ours.sort_index().to_dict() == pytest.approx(exported.sort_index().to_dict())
    xlsx = pd.read_excel(tmp_path / "bao-cao-lop.xlsx", sheet_name="diem_theo_bai").set_index("hoc_vien")["diem"]
    assert xlsx.sort_index().to_dict() == pytest.approx(ours.sort_index().to_dict())
    page = (tmp_path / "bao-cao-lop.html").read_text(encoding="utf-8")
    assert page.count("<img alt=") == 4
