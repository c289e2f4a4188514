"""The workshop hub for real: JupyterHub, its proxy, one Unix account per person, nbgrader's
exchange and the course's grader, all on 127.0.0.1.

One hub serves the whole module (the tests run in order on one worker): a trainee's round
trip, who can see what, and a restart that must lose nothing.
"""

from __future__ import annotations

import dbm
import json
import pwd
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from hubtools import PASSWORD, Trainee, login_code, running_workshop, username

from coursetools import BIN, ROOT, with_answers
from langnghe.hub import instructor, process
from langnghe.key import Key

pytestmark = pytest.mark.xdist_group("hub")

ASSIGNMENT = "bt01-ban-hang-truc-tuyen"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
PEOPLE = [("Trần Thị Hương", "giảng viên"), ("Nguyễn Văn An", "học viên"),
          ("Lê Thị Bích Ngọc", "học viên"), ("Phạm Đức Thắng", "học viên")]


FIRST_CODES: dict[str, str] = {}  # everyone's code as printed on the card, before any login


@pytest.fixture(scope="module")
def hub():
    with running_workshop(PEOPLE) as ws:
        FIRST_CODES.update({p.username: login_code(ws, p.username) for p in ws.people()})
        yield ws


def hub_verb(hub, *args) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "langnghe", "hub", *args, "--dir", str(hub.root)], capture_output=True, text=True)


def logged_in(hub, full_name: str) -> Trainee:
    trainee = Trainee(hub, username(hub, full_name))
    assert trainee.login().status_code == 200
    trainee.start_server()
    return trainee


@pytest.fixture(scope="module")
def an(hub):
    return logged_in(hub, "Nguyễn Văn An")


@pytest.fixture(scope="module")
def ngoc(hub):
    return logged_in(hub, "Lê Thị Bích Ngọc")


def test_usernames_come_from_the_vietnamese_names(hub):
    assert {p.username for p in hub.people()} == {"huongtt", "annv", "ngocltb", "thangpd"}


