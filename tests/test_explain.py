"""Python's errors explained in Vietnamese in a real kernel of the course's environment, first;
Python's own message folded below; the error still an error."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from coursetools import ROOT, exercise_notebooks, lesson_notebooks, rel, solution_notebooks
from langnghe import nbmeta
from langnghe.explain import check_question, explain, passed_line

# (a beginner's cell, the error Python raises, words of the Vietnamese explanation)
CASES = [
    ("gia_ban = 240.000.000", "SyntaxError", "viết 240000000"),
    ("print('ok'", "SyntaxError", "mở ra mà chưa đóng lại"),
    ("if doanh_thu > 0:\nprint(doanh_thu)", "IndentationError", "thụt lề sai"),
    ("print(doanh_thuu)", "NameError", "Có phải ý bạn là `doanh_thu`?"),
    ("import pandas as pd\nbang = pd.DataFrame({'doanh_thu': [1]})\nbang['doanh thu']", "KeyError",
     "Bảng không có cột `doanh thu`. Các cột của bảng: doanh_thu."),
    ("'250000' + 5", "TypeError", "trộn chữ với số"),
    ("import datetime\ndatetime.date.fromisoformat('9/9/2025')", "ValueError", "\"2025-09-09\""),
    ("float('1.250.000 đ')", "ValueError", "không đổi được chữ này thành số"),
    ("so_don = 0\ndoanh_thu / so_don", "ZeroDivisionError", "Phép chia cho 0"),
    ("doanh_thu.sum()", "AttributeError", "không có `sum`"),
    ("[1, 2, 3][3]", "IndexError", "Python đếm từ 0"),
    ("from langnghe import kiem_tra_so\nkiem_tra_so('12', 'gia_ban')", "AssertionError",
     "`gia_ban` phải là một con số"),
]


def _plain(page: str) -> str:
    return page.replace("<code>", "").replace("</code>", "")


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    cells = [nbformat.v4.new_code_cell("doanh_thu = 1_250_000")]
    cells += [nbformat.v4.new_code_cell(source) for source, _, _ in CASES]
    nb = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path_factory.mktemp("loi"))}}).execute()
    return nb.cells[1:]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[1] + "-" + str(i) for i, c in enumerate(CASES)])
def test_an_error_shows_its_vietnamese_explanation_first(ran, index):
    _, ename, words = CASES[index]
    outputs = ran[index].outputs
    assert [o.output_type for o in outputs] == ["display_data", "error"], outputs
    page = outputs[0].data["text/html"]
    assert words.replace("`", "").replace("\"", "&quot;").replace("'", "&#x27;") in _plain(page), page
    assert "<details><summary>Xem thông báo đầy đủ của Python (tiếng Anh)</summary>" in page
    assert words in outputs[0].data["text/plain"]
    assert outputs[1].ename == ename  # still Python's error, for nbgrader and the checks
    assert len(outputs[1].traceback) == 1  # the long English traceback is folded, not shown


def test_the_full_message_is_one_click_away(ran):
    page = ran[4].outputs[0].data["text/html"]  # the KeyError: pandas' own traceback, folded
    folded = page.split("<details>", 1)[1]
    assert "KeyError" in folded and "doanh thu" in folded and "pandas" in folded


def test_an_unknown_error_still_says_where_to_look():
    text = explain(RecursionError, RecursionError("maximum recursion depth exceeded"))
    assert "RecursionError" in text and "dòng cuối" in text


def test_a_kernel_that_grades_stays_plain(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert [o.output_type for o in nb.cells[0].outputs] == ["error"]
    assert len(nb.cells[0].outputs[0].traceback) > 1  # IPython's own full traceback


# A check cell that passes says so in one line; silence is no sign to a beginner.

BT00 = ROOT / "exercises" / "bt00-lam-quen" / "bt00-lam-quen.ipynb"


def _bt00(cell_id: str) -> str:
    return next(c.source for c in nbformat.read(BT00, as_version=4).cells if c.get("id") == cell_id)


def _run(sources: list[str], path) -> list:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path)}}).execute()
    return [cell.outputs for cell in nb.cells]


def _shown(outputs) -> list[str]:
    return [o.get("text") or o.get("data", {}).get("text/plain", "") for o in outputs]


@pytest.fixture(scope="module")
def checks_ran(tmp_path_factory):
    return _run([
        _bt00("cai_dat"),
        'gia_ban = "350000"',                   # 1: an answer that is not a number
        _bt00("kiem_tra_gia_ban"),              # 2: câu 1's check fails
        "gia_ban = 350_000",                    # 3
        _bt00("kiem_tra_gia_ban"),              # 4: câu 1's check passes (`# Ô kiểm tra câu 1: ...`)
        "def tinh_lai(doanh_thu, chi_phi):\n    return doanh_thu - chi_phi",  # 5
        _bt00("kiem_tra_tinh_lai"),             # 6: câu 6's check passes (`# Ô kiểm tra câu 6`)
        "# kiểm tra câu 1 của tôi\nprint(gia_ban)",  # 7: the trainee's own cell
    ], tmp_path_factory.mktemp("kiem_tra"))


def test_a_passing_check_cell_says_which_question_passed(checks_ran):
    assert _shown(checks_ran[4]) == [passed_line("1")], checks_ran[4]
    assert _shown(checks_ran[6]) == [passed_line("6")], checks_ran[6]
    assert passed_line("6").startswith("✅ Câu 6: đã qua phần kiểm tra cơ bản.")
    assert checks_ran[6][0].output_type == "display_data"


def test_a_failing_check_cell_shows_its_hint_and_no_pass_line(checks_ran):
    outputs = checks_ran[2]
    assert [o.output_type for o in outputs] == ["display_data", "error"], outputs
    assert "`gia_ban` phải là một con số" in outputs[0].data["text/plain"]
    assert not any("✅" in text for text in _shown(outputs))


def test_an_ordinary_cell_shows_nothing_extra(checks_ran):
    assert [checks_ran[i] for i in (0, 1, 3, 5)] == [[], [], [], []]
    assert _shown(checks_ran[7]) == ["350000\n"]


def test_a_check_cell_in_a_grading_kernel_shows_nothing_extra(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    outputs = _run([_bt00("cai_dat"), "gia_ban = 350_000", _bt00("kiem_tra_gia_ban")], tmp_path)
    assert outputs == [[], [], []]


def test_every_check_cell_header_is_recognized_and_no_other_cell():
    headers = 0
    for path in solution_notebooks() + exercise_notebooks() + lesson_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            if nbmeta.is_test(cell) and first.startswith("# Ô kiểm tra câu"):
                headers += 1
                assert check_question(cell.source) == first.split()[5].rstrip(":"), (rel(path), first)
            else:
                assert check_question(cell.source) is None, (rel(path), cell.get("id"), first)
    assert headers >= 12  # bt00's six checks, instructor and student versions
    assert check_question("\n\n# Ô kiểm tra câu 12\nassert True") == "12"
    assert check_question("x = 1\n# Ô kiểm tra câu 1") is None
    assert check_question("# Ô kiểm tra câu 1 của tôi") is None
