"""langnghe.bai_tap, the server side of the "Bài tập" panel, in a real jupyter_server: the list of
exercises, a check through HTTP with its hints and points, paths that leave the server's folder
refused, and nothing for a request without the token."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from coursetools import BIN, ROOT, clean_env, with_answers
from langnghe.bai_tap import LOP_HOC, TU_HOC, mode, notebook_title
from langnghe.bundle import write_self_study
from test_check import hidden_lines
from test_lab import free_port

TOKEN = "kiem-thu-bai-tap"
pytestmark = pytest.mark.xdist_group("bai_tap_server")  # one worker, one server for the module
BT00 = "exercises/bt00-lam-quen/bt00-lam-quen.ipynb"
WRONG_TINH_LAI = "def tinh_lai(doanh_thu, chi_phi):\n    return doanh_thu + chi_phi"


def request(port: int, path: str, body: dict | None = None, token: str | None = TOKEN, timeout: float = 30):
    """(status, JSON answer) of one request to the server."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers,
                                 method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raw = error.read().decode("utf-8")
        return error.code, json.loads(raw) if raw.startswith("{") else raw


@contextmanager
def jupyter_server(root: Path, log: Path, app: str = "server", **env):
    """`jupyter server` (or `jupyter lab`: app="lab") of this venv on root, its own Jupyter state under root,
    once it answers: the port."""
    port = free_port()
    state = root / ".jupyter"
    environment = clean_env(**{"JUPYTER_CONFIG_DIR": str(state / "config"), "JUPYTER_DATA_DIR": str(state / "data"),
                               "JUPYTER_RUNTIME_DIR": str(state / "runtime"), **env})
    environment["PATH"] = f"{BIN}{os.pathsep}{environment['PATH']}"  # the check's kernel is this venv's
    with open(log, "w") as out:
        process = subprocess.Popen([BIN / "jupyter", app, "--no-browser", f"--port={port}",
                                    f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={TOKEN}",
                                    "--ServerApp.ip=127.0.0.1", *(["--allow-root"] if os.geteuid() == 0 else [])],
                                   cwd=root, env=environment, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request(port, "/api/status", timeout=5)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def self_study(tmp_path_factory) -> Path:
    """The learner's view of the course (`langnghe lab --tu-hoc`): exercises and keys, no solutions/."""
    return write_self_study(ROOT, tmp_path_factory.mktemp("tu-hoc"))


@pytest.fixture(scope="module")
def server(self_study, tmp_path_factory):
    with jupyter_server(self_study, tmp_path_factory.mktemp("log") / "server.log") as port:
        yield port


def bt00_answered(root: Path, name: str, wrong_tinh_lai: bool, pause: float = 0) -> str:
    """bt00 with every answer typed in, tinh_lai wrong if asked, the first answer taking `pause` seconds,
    written under root: its path from root."""
    exercise = root / BT00
    nb = with_answers(nbformat.read(exercise, as_version=4), ROOT / "solutions" / "bt00-lam-quen" / exercise.name)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    if wrong_tinh_lai:
        cells["tinh_lai"].source = WRONG_TINH_LAI
    if pause:
        cells["gia_ban"].source = f"import time\ntime.sleep({pause})\n" + cells["gia_ban"].source
    target = root / "exercises" / "bt00-lam-quen" / name
    nbformat.write(nb, target)
    return target.relative_to(root).as_posix()


def test_lists_the_course_exercises_with_their_vietnamese_titles_in_self_study_mode(server, self_study):
    status, body = request(server, "/langnghe/bai-tap")
    assert status == 200 and body["mode"] == TU_HOC
    paths = [e["path"] for e in body["exercises"]]
    assert paths == sorted(p.relative_to(self_study).as_posix() for p in self_study.glob("exercises/bt*/bt*.ipynb"))
    assert len(paths) == len(list((ROOT / "solutions").glob("bt*"))) > 5
    bt00 = body["exercises"][0]
    assert bt00 == {"path": BT00, "assignment": "bt00-lam-quen", "title": "Bài tập 0. Làm quen với Jupyter"}
    assert all(e["title"] for e in body["exercises"])


def test_one_wrong_answer_gets_its_hint_and_fewer_points(server, self_study):
    path = bt00_answered(self_study, "mot-cau-sai.ipynb", wrong_tinh_lai=True)
    status, body = request(server, "/langnghe/kiem-tra", {"path": path}, timeout=300)
    assert status == 200, body
    failed = [q for q in body["questions"] if not q["passed"]]
    assert [q["id"] for q in failed] == ["kiem_tra_tinh_lai"], body
    assert failed[0]["points"] == 0 < failed[0]["max_points"] and failed[0]["hint"]
    assert all(q["points"] == q["max_points"] and not q["hint"] for q in body["questions"] if q["passed"])
    assert body["points"] == body["max_points"] - failed[0]["max_points"]
    assert body["self_study"] is True and body["manual_points"] > 0
    answer = json.dumps(body, ensure_ascii=False)
    hidden = hidden_lines(ROOT / "solutions" / "bt00-lam-quen" / "bt00-lam-quen.ipynb")
    assert hidden and not [line for line in hidden if line in answer], "the answer shows hidden tests"


def test_all_answers_right_get_full_points(server, self_study):
    path = bt00_answered(self_study, "dung-het.ipynb", wrong_tinh_lai=False)
    status, body = request(server, "/langnghe/kiem-tra", {"path": path}, timeout=300)
    assert status == 200, body
    assert body["points"] == body["max_points"] > 0
    assert all(q["passed"] for q in body["questions"])


def test_the_server_answers_while_a_check_runs(server, self_study):
    """The check runs in a child process: the server's event loop stays free."""
    import threading

    path = bt00_answered(self_study, "song-song.ipynb", wrong_tinh_lai=False, pause=6)  # a check of 6 s and more
    done = {}
    worker = threading.Thread(target=lambda: done.update(answer=request(server, "/langnghe/kiem-tra", {"path": path},
                                                                        timeout=300)))
    worker.start()
    time.sleep(1)  # the check is under way
    started = time.monotonic()
    status, _ = request(server, "/langnghe/bai-tap", timeout=10)
    answered_in = time.monotonic() - started
    checking = worker.is_alive()
    worker.join(timeout=300)
    assert answered_in < 3, f"the list waited {answered_in:.1f} s: the check blocks the server's loop"
    assert checking, "the check ended before the list was answered: the test proves nothing"
    assert status == 200 and done["answer"][0] == 200 and done["answer"][1]["points"] == done["answer"][1]["max_points"]


def check_processes(port: int) -> list:
    """The child processes of the server on `port` that run a check (python -m langnghe.bai_tap)."""
    import psutil

    server = next(p for p in psutil.process_iter(["cmdline"]) if f"--port={port}" in (p.info["cmdline"] or []))
    return [c for c in server.children() if "langnghe.bai_tap" in c.cmdline()]


def test_a_check_whose_process_dies_says_so_in_vietnamese_and_the_next_one_works(server, self_study):
    """The child that ran a check ends with it (the judge's pandas leaves the server); one killed midway
    (as the system does when memory runs out) is a Vietnamese answer, and the next check gets a new one."""
    import threading

    path = bt00_answered(self_study, "bi-dung.ipynb", wrong_tinh_lai=False, pause=6)
    done = {}
    worker = threading.Thread(target=lambda: done.update(answer=request(server, "/langnghe/kiem-tra", {"path": path},
                                                                        timeout=300)))
    worker.start()
    deadline = time.monotonic() + 60
    while not check_processes(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    for child in check_processes(server):
        child.kill()
    worker.join(timeout=300)
    status, body = done["answer"]
    assert status == 400 and "bị dừng giữa chừng" in body["loi"], body
    status, body = request(server, "/langnghe/kiem-tra", {"path": path}, timeout=300)
    assert status == 200 and body["points"] == body["max_points"], body
    time.sleep(1)
    assert check_processes(server) == []  # the child of that check has ended


@pytest.mark.parametrize("path", ["../bt00-lam-quen.ipynb", "exercises/../../x.ipynb", "/etc/hostname",
                                  "exercises\\..\\..\\x.ipynb", "", None, 42, "exercises/bt00-lam-quen/README.md"])
def test_paths_outside_the_folder_or_not_a_notebook_are_refused(server, path):
    status, body = request(server, "/langnghe/kiem-tra", {"path": path})
    assert status == 400, body
    assert "loi" in body and any(ch in body["loi"] for ch in "ăâđêôơư"), body


def test_a_symlink_leading_out_of_the_folder_is_refused(server, self_study, tmp_path):
    outside = tmp_path / "ngoai.ipynb"
    outside.write_bytes((self_study / BT00).read_bytes())
    link = self_study / "exercises" / "bt00-lam-quen" / "lien-ket.ipynb"
    link.symlink_to(outside)
    try:
        status, body = request(server, "/langnghe/kiem-tra", {"path": link.relative_to(self_study).as_posix()})
    finally:
        link.unlink()
    assert status == 400 and "thư mục khóa học" in body["loi"], body


def test_a_missing_notebook_is_a_404_that_says_what_to_do(server):
    status, body = request(server, "/langnghe/kiem-tra", {"path": "exercises/bt00-lam-quen/khong-co.ipynb"})
    assert status == 404 and "tải lại danh sách" in body["loi"], body


def test_a_notebook_that_is_not_an_exercise_gets_the_checks_vietnamese_message(server, self_study):
    stray = self_study / "exercises" / "bt00-lam-quen" / "ghi-chep.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), stray)
    status, body = request(server, "/langnghe/kiem-tra", {"path": stray.relative_to(self_study).as_posix()},
                           timeout=120)
    assert status == 400 and "Không nhận ra" in body["loi"], body


def test_an_exchange_action_without_an_assignment_is_refused_in_vietnamese(server):
    status, body = request(server, "/langnghe/trao-doi/fetch", {"course_id": "langnghe"})
    assert status == 400 and "Chưa chọn bài nào" in body["loi"], body
    status, _ = request(server, "/langnghe/trao-doi/xoa", {"course_id": "langnghe", "assignment_id": "bt00-lam-quen"})
    assert status == 404  # only nbgrader's fetch, submit and fetch_feedback


@pytest.mark.parametrize("path, body", [("/langnghe/bai-tap", None), ("/langnghe/kiem-tra", {"path": BT00}),
                                        ("/langnghe/trao-doi", None),
                                        ("/langnghe/trao-doi/submit", {"course_id": "langnghe", "assignment_id": "bt00"})])
def test_requests_without_the_token_are_refused(server, path, body):
    status, _ = request(server, path, body, token=None)
    assert status == 403


def test_mode_is_class_only_in_a_server_a_hub_started():
    assert mode({"JUPYTERHUB_SERVICE_PREFIX": "/user/hv01/"}) == LOP_HOC
    assert mode({}) == TU_HOC  # a laptop, even with nbgrader installed: no class


def test_title_is_the_first_heading_of_the_first_markdown_cell(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# not a title"),
                                         nbformat.v4.new_markdown_cell("Lời dẫn\n## Bài tập 9. Thử\n# Sau")])
    nbformat.write(nb, tmp_path / "a.ipynb")
    (tmp_path / "hong.ipynb").write_text("{", encoding="utf-8")
    assert notebook_title(tmp_path / "a.ipynb") == "Bài tập 9. Thử"
    assert notebook_title(tmp_path / "hong.ipynb") == ""
