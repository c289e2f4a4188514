"""The judge's parts: the data format answers cross in, and test cells judged against a real kernel."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from jupyter_client.manager import KernelManager

from langnghe.judge import wire
from langnghe.judge.evaluate import Judge, KernelLink, TraineeFunction

VALUES = [
    None, True, 3, -2**70, 2.5, float("inf"), "Bát Tràng", [1, (2, "ba")], {"a": 1, 2: [3]}, {1, 2}, frozenset({3}),
    dt.date(2025, 3, 15), dt.datetime(2025, 3, 15, 10, 5), dt.time(9, 30), dt.timedelta(days=2, seconds=5),
    decimal.Decimal("1.25"), b"\x00\x01", 1 + 2j,
    np.int64(5), np.float32(1.5), np.bool_(True), np.datetime64("2025-01-01"), np.arange(6).reshape(2, 3),
    np.array(["a", "bc"]), np.array([1, "x", None], dtype=object),
    pd.Timestamp("2025-03-15"), pd.Timestamp("2025-03-15 10:00", tz="Asia/Ho_Chi_Minh"), pd.Timedelta("2h"),
    pd.Series([1.0, 2.0], index=["a", "b"], name="x"), pd.Series(["a", None, "c"]),
    pd.Series([1, None], dtype="Int64"), pd.Series(["x", "y", "x"], dtype="category"),
    pd.Series(pd.to_datetime(["2025-01-01", "2025-02-01"])), pd.Series([], dtype=float),
    pd.DataFrame({"x": [1, 2], "y": ["a", "b"], "t": pd.to_datetime(["2025-01-01", "2025-02-01"])},
                 index=pd.Index([5, 6], name="ma")),
    pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([("p", 1)], names=["k", "n"])),
    pd.DataFrame([[1, 2]], columns=["a", "a"]), pd.DataFrame(), pd.Index([1, 2, 3]), pd.RangeIndex(5),
]


def same(a, b) -> bool:
    if isinstance(a, (pd.Series, pd.Index)):
        return type(a) is type(b) and a.equals(b) and a.dtype == b.dtype and (
            isinstance(a, pd.Index) or (a.index.equals(b.index) and a.name == b.name))
    if isinstance(a, pd.DataFrame):
        return type(b) is pd.DataFrame and a.equals(b) and list(a.dtypes) == list(b.dtypes) and \
            a.index.equals(b.index) and a.columns.equals(b.columns)
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape and (a == b).all()
    return type(a) is type(b) and (a == b or (a != a and b != b))


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_data_crosses_unchanged_with_its_exact_type(value):
    assert same(value, wire.loads(wire.dumps(value)))


class AlwaysEqual:
    def __eq__(self, other):
        return True


class FloatEq(float):
    def __eq__(self, other):
        return True


def generator():
    yield 1


@pytest.mark.parametrize("value, code", [
    (AlwaysEqual(), "object:AlwaysEqual"), (FloatEq(1), "subclass:float"), (generator(), "generator"),
    (math, "module"), (int, "class"), (len, "function"), ([1, AlwaysEqual()], "object:AlwaysEqual"),
    (pd.Series([AlwaysEqual()]), "object:AlwaysEqual"), ({"k": FloatEq(2)}, "subclass:float"),
])
def test_what_is_not_data_does_not_cross_and_says_what_it_was(value, code):
    with pytest.raises(wire.NotData) as err:
        wire.dumps(value)
    assert err.value.code == code


def test_an_open_file_does_not_cross(tmp_path):
    with open(tmp_path / "a.txt", "w") as f, pytest.raises(wire.NotData) as err:
        wire.dumps(f)
    assert err.value.code == "file"


@pytest.mark.parametrize("text", [
    '{"$": "eval", "v": "1"}', '{"$": "items", "v": []}', '{"no": "tag"}', "[" * 100_000 + "]" * 100_000,
    '{"$": "ndarray", "dtype": "O", "shape": [2], "v": [1]}',
    '{"$": "ndarray", "dtype": "<f8", "shape": [1000000000], "b64": ""}',
    '{"$": "ndarray", "dtype": "V8", "shape": [1], "b64": "AAAAAAAAAAA="}',
    '{"$": "ndarray", "dtype": "<f8,<i4", "shape": [1], "b64": "AAAAAAAAAAAAAAAA"}',
    '{"$": "Series", "values": {"$": "ext", "dtype": "object", "v": [1]}, "index": {"$": "RangeIndex", "start": 0,'
    ' "stop": 1, "step": 1, "name": null}, "name": null}',
    '{"$": "Series", "values": {"$": "ndarray", "dtype": "<i8", "shape": [1], "b64": "AQAAAAAAAAA="}, '
    '"index": {"$": "RangeIndex", "start": 0, "stop": 5, "step": 1, "name": null}, "name": null}',
    '{"$": "fn", "ref": 0}', "not json",
])
def test_a_malformed_or_tampered_message_is_refused(text):
    with pytest.raises(wire.WireError):
        wire.loads(text)


# ---------------------------------------------------------------------------------------------
# Test cells judged against a real kernel that ran a trainee's code

TRAINEE = """
import time
import pandas as pd
gia_ban = 240000
bang = pd.Series([1, 2], index=["a", "b"])
def tinh_lai(doanh_thu, chi_phi=0):
    return doanh_thu - chi_phi
def cham(x):
    time.sleep(100)
