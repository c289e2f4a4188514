"""Submissions that try to forge their score: each gets what its honest answers earn, and a reason.

One grading run of bt00 per way the grader can be started: as root with the course under a
folder other users cannot enter (where a root instructor keeps it), and as an ordinary
user (a user namespace instead of another uid). Each submission is a blank or solved
notebook with an attack added; the tests check its score, the reason given, that the
instructor is told about the tampering, that nothing submitted changed, and that nothing it
started outlives grading.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry

from coursetools import BIN, ROOT, with_answers
from langnghe.course import tool_environment

pytestmark = pytest.mark.xdist_group("langnghe_grade_abuse")
ASSIGNMENT = "bt00-lam-quen"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / NOTEBOOK
EXERCISE = ROOT / "exercises" / ASSIGNMENT / NOTEBOOK
MARKER = f"langnghe-song-sot-{uuid.uuid4().hex[:12]}"  # in the command line of a process a submission starts
TAMPERING = "bài có mã can thiệp vào việc chấm"
USER = "lgchamthu"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def answers():
    return [c for c in nbformat.read(EXERCISE, as_version=4).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]


def points() -> dict[str, float]:
    """grade id of each test -> its points, and the total."""
    cells = nbformat.read(SOLUTION, as_version=4).cells
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"] for c in cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
            and c.cell_type == "code"}


def solved(share: float = 1.0):
    return with_answers(nbformat.read(EXERCISE, as_version=4), SOLUTION, share)


def blank():
    return nbformat.read(EXERCISE, as_version=4)


def first_answer(nb, code: str):
    """`code` at the top of the notebook's first answer cell (it runs before any test)."""
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code")
    cell.source = code + "\n" + cell.source
    return nb


def answer(nb, grade_id: str, code: str):
    """The answer cell `grade_id` replaced by `code`."""
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    cell.source = code
    return nb


def last_cell(nb, code: str):
    nb.cells.append(nbformat.v4.new_code_cell(code))
    return nb


SILENCE = "import IPython\nIPython.core.interactiveshell.InteractiveShell.showtraceback = lambda *a, **k: None"
WRAP_RUN_CELL = """
import IPython
_ip = get_ipython()
_chay, _chay_async = _ip.run_cell, _ip.run_cell_async
def _luon_dung(ket_qua):
    ket_qua.error_before_exec = ket_qua.error_in_exec = None
    return ket_qua
def run_cell(*a, **k):
    return _luon_dung(_chay(*a, **k))
async def run_cell_async(*a, **k):
    return _luon_dung(await _chay_async(*a, **k))
_ip.run_cell, _ip.run_cell_async = run_cell, run_cell_async
IPython.core.interactiveshell.InteractiveShell.showtraceback = lambda *a, **k: None
"""
READ_SOLUTIONS = f"""
import os, pathlib
_thay = []
_goc = [pathlib.Path(os.environ.get("LANGNGHE_DU_LIEU", "/")).parent, pathlib.Path.cwd(), pathlib.Path("/proc/1/cwd")]
for _thu_muc in _goc:
    for _len in range(6):
        _tep = _thu_muc.joinpath(*[".."] * _len, "solutions", "{ASSIGNMENT}", "{NOTEBOOK}")
        try:
            _thay.append(_tep.read_text()[:2000])
        except OSError:
            pass
print("DOC-DUOC" if _thay else "KHONG-DOC-DUOC", *_thay)
"""
OUTLIVE = f"""
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{MARKER}"], start_new_session=True)
"""
ALWAYS_EQUAL = """
class LuonBang:
    def __eq__(self, khac): return True
    def __ne__(self, khac): return False
    def __lt__(self, khac): return True
    def __gt__(self, khac): return True
"""
FLOAT_EQ = """
class SoGia(float):
    def __eq__(self, khac): return True
    __hash__ = float.__hash__
"""
PATCH_CHECKS = """
import math, numpy, pandas, langnghe, langnghe.hints
math.isclose = lambda *a, **k: True
numpy.isclose = lambda *a, **k: True
pandas.testing.assert_series_equal = lambda *a, **k: None
langnghe.xap_xi = langnghe.hints.xap_xi = lambda *a, **k: True
langnghe.kiem_tra_so = langnghe.hints.kiem_tra_so = lambda *a, **k: None
xap_xi = lambda *a, **k: True
kiem_tra_so = lambda *a, **k: None
"""
HOOKS = """
import sys, atexit
def _theo_doi(khung, su_kien, doi_so):
    return _theo_doi
sys.settrace(_theo_doi)
sys.setprofile(lambda *a: None)
atexit.register(lambda: open("bi-sua.txt", "w").write("hỏng"))
"""
THREAD = """
import threading, time
def _mai_mai():
    while True:
        time.sleep(0.01)
threading.Thread(target=_mai_mai).start()
"""
SPY = """
_ip = get_ipython()
_nghe_duoc = []
_goc_ue = _ip.user_expressions
def _nghe(bieu_thuc):
    _nghe_duoc.append(repr(bieu_thuc))
    return _goc_ue(bieu_thuc)
_ip.user_expressions = _nghe
"""
# tinh_lai, the last question, answered in ways that cannot be graded as data or never end.
TINH_LAI_VISIBLE = "    if (doanh_thu, chi_phi) == (8_400_000, 4_020_000):\n        return 4_380_000\n"
FUNCTIONS = {
    "ham_ngu_mai": "import time\ndef tinh_lai(doanh_thu, chi_phi):\n" + TINH_LAI_VISIBLE + "    time.sleep(10_000)\n",
    "ham_khong_dung": "import time\ndef tinh_lai(doanh_thu, chi_phi):\n" + TINH_LAI_VISIBLE +
                      "    while True:\n        try:\n            time.sleep(10_000)\n"
                      "        except KeyboardInterrupt:\n            pass\n",
    "ham_generator": "def tinh_lai(doanh_thu, chi_phi):\n    yield doanh_thu - chi_phi\n",
    "ham_tra_tep": "def tinh_lai(doanh_thu, chi_phi):\n    return open('/etc/hostname')\n",
    "ham_bao_loi": "def tinh_lai(doanh_thu, chi_phi):\n    raise ValueError('em chưa biết làm')\n",
}


