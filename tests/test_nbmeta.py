"""What the course reads of an nbgrader notebook: cell roles, points, the hidden-test split."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursetools import ROOT
from langnghe import nbmeta


def _cell(kind="code", **meta):
    cell = new_code_cell("x = 1") if kind == "code" else new_markdown_cell("# Câu 1")
    if meta:
        cell.metadata["nbgrader"] = {"grade_id": "c1", "points": 2, **meta}
    return cell


def test_each_role_of_a_cell():
    test = _cell(grade=True, solution=False, locked=True)
    answer = _cell(grade=False, solution=True, locked=False)
    written = _cell("markdown", grade=True, solution=True, locked=False)
    setup = _cell(grade=False, solution=False, locked=True)
    plain = _cell()
    assert [nbmeta.is_test(c) for c in (test, answer, written, setup, plain)] == [True, False, False, False, False]
    assert [nbmeta.is_answer(c) for c in (test, answer, written, setup, plain)] == [False, True, False, False, False]
    assert [nbmeta.is_written_answer(c) for c in (test, answer, written, setup, plain)] == [False, False, True, False, False]
    assert [nbmeta.is_setup(c) for c in (test, answer, written, setup, plain)] == [False, False, False, True, False]
    assert [nbmeta.is_trainee_code(c) for c in (test, answer, setup, plain)] == [False, True, False, True]


def test_metadata_a_submission_broke_reads_as_no_role():
    cell = new_code_cell("x = 1", metadata={"nbgrader": "grade=True"})
    assert not nbmeta.is_test(cell) and not nbmeta.is_answer(cell) and nbmeta.grade_id(cell) is None
    assert nbmeta.is_trainee_code(cell)


def test_a_test_cell_splits_into_visible_checks_and_hidden_tests():
    source = f"assert a == 1\n{nbmeta.HIDDEN_BEGIN}\nassert a > 0\n{nbmeta.HIDDEN_END}\nassert a < 2\n"
    visible, hidden = nbmeta.split_test(source)
    assert "assert a > 0" in hidden and "assert a > 0" not in visible
    assert "assert a == 1" in visible and "assert a < 2" in visible
    assert nbmeta.split_test("assert a")[1] == ""


def test_points_and_labels_of_a_real_assignment():
    nb = nbformat.read(ROOT / "solutions" / "bt00-lam-quen" / "bt00-lam-quen.ipynb", as_version=4)
    auto, manual = nbmeta.total_points(nb)
    tests = [c for c in nb.cells if nbmeta.is_test(c)]
    assert auto == sum(c.metadata["nbgrader"]["points"] for c in tests) > 0
    labels = nbmeta.question_labels(nb)
    assert list(labels) == [c.metadata["nbgrader"]["grade_id"] for c in tests]
    assert all(labels.values())
    assert nbmeta.first_heading(nb) and nbmeta.first_heading(new_notebook()) == ""


def test_set_audience_rewrites_a_course_copy_for_the_class_and_leaves_other_notebooks(tmp_path):
    lesson = ROOT / "lessons/00-lam-quen/00.2-bang-va-bieu-do.ipynb"
    (tmp_path / "a").mkdir()
    copy = tmp_path / "a" / lesson.name
    copy.write_bytes(lesson.read_bytes())
    plain = tmp_path / "a" / "khong-the.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Bài")]), plain)
    before = plain.read_bytes()
    assert nbmeta.set_audience(tmp_path, nbmeta.FOR_CLASS) == [copy]
    cells = nbformat.read(copy, as_version=4).cells
    text = "\n".join(c.source for c in cells)
    assert "**Nộp bài**" in text and "### Cách làm" not in text
    assert not any(c.metadata.get("tags") for c in cells)
    assert plain.read_bytes() == before
    assert nbmeta.set_audience(tmp_path, nbmeta.FOR_CLASS) == []  # once is enough