def test_login_cards_have_each_person_a_readable_code_and_a_qr_code_of_the_hub(hub, tmp_path):
    done = hub_verb(hub, "the", "--output", str(tmp_path))
    assert done.returncode == 0, done.stderr
    pdf, table = tmp_path / "the-dang-nhap.pdf", tmp_path / "the-dang-nhap.csv"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for person in hub.people():
        assert person.full_name in text and person.username in text and FIRST_CODES[person.username] in text
    assert text.count("Mã một lần") == len(PEOPLE)  # one card each
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "trang")], check=True)
    pages = sorted(tmp_path.glob("trang*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, pages)], capture_output=True, text=True).stdout
    assert decoded.split() == [hub.url] * len(PEOPLE)
    rows = table.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == len(PEOPLE) + 1 and all(FIRST_CODES[p.username] in table.read_text(encoding="utf-8-sig")
                                                 for p in hub.people())
    assert pdf.stat().st_mode & 0o077 == 0  # the codes open accounts: the instructor's eyes only


def test_nobody_can_claim_an_account_without_its_code(hub):
    """Usernames are predictable: the instructor's and a classmate's are taken by nobody early."""
    for victim in ("huongtt", "thangpd"):
        early = Trainee(hub, victim)
        response = early.login(password="mat-khau-doan", mat_khau_moi=PASSWORD, mat_khau_moi_2=PASSWORD)
        assert response.status_code == 403 and "mã in trên thẻ" in response.text
        assert early.http.get(f"{hub.url}/hub/api/user").status_code == 403
    from langnghe.hub.auth import has_password

    assert not has_password(hub.passwords_file, "huongtt") and not has_password(hub.passwords_file, "thangpd")


def test_first_login_with_the_code_needs_a_new_password_of_ones_own(hub):
    ngoc = Trainee(hub, "ngocltb")
    response = ngoc.login(mat_khau_moi="", mat_khau_moi_2="")
    assert response.status_code == 403 and "Đúng mã" in response.text
    response = ngoc.login(mat_khau_moi=PASSWORD, mat_khau_moi_2="khac-nhau")
    assert response.status_code == 403 and "không giống nhau" in response.text
    assert login_code(hub, "ngocltb") == FIRST_CODES["ngocltb"]  # still unused


def test_anonymous_visitor_gets_the_vietnamese_login_page(hub, an):
    import requests

    page = requests.get(f"{hub.url}/user/{an.name}/lab")
    assert page.url.startswith(f"{hub.url}/hub/login")
    text = page.content.decode("utf-8")
    assert "Đăng nhập" in text and "Tên đăng nhập" in text
    api = requests.get(f"{hub.url}/user/{an.name}/api/contents")
    assert api.status_code == 403 and "langnghe" not in api.text


def test_someone_not_on_the_roster_cannot_log_in(hub):
    stranger = Trainee(hub, "hacker")
    response = stranger.login()
    assert response.status_code == 403
    assert "không có trong danh sách lớp" in response.text
    with dbm.open(str(hub.root / "passwords.dbm"), "r") as db:
        assert b"hacker" not in db  # a refused name never gets a password


def test_first_login_sets_the_password_and_a_wrong_one_is_refused(hub, an):
    wrong = Trainee(hub, an.name, password="sai-mat-khau")
    response = wrong.login()
    assert response.status_code == 403 and "Sai mật khẩu" in response.text


def test_a_used_code_cannot_be_used_again(hub, an):
    assert login_code(hub, an.name) is None
    again = Trainee(hub, an.name, password=FIRST_CODES[an.name])
    assert again.login(mat_khau_moi="mat-khau-moi-2", mat_khau_moi_2="mat-khau-moi-2").status_code == 403
    assert Trainee(hub, an.name).login().status_code == 200  # the password chosen with the code


def test_guessed_codes_are_refused_and_logins_lock_after_a_few_until_the_instructor_clears_them(hub):
    from langnghe.hub.auth import USER_LIMIT

    guesser = Trainee(hub, "thangpd")
    for guess in ["ABCD-EFGH", "2345-6789", "HKMN-PQRS", "TUVW-XYZ2", "AAAA-AAAA"][:USER_LIMIT]:
        assert guesser.login(password=guess).status_code == 403
    response = Trainee(hub, "thangpd").login()  # even the right code now waits
    assert response.status_code == 403 and "quá nhiều lần" in response.text and "phút" in response.text
    listed = hub_verb(hub, "locks")
    assert "thangpd" in listed.stdout and "phút" in listed.stdout
    assert hub_verb(hub, "locks", "--clear", "thangpd").returncode == 0
    assert "thangpd" not in hub_verb(hub, "locks").stdout
    assert Trainee(hub, "thangpd").login().status_code == 200


def test_first_start_puts_lessons_datasets_and_start_page_in_the_home(an):
    listing = an.api("GET", "api/contents/langnghe").json()
    assert {item["name"] for item in listing["content"]} >= {"lessons", "datasets", "BAT-DAU.ipynb"}
    modules = an.api("GET", "api/contents/langnghe/lessons").json()["content"]
    assert len([m for m in modules if m["type"] == "directory"]) >= 7
    # The class reads how to fetch and submit, not the self-study text (cells tagged tu-hoc).
    lesson = an.api("GET", "api/contents/langnghe/lessons/00-lam-quen/00.2-bang-va-bieu-do.ipynb").json()["content"]
    text = "\n".join(cell["source"] for cell in lesson["cells"])
    assert "**Nộp bài**" in text and "### Cách làm" not in text
    assert not any(cell["metadata"].get("tags") for cell in lesson["cells"])


def test_a_trainees_edit_survives_a_restart_of_their_server(hub, an):
    path = "api/contents/langnghe/BAT-DAU.ipynb"
    page = an.api("GET", path).json()
    page["content"]["cells"][0]["source"] = "# Trang của tôi"
    assert an.api("PUT", path, json={"type": "notebook", "content": page["content"]}).status_code == 200
    an.api("DELETE", "api/contents/langnghe/lessons/00-lam-quen")  # a deleted lesson comes back
    hub_api = f"{hub.url}/hub/api/users/{an.name}/server"
    headers = {"X-XSRFToken": an.http.cookies.get("_xsrf", path="/hub/")}
    assert an.http.delete(hub_api, headers=headers).status_code in (202, 204)
    for _ in range(120):
        if not an.http.get(f"{hub.url}/hub/api/users/{an.name}", headers=headers).json()["servers"]:
            break
        time.sleep(0.5)
    an.start_server()
    assert an.api("GET", path).json()["content"]["cells"][0]["source"] == "# Trang của tôi"
    assert an.api("GET", "api/contents/langnghe/lessons/00-lam-quen").status_code == 200


def test_trainee_fetches_and_submits_and_the_instructor_grades_and_returns(hub, an, ngoc):
    released = [a for a in an.assignments() if a["assignment_id"] == ASSIGNMENT]
    assert released and released[0]["status"] == "released"
    an.assignments("fetch", ASSIGNMENT)
    ngoc.assignments("fetch", ASSIGNMENT)
    path = f"api/contents/{ASSIGNMENT}/{NOTEBOOK}"
    fetched = nbformat.from_dict(an.api("GET", path).json()["content"])
    solved = with_answers(fetched, ROOT / "solutions" / ASSIGNMENT / NOTEBOOK)
    assert an.api("PUT", path, json={"type": "notebook", "content": solved}).status_code == 200
    # The panel's Kiểm tra on her server: the judge with the visible tests only (her home's keys).
    checked = an.api("POST", "langnghe/kiem-tra", json={"path": f"{ASSIGNMENT}/{NOTEBOOK}"})
    untouched = ngoc.api("POST", "langnghe/kiem-tra", json={"path": f"{ASSIGNMENT}/{NOTEBOOK}"})
    assert checked.status_code == 200 and untouched.status_code == 200, (checked.text, untouched.text)
    checked, untouched = checked.json(), untouched.json()
    assert checked["points"] == checked["max_points"] > 0, checked
    assert untouched["points"] == 0 and all(q["hint"] for q in untouched["questions"]), untouched
    held = Path(pwd.getpwnam(ngoc.name).pw_dir) / ".kiem-tra" / ASSIGNMENT / f"{Path(NOTEBOOK).stem}.json"
    assert held.stat().st_uid == pwd.getpwnam(ngoc.name).pw_uid  # hers to read
    assert any(t.hidden for t in Key.from_instructor(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK).tests.values())
    assert Key.read(held).tests and not any(t.hidden for t in Key.read(held).tests.values())
    an.assignments("submit", ASSIGNMENT)
    ngoc.assignments("submit", ASSIGNMENT)  # handed in untouched

    aid, students = instructor.collect(hub, "bt01")
    assert aid == ASSIGNMENT and students == sorted([an.name, ngoc.name])
    _, results = instructor.grade(hub, "bt01")
    scores = {r.student: (r.score, r.max_score) for r in results}
    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}") as gb:
        autograded_max = gb.find_assignment(ASSIGNMENT).max_code_score  # the rest is for formgrader
    assert scores[an.name][0] == autograded_max > 0
    assert scores[ngoc.name][0] == 0
    _, pages = instructor.give_back(hub, "bt01")
    assert len(pages) == 2

    listing = an.assignments("fetch_feedback", ASSIGNMENT)
    feedback = [a for a in listing if a["assignment_id"] == ASSIGNMENT and a["status"] == "submitted"]
    assert feedback and any(sub["has_local_feedback"] for sub in feedback[0]["submissions"])
    stamps = an.api("GET", f"api/contents/{ASSIGNMENT}/feedback").json()["content"]
    pages = an.api("GET", f"api/contents/{stamps[0]['path']}").json()["content"]
    html = an.api("GET", f"api/contents/{pages[0]['path']}", params={"type": "file", "format": "text"}).json()["content"]
    assert f"{scores[an.name][0]:g}" in html and "HIDDEN TESTS" not in html


def test_a_trainee_gets_403_on_another_trainees_server(an, ngoc):
    assert an.http.get(f"{ngoc.server}/lab").status_code == 403
    assert an.http.get(f"{ngoc.server}/api/contents").status_code == 403


def _as_user(user: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), user=user, capture_output=True, text=True)