def chia(x):
    return 1 / x
class SoGia(float):
    def __eq__(self, other):
        return True
so_gia = SoGia(1)
dem = 0
xap_xi = lambda *a, **k: True  # the trainee's own "helpers": never the judge's
kiem_tra_so = lambda *a, **k: None
def dem_len():
    global dem
    dem += 1
    return dem
"""


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path_factory.mktemp("k") / "k"))
    km.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    reply = kc.execute_interactive(TRAINEE, timeout=30)
    assert reply["content"]["status"] == "ok"
    link = KernelLink(km.get_connection_info(), km.interrupt_kernel)
    yield Judge(link, ["import pandas as pd\nfrom langnghe import kiem_tra_so, kiem_tra_ham, xap_xi"])
    link.close()
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_a_test_reads_the_trainees_values_and_uses_the_judges_helpers(judge):
    verdict = judge.evaluate('kiem_tra_so(gia_ban, "gia_ban", thap=10_000)\nassert xap_xi(gia_ban, 240_000)\n'
                             'assert bang.loc["b"] == 2 and isinstance(bang, pd.Series)', 10)
    assert verdict.passed, verdict.reason


def test_a_trainee_function_is_called_in_the_kernel_with_its_signature(judge):
    verdict = judge.evaluate('kiem_tra_ham(tinh_lai, "tinh_lai", so_tham_so=2)\n'
                             'assert tinh_lai(8_400_000, 4_020_000) == 4_380_000\n'
                             'x = 5\nassert tinh_lai(x, chi_phi=2) == 3', 10)
    assert verdict.passed, verdict.reason


def test_a_wrong_answer_fails_with_the_tests_own_hint(judge):
    verdict = judge.evaluate('assert xap_xi(gia_ban, 1), "gia_ban chưa đúng."', 10)
    assert (verdict.passed, verdict.ename, verdict.reason) == (False, "AssertionError", "gia_ban chưa đúng.")


def test_a_missing_name_fails_with_a_vietnamese_hint(judge):
    verdict = judge.evaluate('kiem_tra_so(doanh_thu, "doanh_thu")', 10)
    assert verdict.ename == "NameError" and "`doanh_thu`" in verdict.reason


def test_a_value_that_is_not_data_fails_with_a_reason(judge):
    verdict = judge.evaluate("assert so_gia == 5", 10)
    assert not verdict.passed and "dựa trên kiểu float" in verdict.reason


def test_a_trainee_error_is_named_not_raised_in_the_judge(judge):
    verdict = judge.evaluate("chia(0)", 10)
    assert verdict.ename == "ZeroDivisionError" and "Hàm `chia` báo lỗi ZeroDivisionError" in verdict.reason


def test_a_call_that_never_returns_is_stopped_at_the_time_limit(judge):
    verdict = judge.evaluate("cham(1)", 2)
    assert verdict.ename == "CellTimeoutError" and "chạy quá 2 giây" in verdict.reason
    assert judge.evaluate("assert gia_ban == 240000", 10).passed  # the kernel still answers


def test_names_a_test_assigns_stay_in_the_judge_for_the_next_test(judge):
    assert judge.evaluate("_mau = [1, 2, 3]", 10).passed
    verdict = judge.evaluate("assert sum(_mau) == 6 and len([v for v in _mau if v > gia_ban]) == 0", 10)
    assert verdict.passed, verdict.reason


def test_calls_made_ahead_are_made_once_each_and_in_order(judge):
    verdict = judge.evaluate("assert (dem_len(), dem_len(), dem_len()) == (1, 2, 3)", 10)
    assert verdict.passed, verdict.reason
    assert judge.evaluate("assert dem == 3", 10).passed


def test_the_judges_helpers_are_its_own_whatever_the_kernel_defines(judge):
    assert not judge.evaluate('kiem_tra_so("chữ", "gia_ban")', 10).passed
    verdict = judge.evaluate("assert not xap_xi(1, 2) and kiem_tra_so.__module__ == 'langnghe.hints'", 10)
    assert verdict.passed, verdict.reason
    assert not isinstance(judge.base["xap_xi"], TraineeFunction)


def test_prints_of_a_test_are_its_output_not_the_graders(judge, capsys):
    verdict = judge.evaluate('print("xin chào")', 10)
    assert verdict.printed == "xin chào\n" and capsys.readouterr().out == ""


def _parse_in_threads(parse) -> list[Exception]:
    """Four threads parsing a long module while cyclic garbage with finalizers makes the
    interpreter switch threads in the middle of building a tree."""
    import ast
    import gc
    import sys
    import threading

    source = Path(ast.__file__).read_text()
    errors = []

    class Garbage:
        def __del__(self):
            [i for i in range(10)]

    def work():
        for _ in range(30):
            junk = [Garbage() for _ in range(200)]
            for item in junk:
                item.me = item
            del junk, item
            try:
                parse(source)
            except SystemError as err:
                errors.append(err)

    threshold, interval = gc.get_threshold(), sys.getswitchinterval()
    gc.set_threshold(50)
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        gc.set_threshold(*threshold)
        sys.setswitchinterval(interval)
    return errors


def test_the_graders_threads_parse_one_at_a_time():
    import ast

    from langnghe.judge import syntax

    if not _parse_in_threads(ast.parse):
        pytest.skip("this Python parses in threads without the race")
    assert _parse_in_threads(syntax.parse) == []
