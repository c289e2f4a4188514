"""`langnghe check`: a trainee's own notebook scored offline, with hints, never hidden code."""

from __future__ import annotations

import hashlib
import re
import subprocess

import nbformat
import pytest

from coursetools import BIN, ROOT, assignment_pairs, half_done
from langnghe.check import check_notebook, format_report
from langnghe.nbmeta import HIDDEN_BEGIN, HIDDEN_END

PAIRS = assignment_pairs()
IDS = [p[0] for p in PAIRS]


def run_check(notebook, *extra):
    return subprocess.run([BIN / "langnghe", "check", str(notebook), *extra], capture_output=True, text=True,
                          cwd=notebook.parent)


def hidden_lines(solution) -> list[str]:
    """Distinctive lines of hidden test code."""
    lines = []
    for cell in nbformat.read(solution, as_version=4).cells:
        if HIDDEN_BEGIN in cell.source:
            body = cell.source.split(HIDDEN_BEGIN, 1)[1].split(HIDDEN_END, 1)[0]
            lines += [line.strip() for line in body.splitlines() if len(line.strip()) > 12]
    return lines


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_solution_checks_full_marks(pair):
    _, solution, _ = pair
    report = check_notebook(solution, ROOT)
    assert report.points == report.max_points > 0, format_report(report)


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_blank_exercise_scores_zero_with_a_hint_per_question(pair, tmp_path):
    _, _, exercise = pair
    copy = tmp_path / exercise.name
    copy.write_bytes(exercise.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    done = run_check(copy)
    assert done.returncode == 0, done.stderr
    assert "Tổng điểm tự động: 0/" in done.stdout
    assert done.stdout.count("Gợi ý:") == done.stdout.count("❌") > 0
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before, "check không được sửa tệp của học viên"


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_half_done_scores_in_between_and_never_prints_hidden_tests(pair, tmp_path):
    _, solution, exercise = pair
    copy = tmp_path / exercise.name
    nbformat.write(half_done(exercise, solution), copy)
    done = run_check(copy)
    points = re.search(r"Tổng điểm tự động: ([\d,]+)/([\d,]+)", done.stdout)
    assert points, done.stdout + done.stderr
    assert 0 < float(points[1].replace(",", ".")) < float(points[2].replace(",", "."))
    for line in hidden_lines(solution):
        assert line not in done.stdout


def _bt00():
    return next(p for p in PAIRS if p[0].startswith("bt00"))


def _solved_copy(tmp_path):
    _, solution, exercise = _bt00()
    nb = nbformat.read(solution, as_version=4)
    path = tmp_path / exercise.name
    return nb, path


def _test_ids(nb):
    return [c.id for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
            and not c.metadata["nbgrader"].get("solution")]


def test_edited_test_cell_is_restored_from_instructor_version(tmp_path):
    _, solution, exercise = _bt00()
    nb = nbformat.read(exercise, as_version=4)  # unanswered ...
    for cell in nb.cells:
        if cell.id in _test_ids(nb):
            cell.source = "pass"  # ... but with its tests emptied
    path = tmp_path / exercise.name
    nbformat.write(nb, path)
    assert check_notebook(path, ROOT).points == 0


def test_deleted_test_cell_scores_zero_and_says_so(tmp_path):
    nb, path = _solved_copy(tmp_path)
    deleted = _test_ids(nb)[0]
    nb.cells = [c for c in nb.cells if c.id != deleted]
    nbformat.write(nb, path)
    report = check_notebook(path, ROOT)
    question = next(q for q in report.questions if q.grade_id == deleted)
    assert question.points == 0 and "bị xóa" in question.hint
    assert report.points == report.max_points - question.max_points


def test_renamed_notebook_is_recognised_by_its_cells(tmp_path):
    nb, _ = _solved_copy(tmp_path)
    path = tmp_path / "bai-cua-toi (1).ipynb"
    nbformat.write(nb, path)
    report = check_notebook(path, ROOT)
    assert report.assignment == _bt00()[0]
    assert report.points == report.max_points


def test_endless_loop_in_answer_earns_nothing_for_its_test(tmp_path):
    nb, path = _solved_copy(tmp_path)
    first_answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
                        and c.cell_type == "code")
    first_answer.source += "\nwhile True:\n    pass\n"
    nbformat.write(nb, path)
    report = check_notebook(path, ROOT)
    assert report.questions[0].points == 0
    assert "quá 10 giây" in report.questions[0].hint
    assert report.points == report.max_points - report.questions[0].max_points


def test_malformed_file_gets_a_vietnamese_error_and_exit_code_2(tmp_path):
    path = tmp_path / "bt00-lam-quen.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    done = run_check(path)
    assert done.returncode == 2
    assert "không phải notebook hợp lệ" in done.stderr
    assert "Traceback" not in done.stderr


def test_old_notebook_without_cell_ids_is_checked(tmp_path):
    nb, path = _solved_copy(tmp_path)
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.pop("id", None)
    path.write_text(nbformat.writes(nb, version=4), encoding="utf-8")
    report = check_notebook(path, ROOT)
    assert report.points == report.max_points


def test_kernel_death_scores_what_ran_and_says_why(tmp_path):
    nb, path = _solved_copy(tmp_path)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    answers[-1].source = "import os\nos._exit(1)"
    nbformat.write(nb, path)
    report = check_notebook(path, ROOT)
    assert report.questions[0].points == report.questions[0].max_points
    assert report.questions[-1].points == 0
    assert any("dừng đột ngột" in p for p in report.problems)


def test_an_answer_python_cannot_read_is_named_as_such_not_as_a_missing_name(tmp_path):
    nb, path = _solved_copy(tmp_path)
    first_answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
                        and c.cell_type == "code")
    first_answer.source += "\ngia_ban = 240.000.000"  # the thousands dot a Vietnamese writer uses
    line = len(first_answer.source.splitlines())
    nbformat.write(nb, path)
    report = check_notebook(path, ROOT)
    first = report.questions[0]
    assert first.points == 0
    assert "có lỗi cú pháp nên không chạy được" in first.hint and f"dòng {line}: `gia_ban = 240.000.000`" in first.hint
    assert "viết 240000000" in first.hint
    assert not any("hãy đặt đúng tên" in q.hint for q in report.questions), [q.hint for q in report.questions]
