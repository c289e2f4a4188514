"""Notebooks are committed clean and valid; nbgrader metadata is consistent."""

from __future__ import annotations

import re

import nbformat
import pytest

from coursetools import all_notebooks, exercise_notebooks, lesson_notebooks, rel, solution_notebooks

ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"nbgrader", "tags", "editable", "deletable"}
GRADE_ID = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


def read(path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


@pytest.mark.parametrize("path", all_notebooks(), ids=rel)
def test_notebook_is_valid_nbformat(path):
    nb = read(path)
    assert nb.nbformat == 4 and nb.nbformat_minor >= 5, "cần nbformat 4.5 (có id cho mỗi ô)"
    nbformat.validate(nb)


@pytest.mark.parametrize("path", all_notebooks(), ids=rel)
def test_notebook_committed_without_outputs(path):
    for cell in read(path).cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"ô {cell.id} có output"
            assert cell.execution_count is None, f"ô {cell.id} có execution_count"


@pytest.mark.parametrize("path", all_notebooks(), ids=rel)
def test_notebook_metadata_is_clean(path):
    nb = read(path)
    assert set(nb.metadata) <= ALLOWED_NOTEBOOK_METADATA, set(nb.metadata) - ALLOWED_NOTEBOOK_METADATA
    for cell in nb.cells:
        extra = set(cell.metadata) - ALLOWED_CELL_METADATA
        assert not extra, f"ô {cell.id}: metadata thừa {extra}"


def _graded(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("path", solution_notebooks(), ids=rel)
def test_graded_cells_have_points_and_descriptive_unique_ids(path):
    nb = read(path)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), "grade_id trùng nhau"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        gid = meta["grade_id"]
        assert GRADE_ID.match(gid) and not gid.startswith("cell"), f"grade_id không mô tả: {gid}"
        assert cell.id == gid, f"id ô {cell.id} khác grade_id {gid}"
        assert meta.get("schema_version") == 3
        if meta.get("grade"):
            assert meta.get("points", 0) > 0, f"{gid}: ô chấm điểm không có điểm"


@pytest.mark.parametrize("path", solution_notebooks(), ids=rel)
def test_assignment_shape(path):
    """6–10 autograded questions, each answer followed by its test, plus one written answer."""
    nb = read(path)
    tests = [c for c in _graded(nb) if not c.metadata["nbgrader"].get("solution")]
    written = [c for c in _graded(nb) if c.metadata["nbgrader"].get("solution")]
    assert 6 <= len(tests) <= 10, f"{len(tests)} câu chấm tự động"
    assert 10 <= sum(c.metadata["nbgrader"]["points"] for c in tests) <= 20
    assert len(written) == 1 and written[0].cell_type == "markdown"
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            assert cell.metadata["nbgrader"].get("locked"), f"{cell.id}: ô kiểm tra phải khóa"
            assert meta["grade_id"] == "kiem_tra_" + nb.cells[i - 1].metadata["nbgrader"]["grade_id"], (
                f"{cell.id} phải nằm ngay sau ô trả lời của nó"
            )
            assert "### BEGIN HIDDEN TESTS" in cell.source, f"{cell.id}: thiếu kiểm tra ẩn"
        if meta.get("solution") and cell.cell_type == "code":
            assert "### BEGIN SOLUTION" in cell.source, f"{cell.id}: thiếu lời giải"
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "input(" not in sources and "ipywidgets" not in sources


@pytest.mark.parametrize("path", exercise_notebooks(), ids=rel)
def test_student_version_has_no_solutions_or_hidden_tests(path):
    text = path.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text


@pytest.mark.parametrize("path", lesson_notebooks(), ids=rel)
def test_lesson_anatomy(path):
    """Title, time, questions and objectives first; a chart; key points and dated sources last."""
    nb = read(path)
    first = nb.cells[0].source
    assert first.startswith("# "), "ô đầu phải là tiêu đề"
    for part in ("Thời gian", "Câu hỏi", "Mục tiêu"):
        assert part in first, f"ô đầu thiếu {part}"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "## Ghi nhớ" in markdown and "## Nguồn" in markdown
    assert "Thử ngay" in markdown and "thu_ngay()" in code
    assert re.search(r"plt\.|\.plot\(", code), "bài học cần ít nhất một biểu đồ"
    assert "*Hình:" in markdown, "mỗi biểu đồ cần một câu mô tả *Hình: ...*"