def test_a_trainee_cannot_read_another_trainees_submission_or_home(hub, an, ngoc):
    inbound = hub.exchange / "langnghe" / "inbound"
    theirs = [p for p in inbound.iterdir() if p.name.startswith(f"{ngoc.name}+")]
    assert theirs, "the other trainee's submission is in the exchange"
    listing = _as_user(an.name, "ls", str(inbound))
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    # Without the listing the name cannot be guessed: nbgrader adds a random string to it.
    assert theirs[0].name.count("+") == 3
    home = Path(hub.settings()["nha"]) / ngoc.name
    assert _as_user(an.name, "cat", str(home / ASSIGNMENT / NOTEBOOK)).returncode != 0
    own = _as_user(an.name, "ls", str(Path(hub.settings()["nha"]) / an.name / ASSIGNMENT))
    assert own.returncode == 0 and NOTEBOOK in own.stdout


def test_only_instructors_reach_formgrader(hub, an):
    assert an.http.get(f"{hub.url}/services/formgrader/").status_code == 403
    teacher = Trainee(hub, username(hub, "Trần Thị Hương"))
    assert teacher.login().status_code == 200
    page = teacher.http.get(f"{hub.url}/services/formgrader/")
    assert page.status_code == 200 and "formgrader" in page.url
    api = teacher.http.get(f"{hub.url}/services/formgrader/formgrader/api/assignments")
    assert api.status_code == 200 and ASSIGNMENT in {a["name"] for a in api.json()}


