"""Python's errors explained in Vietnamese in a real kernel of the course's environment, first;
Python's own message folded below; the error still an error."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from langnghe.explain import explain

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