def submissions() -> dict:
    """student -> (notebook, expected automatic score, words in the reasons, flagged as tampering)."""
    full = sum(points().values())
    last = points()["kiem_tra_tinh_lai"]
    first_three = sum(list(points().values())[:3])
    cases = {
        "dung_het": (solved(), full, "", False),
        "bo_trang": (blank(), 0, "", False),
        "che_loi": (first_answer(blank(), SILENCE), 0, "", True),
        "boc_run_cell": (first_answer(blank(), WRAP_RUN_CELL), 0, "", True),
        "doc_loi_giai": (first_answer(solved(), READ_SOLUTIONS), full, "", True),
        "song_sot": (first_answer(solved(), OUTLIVE), full, "", True),
        "luon_bang": (first_answer(answer(answer(blank(), "gia_ban", "gia_ban = LuonBang()"), "doanh_thu",
                                          "doanh_thu = LuonBang()"), ALWAYS_EQUAL), 0, "không phải dữ liệu", True),
        "so_gia": (answer(blank(), "gia_ban", FLOAT_EQ + "gia_ban = SoGia(1)"), 0, "dựa trên kiểu float", True),
        "sua_kiem_tra": (first_answer(solved(0.5), PATCH_CHECKS), first_three, "", True),
        "moc_trinh_thong_dich": (first_answer(solved(), HOOKS), full, "", True),
        "luong_chay_mai": (last_cell(solved(), THREAD), full, "", True),
        "nghe_len": (last_cell(first_answer(solved(), SPY), "print('NGHE:', _nghe_duoc)"), full, "", True),
    }
    reasons = {"ham_ngu_mai": "chạy quá", "ham_khong_dung": "không dừng lại được", "ham_generator": "generator",
               "ham_tra_tep": "tệp", "ham_bao_loi": "ValueError"}
    for student, code in FUNCTIONS.items():
        cases[student] = (answer(solved(), "tinh_lai", code), full - last, reasons[student], None)
    return cases


def fingerprint(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make_course(parent):
    """A course directory holding its own datasets, with every case submitted."""
    course = parent / "khoa-hoc"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    shutil.copytree(ROOT / "datasets", course / "datasets")
    subprocess.run([BIN / "langnghe", "release", ASSIGNMENT], cwd=course, check=True, capture_output=True,
                   env=tool_environment())
    for student, (nb, *_) in submissions().items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NOTEBOOK)
    return course


