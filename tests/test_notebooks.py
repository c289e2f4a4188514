"""Notebooks are committed clean and valid; nbgrader metadata is consistent."""

from __future__ import annotations

import re

import nbformat
import pytest

from coursetools import all_notebooks, exercise_notebooks, lesson_notebooks, rel, solution_notebooks
from langnghe.nbmeta import FOR_CLASS, FOR_SELF_STUDY, for_audience

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


CLASS_WORDS = re.compile(r"Submit|Assignment List|Fetch|Validate|Nbgrader|giảng viên|giáo viên|người hướng dẫn|"
                         r"nộp theo hướng dẫn|nộp bằng nút|chấm bản nộp", re.IGNORECASE)


@pytest.mark.parametrize("path", lesson_notebooks() + exercise_notebooks(), ids=rel)
def test_a_learner_alone_is_never_sent_to_the_class(path):
    """A self-study learner (bundle) has no hub to submit to and no instructor: what she reads says
    how to check her work, with the same judge as grading, and nothing of the class tools."""
    alone = for_audience(read(path), FOR_SELF_STUDY)
    said = [m.group(0) for cell in alone.cells for m in CLASS_WORDS.finditer(cell.source)]
    assert said == [], said


@pytest.mark.parametrize("path", [p for p in all_notebooks() if "bt00" in p.name or "00.2" in p.name], ids=rel)
def test_a_class_still_reads_how_to_fetch_and_submit_and_no_self_study_text(path):
    nb = read(path)
    in_class = "\n".join(c.source for c in for_audience(nb, FOR_CLASS).cells)
    assert "Nộp bài" in in_class and "langnghe check" not in in_class
    alone = "\n".join(c.source for c in for_audience(nb, FOR_SELF_STUDY).cells)
    assert "langnghe check" in alone
    assert nb == read(path)  # for_audience works on a copy


@pytest.mark.parametrize("path", solution_notebooks(), ids=rel)
def test_each_exercise_says_how_to_check_it_alone_and_how_to_submit_in_class(path):
    nb = read(path)
    tagged = {tag: [c for c in nb.cells if tag in c.metadata.get("tags", [])] for tag in (FOR_CLASS, FOR_SELF_STUDY)}
    assert len(tagged[FOR_CLASS]) == 1 and len(tagged[FOR_SELF_STUDY]) == 1
    exercise = path.relative_to(path.parents[2]).as_posix().replace("solutions/", "exercises/", 1)
    assert f"langnghe check {exercise}" in tagged[FOR_SELF_STUDY][0].source
    assert not any(nbgrader_role for c in tagged[FOR_CLASS] + tagged[FOR_SELF_STUDY]
                   for nbgrader_role in [c.metadata.get("nbgrader")])  # never a graded or locked cell