def test_hub_password_gives_a_working_new_code_and_kills_the_old_password(hub, ngoc):
    done = hub_verb(hub, "password", ngoc.name)
    assert done.returncode == 0, done.stderr
    code = login_code(hub, ngoc.name)
    assert code and code in done.stdout and code != FIRST_CODES[ngoc.name]
    assert Trainee(hub, ngoc.name).login(password=PASSWORD).status_code == 403  # the old password
    renewed = Trainee(hub, ngoc.name, password="mat-khau-moi-3")
    assert renewed.login().status_code == 200  # the new code, and a new password with it
    assert login_code(hub, ngoc.name) is None


def test_a_trainee_reads_nothing_under_the_workshop_folder_off_the_allow_list(hub, an):
    """As a trainee would probe it, from their Unix account: walk what they can list, and try by
    name every file there is (but those nbgrader names with a random string in its exchange)."""
    import fnmatch
    import os

    everything = []
    for folder, dirs, files in os.walk(hub.root):
        rel = Path(folder).relative_to(hub.root)
        if rel.parts[:3] in (("trao-doi", "langnghe", "inbound"), ("trao-doi", "langnghe", "feedback")):
            continue
        everything += [str(Path(folder) / name) for name in files]
    secrets = {hub.root / "jupyterhub.sqlite", hub.root / "jupyterhub_cookie_secret", hub.codes_file,
               hub.course / "gradebook.db", hub.course / "solutions" / ASSIGNMENT / NOTEBOOK}
    assert secrets <= {Path(p) for p in everything}  # the probe has something to find
    probe = f"""
import json, os, sys
paths = set(json.load(sys.stdin))
for folder, dirs, files in os.walk({str(hub.root)!r}):
    paths.update(os.path.join(folder, name) for name in files)
readable = []
for path in sorted(paths):
    try:
        with open(path, "rb") as f:
            f.read(1)
        readable.append(path)
    except OSError:
        pass
print(json.dumps(readable))
"""
    for trainee in (an.name, "thangpd"):
        allowed = ["etc/hoc-vien/*", "share/hoc-vien/kernels/python3/kernel.json", "trao-doi/langnghe/outbound/*",
                   f"nha/{trainee}/*"]
        done = subprocess.run(["python3", "-c", probe], input=json.dumps(everything), user=trainee,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        readable = [str(Path(p).relative_to(hub.root)) for p in json.loads(done.stdout)]
        off_list = [p for p in readable if not any(fnmatch.fnmatch(p, pattern) for pattern in allowed)]
        assert off_list == [], trainee
        assert any(p.startswith("etc/hoc-vien/") for p in readable)  # what their server needs


def run_in_kernel(trainee: Trainee, code: str, timeout: float = 120) -> str:
    """What `code` prints, run in a kernel of the trainee's own server (as her notebook or terminal would)."""
    import uuid

    import websocket

    kernel = trainee.api("POST", "api/kernels", json={}).json()["id"]
    cookies = "; ".join(f"{c.name}={c.value}" for c in trainee.http.cookies)
    url = trainee.server.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    connection = websocket.create_connection(url, header=[f"Cookie: {cookies}"], origin=trainee.ws.url,
                                             timeout=timeout)
    msg_id = uuid.uuid4().hex
    connection.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": trainee.name,
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False}}))
    out = []
    try:
        while True:
            msg = json.loads(connection.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise AssertionError("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)
    finally:
        connection.close()
        trainee.api("DELETE", f"api/kernels/{kernel}")


def test_a_trainees_server_sees_nothing_of_the_course_source_but_what_it_runs(hub, an):
    """From her own server (a notebook's kernel), the clone the hub runs from shows its Python, package,
    datasets and proxy only: no solutions (hidden tests), no git history, no bundles or keys."""
    secret = ROOT / "solutions" / ASSIGNMENT / NOTEBOOK
    assert secret.is_file() and (ROOT / ".git").exists()
    probe = f"""
import json, os
root = {str(ROOT)!r}
names = {sorted(p.name for p in ROOT.iterdir())!r}
try:
    listed = sorted(os.listdir(root))
except PermissionError:
    listed = None
print(json.dumps({{"listed": listed, "there": [n for n in names if os.path.exists(os.path.join(root, n))],
                   "solution": os.path.exists({str(secret)!r})}}))
"""
    seen = json.loads(run_in_kernel(an, probe).strip().splitlines()[-1])
    assert seen["solution"] is False, seen
    assert seen["listed"] is None  # the folder cannot even be listed
    # Tried by name, every entry of the clone: only what her server runs is there.
    assert set(seen["there"]) <= {".venv", "src", "datasets", "node_modules"}, seen["there"]
    assert {".venv", "src"} <= set(seen["there"]), seen["there"]


def test_a_trainees_kernel_has_no_debugger_and_explains_errors_in_vietnamese(hub, an):
    """Her kernels are the trainees' kernelspec (workshop.TRAINEE_KERNEL): ipykernel without debugpy, which
    costs each kernel memory and she never opens; the course's kernel extension still loads."""
    probe = """
import json, sys
print(json.dumps({"debugpy": sys.modules.get("debugpy", "chưa nạp") is None, "argv": sys.argv,
                  "explain": "langnghe.explain" in get_ipython().extension_manager.loaded}))
"""
    seen = json.loads(run_in_kernel(an, probe).strip().splitlines()[-1])
    assert seen["debugpy"] is True and seen["argv"][0].endswith("langnghe/hub/kernel.py"), seen
    assert seen["explain"] is True, seen
    spec = an.api("GET", "api/kernelspecs").json()["kernelspecs"]["python3"]["spec"]
    assert spec["argv"][:3] == ["python", "-m", "langnghe.hub.kernel"] and spec["metadata"]["debugger"] is False


def test_a_trainees_server_is_the_light_command_and_has_no_pandas(hub, an):
    """Her server runs langnghe.hub.singleuser, and the panel's server extension it loads imports no pandas
    (whose compiled libraries would be mapped into the process)."""
    import psutil

    uid = pwd.getpwnam(an.name).pw_uid
    servers = [p for p in psutil.process_iter(["uids", "cmdline"])
               if p.info["uids"] and p.info["uids"].real == uid and "langnghe.hub.singleuser" in (p.info["cmdline"] or [])]
    assert len(servers) == 1, [p.info["cmdline"] for p in psutil.process_iter(["uids", "cmdline"])
                               if p.info["uids"] and p.info["uids"].real == uid]
    assert servers[0].info["cmdline"][1:3] == ["-m", "langnghe.hub.singleuser"]
    maps = Path(f"/proc/{servers[0].pid}/maps").read_text()
    assert "pandas/_libs" not in maps and "numpy" not in maps  # pandas's and numpy's compiled libraries


def test_the_server_command_keeps_jsonschema_from_compiling_rfc3987s_grammar():
    """What a server imports at start (jupyter_server pulls in jsonschema through jupyter_events), after
    langnghe.hub.singleuser: rfc3987_syntax stays marked absent, so its grammar is never compiled."""
    done = subprocess.run([BIN / "python", "-c", "import sys, langnghe.hub.singleuser, jupyter_server.serverapp, "
                           "jupyterlab.labapp, langnghe.bai_tap; print(sys.modules['rfc3987_syntax'] is None, "
                           "'pandas' in sys.modules)"], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["True", "False"], done.stdout + done.stderr


def test_restart_keeps_accounts_submissions_and_grades(hub, an):
    def state():
        with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}") as gb:
            grades = {s.student.id: s.score for s in gb.assignment_submissions(ASSIGNMENT)}
        return grades, sorted(p.name for p in (hub.exchange / "langnghe" / "inbound").iterdir())

    before = state()
    assert process.stop(hub)
    assert not process.is_running(hub)
    process.start(hub)
    assert state() == before and before[0][an.name] > 0

    again = Trainee(hub, an.name, PASSWORD)
    assert again.login().status_code == 200  # the password chosen at the first login
    assert Trainee(hub, an.name, "mot-mat-khau-khac").login().status_code == 403
    again.start_server()
    graded = [a for a in again.assignments() if a["assignment_id"] == ASSIGNMENT]
    assert any(a["status"] == "submitted" for a in graded)
    hub_state = json.loads((hub.root / "hoi-thao.json").read_text(encoding="utf-8"))
    assert an.name in hub_state["tai_khoan_unix"]