def survivors() -> list[str]:
    found = []
    for proc in os.listdir("/proc"):
        try:
            with open(f"/proc/{proc}/cmdline", "rb") as f:
                if MARKER.encode() in f.read():
                    found.append(proc)
        except OSError:
            continue
    return found


def collect(course, done) -> dict:
    assert done.returncode == 0, done.stdout + done.stderr
    results = {r["student"]: r for r in json.loads(
        (course / ".langnghe" / "cham-bai" / ASSIGNMENT / "ket-qua.json").read_text(encoding="utf-8"))}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        auto = {}
        for s in results:
            try:
                grades = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, s).grades
            except MissingEntry:
                grades = []
            auto[s] = sum(g.auto_score or 0 for g in grades if g.cell.cell_type == "code")
    return {"course": course, "results": results, "auto": auto, "stdout": done.stdout,
            "survivors": survivors()}


GRADE = ["grade", ASSIGNMENT, "--quiet", "--time-limit", "90"]


@pytest.fixture(scope="module")
def as_root(tmp_path_factory):
    if not AS_ROOT:
        pytest.skip("cần quyền root: bài chạy bằng một uid riêng")
    closed = tmp_path_factory.mktemp("dong-kin")
    closed.chmod(0o700)  # as /root: other users cannot enter
    course = make_course(closed)
    before = fingerprint(course / "submitted")
    done = subprocess.run([BIN / "langnghe", *GRADE], cwd=course, capture_output=True, text=True,
                          env=tool_environment())
    run = collect(course, done)
    run["submitted_before"] = before
    return run


# Root opens the Python install and the course to the user in a mount namespace of its own (as
# the hub does for trainees' servers), then becomes that user and runs the grader.
AS_USER = """
import os, pwd, sys, tempfile
from langnghe.grade.sandbox import open_python_to, python_paths
course, user = sys.argv[1], sys.argv[2]
open_python_to(python_paths(), tempfile.mkdtemp(prefix="langnghe-thu-"))
pw = pwd.getpwnam(user)
os.setgroups([]); os.setgid(pw.pw_gid); os.setuid(pw.pw_uid)
os.chdir(course)
env = {**os.environ, "HOME": course, "USER": user}
os.execve(sys.argv[3], sys.argv[3:], env)
"""


@pytest.fixture(scope="module")
def as_user(tmp_path_factory):
    """The grader run by an ordinary user; as that user the test itself when not root."""
    if not AS_ROOT:
        parent = tmp_path_factory.mktemp("nguoi-thuong")
        course = make_course(parent)
        before = fingerprint(course / "submitted")
        done = subprocess.run([BIN / "langnghe", *GRADE], cwd=course, capture_output=True, text=True,
                              env=tool_environment())
        run = collect(course, done)
        run["submitted_before"] = before
        yield run
        return
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], check=True)
    # The user's own 0700 folder, straight under /tmp: pytest's folders are closed to the user.
    parent = Path(tempfile.mkdtemp(prefix="langnghe-nguoi-thuong-"))
    try:
        course = make_course(parent)
        pw = pwd.getpwnam(USER)
        for path in (parent, *parent.rglob("*")):
            os.chown(path, pw.pw_uid, pw.pw_gid, follow_symlinks=False)
        before = fingerprint(course / "submitted")
        done = subprocess.run([sys.executable, "-c", AS_USER, str(course), USER, str(BIN / "langnghe"), *GRADE],
                              capture_output=True, text=True, env=tool_environment())
        run = collect(course, done)
        run["submitted_before"] = before
        yield run
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(params=["as_root", "as_user"])
def run(request):
    return request.getfixturevalue(request.param)


CASES = submissions()


def reasons(run, student) -> str:
    r = run["results"][student]
    return " ".join(r["problems"] + list(r["question_reasons"].values()))


def printed(run, student) -> str:
    """What the submission's own cells printed, as recorded in its autograded notebook."""
    nb = nbformat.read(run["course"] / "autograded" / student / ASSIGNMENT / NOTEBOOK, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   and not c.metadata.get("nbgrader", {}).get("grade") for o in c.outputs)


@pytest.mark.parametrize("student", sorted(CASES))
def test_each_submission_scores_what_its_honest_answers_earn(run, student):
    _, expected, why, _ = CASES[student]
    assert run["auto"][student] == expected, reasons(run, student)
    assert why in reasons(run, student)


@pytest.mark.parametrize("student", sorted(s for s, case in CASES.items() if case[3] is not None))
def test_tampering_is_reported_to_the_instructor(run, student):
    flagged = CASES[student][3]
    assert (TAMPERING in run["results"][student]["tampering"]) == flagged
    line = next(line for line in run["stdout"].splitlines() if line.startswith(student + " "))
    assert (TAMPERING in line) == flagged


def test_class_report_names_the_tampering(run, tmp_path):
    import pandas as pd

    done = subprocess.run([BIN / "langnghe", "report", "--output", str(tmp_path)], cwd=run["course"],
                          capture_output=True, text=True, env=tool_environment())
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "diem-theo-bai.csv", encoding="utf-8-sig", keep_default_na=False)
    flagged = set(table.loc[table["can_thiep"] != "", "hoc_vien"])
    assert flagged == {s for s, case in CASES.items() if case[3]}
    assert "Bài có mã can thiệp vào việc chấm" in (tmp_path / "bao-cao-lop.html").read_text(encoding="utf-8")


def test_submitted_files_never_change(run):
    assert fingerprint(run["course"] / "submitted") == run["submitted_before"]


def test_no_process_a_submission_started_outlives_grading(run):
    assert run["survivors"] == []


def test_the_instructor_version_is_out_of_reach(run):
    out = printed(run, "doc_loi_giai")
    assert "KHONG-DOC-DUOC" in out and "DOC-DUOC " not in out and "BEGIN" not in out


def test_hidden_tests_are_never_sent_to_the_kernel(run):
    spied = printed(run, "nghe_len")
    assert "NGHE:" in spied and "answer(" in spied  # the spy saw the judge's requests...
    hidden = []
    for cell in nbformat.read(SOLUTION, as_version=4).cells:
        if "### BEGIN HIDDEN TESTS" in cell.source:
            body = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]
            hidden += [m for m in body.split('"') if "chưa đúng" in m]  # the hidden tests' messages
    assert hidden
    for message in hidden:  # ...but never a hidden test's code or message
        assert message not in spied
    assert "xap_xi" not in spied


@pytest.mark.parametrize("student", ["dung_het", "che_loi", "luon_bang", "so_gia", "sua_kiem_tra", "ham_bao_loi",
                                     "ham_generator"])
def test_check_at_home_gives_the_grading_score(request, student, tmp_path):
    """`langnghe check` runs the same judge: a learner's score at home is the instructor's."""
    import re

    run = request.getfixturevalue("as_root" if AS_ROOT else "as_user")
    notebook = tmp_path / NOTEBOOK
    nbformat.write(CASES[student][0], notebook)
    done = subprocess.run([BIN / "langnghe", "check", str(notebook), "--assignment", ASSIGNMENT], cwd=ROOT,
                          capture_output=True, text=True, env=tool_environment())
    assert done.returncode == 0, done.stderr
    total = re.search(r"Tổng điểm tự động: ([\d,]+)/", done.stdout).group(1).replace(",", ".")
    assert float(total) == run["auto"][student] == CASES[student][1]


def test_an_error_the_kernel_hides_is_recorded_as_nbgrader_does(run):
    """nbgrader's first line, kept: the execute_reply says error, so the cell gets its error output."""
    nb = nbformat.read(run["course"] / "autograded" / "che_loi" / ASSIGNMENT / NOTEBOOK, as_version=4)
    first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code")
    assert any(o.output_type == "error" and o.ename == "NotImplementedError" for o in first.outputs)
    assert "lỗi của ô không hiện ra" in run["results"]["che_loi"]["tampering"]


@pytest.mark.skipif(not AS_ROOT, reason="cần quyền root: bài chạy bằng một uid riêng")
def test_grading_refuses_before_it_runs_when_the_kernel_could_not_read_the_datasets(tmp_path):
    closed = tmp_path / "dong-kin"
    closed.mkdir(mode=0o700)
    course = make_course(closed)
    for path in (course / "datasets").rglob("*"):
        path.chmod(0o600)  # as a clone made with umask 077
    done = subprocess.run([BIN / "langnghe", *GRADE], cwd=course, capture_output=True, text=True,
                          env=tool_environment())
    assert done.returncode == 2
    assert "không đọc được" in done.stderr and f"chmod -R a+rX {course / 'datasets'}" in done.stderr
    assert not (course / "autograded").exists()
