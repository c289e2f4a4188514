"""`langnghe bundle`: the self-study zip, unzipped and installed into a fresh venv from its own files.

One bundle, one unzip and one fresh venv per run (module fixtures); in that venv `langnghe check`
grades offline, and bat-dau.sh opens JupyterLab on 127.0.0.1. The Windows script cannot run
here: it is checked for the commands it needs.
"""

from __future__ import annotations

import io
import json
import os
import html
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import nbformat
import psutil
import pytest
import yaml

from coursetools import BIN, ROOT, assignment_pairs, clean_env, offline, pins, with_answers
from langnghe.bundle import STAMP, Member, leaks, write_self_study
from langnghe.key import Key
from langnghe.course import KEYS

pytestmark = pytest.mark.xdist_group("bundle")

PAIRS = {name: (solution, exercise) for name, solution, exercise in assignment_pairs()}
HIDDEN = "### BEGIN HIDDEN TESTS"
SOLUTION = "### BEGIN SOLUTION"
TOKEN = "kiem-thu-tu-hoc"


def hidden_lines() -> set[str]:
    """Distinctive lines of every hidden test in solutions/."""
    lines = set()
    for solution, _ in PAIRS.values():
        for cell in nbformat.read(solution, as_version=4).cells:
            if HIDDEN in cell.source:
                body = cell.source.split(HIDDEN, 1)[1].split("### END HIDDEN TESTS", 1)[0]
                lines |= {line.strip() for line in body.splitlines() if len(line.strip()) > 12}
    return lines


def model_answers() -> list[str]:
    """The instructor's sample answers to the written questions."""
    return [c.source.strip() for solution, _ in PAIRS.values() for c in nbformat.read(solution, as_version=4).cells
            if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution") and c.source.strip()]


@pytest.fixture(scope="module")
def bundle_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([BIN / "langnghe", "bundle", "--output", out], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    (path,) = out.glob("langnghe-tu-hoc-*.zip")
    return path


@pytest.fixture(scope="module")
def unzipped(bundle_zip, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("giai-nen")
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(target)
    (folder,) = target.iterdir()
    return folder


@pytest.fixture(scope="module")
def venv(unzipped) -> Path:
    """A fresh venv where the launch scripts make it, installed from the bundle's own files."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", unzipped / ".venv"], check=True, env=clean_env())
    (wheel,) = (unzipped / "goi-cai-dat").glob("langnghe-*.whl")
    done = subprocess.run([unzipped / ".venv/bin/python", "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "-r", "requirements.txt", wheel.relative_to(unzipped)],
                          cwd=unzipped, env=clean_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\nfresh venv install: {time.monotonic() - started:.0f} s")
    return unzipped / ".venv" / "bin"


def zip_contents(path: Path):
    """(name, bytes) of every member, and of every file inside a wheel."""
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            yield name, data
            if name.endswith(".whl"):
                with zipfile.ZipFile(io.BytesIO(data)) as wheel:
                    for inner in wheel.namelist():
                        yield f"{name}!{inner}", wheel.read(inner)


def test_zip_has_the_self_study_layout(bundle_zip):
    with zipfile.ZipFile(bundle_zip) as zf:
        names = zf.namelist()
        script_mode = zf.getinfo(next(n for n in names if n.endswith("/bat-dau.sh"))).external_attr >> 16
    top = {n.split("/")[0] for n in names}
    assert top == {bundle_zip.stem} and re.fullmatch(r"langnghe-tu-hoc-\d+\.\d+\.\d+-\d{4}-\d{2}-\d{2}", bundle_zip.stem)
    inside = {n.split("/", 1)[1] for n in names}
    for required in ["BAT-DAU.ipynb", "DOC-TRUOC.md", "DOC-TRUOC.html", "bat-dau.bat", "bat-dau.sh", "requirements.txt",
                     "environment.yml", "datasets/datapackage.json", "datasets/README.md"]:
        assert required in inside, required
    for name, (solution, exercise) in PAIRS.items():
        assert f"exercises/{name}/{exercise.name}" in inside
        assert f"{KEYS}/{name}/{solution.stem}.json" in inside
    lessons = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("lessons/*/*.ipynb")}
    assert lessons <= inside
    assert {p.relative_to(ROOT).as_posix() for p in ROOT.glob("datasets/*.csv")} <= inside
    assert sum(n.startswith("goi-cai-dat/langnghe-") and n.endswith(".whl") for n in inside) == 1
    assert stat.S_IMODE(script_mode) == 0o755


def test_zip_holds_no_solutions_and_no_hidden_tests(bundle_zip):
    secrets, answers = hidden_lines(), model_answers()
    assert secrets and answers
    scanned = 0
    for name, data in zip_contents(bundle_zip):
        scanned += 1
        assert "/solutions/" not in f"/{name}/" and "solutions/" not in name.split("!")[-1], name
        text = data.decode("utf-8", errors="replace")
        assert SOLUTION not in text and "BEGIN HIDDEN TESTS" not in text, name
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{name}: {leaked[:3]}"
        assert not [a for a in answers if a in text], name
    assert scanned > 100


def test_lessons_and_exercises_in_the_zip_speak_to_a_learner_alone(unzipped):
    notebooks = sorted((unzipped / "lessons").rglob("*.ipynb")) + sorted((unzipped / "exercises").rglob("*.ipynb"))
    assert len(notebooks) > 20
    for path in notebooks:
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert not re.search(r"Submit|Assignment List|Validate|Nbgrader|giảng viên|giáo viên", text), path
    bt00 = nbformat.read(unzipped / "exercises/bt00-lam-quen/bt00-lam-quen.ipynb", as_version=4)
    assert "langnghe check exercises/bt00-lam-quen/bt00-lam-quen.ipynb" in bt00.cells[-1].source


def test_key_files_give_check_the_instructor_tests(unzipped):
    for name, (solution, _) in PAIRS.items():
        path = unzipped / KEYS / name / f"{solution.stem}.json"
        raw = path.read_text(encoding="utf-8")
        bundled, original = Key.read(path), Key.from_instructor(solution)
        assert bundled == original, name
        assert any(t.hidden for t in original.tests.values())
        assert not any(t.hidden in raw for t in original.tests.values() if t.hidden.strip())


def test_build_refuses_files_that_would_leak():
    wheel = io.BytesIO()
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("langnghe/x.py", "assert tong == 42, 'sai'\n")
    found = leaks([Member("exercises/bt/bt.ipynb", f'"{SOLUTION}\\n"'.encode()),
                   Member("goi-cai-dat/langnghe.whl", wheel.getvalue()),
                   Member("solutions/bt/bt.ipynb", b"{}"),
                   Member("lessons/a.ipynb", b"nothing to see")],
                  {"assert tong == 42, 'sai'"})
    assert len(found) == 3 and not any(f.startswith("lessons/") for f in found), found


def solved_copy(name: str, target: Path) -> Path:
    """The student version with every answer taken from the instructor version, as a learner would type it."""
    solution, exercise = PAIRS[name]
    nb = with_answers(nbformat.read(exercise, as_version=4), solution)
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target / exercise.name)
    return target / exercise.name


def run_check(venv: Path, notebook: Path, cwd: Path):
    return subprocess.run(offline([venv / "langnghe", "check", notebook]), cwd=cwd, capture_output=True,
                          text=True, env=clean_env(), timeout=240)


def points(stdout: str) -> tuple[float, float]:
    found = re.search(r"Tổng điểm tự động: ([\d,]+)/([\d,]+)", stdout)
    assert found, stdout
    return float(found[1].replace(",", ".")), float(found[2].replace(",", "."))


def test_the_bundle_installs_the_tested_versions(venv, unzipped):
    pinned = pins((unzipped / "constraints.txt").read_text(encoding="utf-8"))
    done = subprocess.run([venv / "python", "-m", "pip", "freeze", "--exclude-editable"], capture_output=True,
                          text=True, env=clean_env())
    installed = dict(line.lower().replace("_", "-").split("==") for line in done.stdout.splitlines()
                     if "==" in line and not line.startswith("langnghe"))
    assert "nbgrader" in installed and "pandas" in installed
    assert {n: v for n, v in installed.items() if pinned.get(n) != v} == {}
    assert "-c constraints.txt" in (unzipped / "requirements.txt").read_text(encoding="utf-8")


def test_installed_package_is_the_bundled_wheel(venv, unzipped):
    done = subprocess.run([venv / "python", "-c", "import langnghe; print(langnghe.__file__)"],
                          capture_output=True, text=True, env=clean_env(), cwd="/")
    assert Path(done.stdout.strip()).is_relative_to(unzipped / ".venv"), done.stdout + done.stderr


@pytest.mark.parametrize("name", ["bt00-lam-quen", "bt01-ban-hang-truc-tuyen"])
def test_solved_exercise_scores_full_marks_offline(venv, unzipped, name):
    notebook = solved_copy(name, unzipped / "bai-lam")  # a folder of the learner's own, inside the bundle
    done = run_check(venv, notebook, cwd=notebook.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    got, total = points(done.stdout)
    assert got == total > 0, done.stdout
    assert not [line for line in hidden_lines() if line in done.stdout]
    # A learner on her own: no class to submit to, no instructor to wait for.
    assert "không cần nộp bài cho ai" in done.stdout and "giảng viên" not in done.stdout, done.stdout


def test_blank_exercise_scores_zero_offline_and_is_not_written(venv, unzipped):
    notebook = unzipped / "exercises" / "bt00-lam-quen" / "bt00-lam-quen.ipynb"
    before = notebook.read_bytes()
    done = run_check(venv, notebook.relative_to(unzipped), cwd=unzipped)
    assert done.returncode == 0, done.stdout + done.stderr
    got, total = points(done.stdout)
    assert got == 0 < total
    assert done.stdout.count("Gợi ý:") == done.stdout.count("❌") > 0
    assert not [line for line in hidden_lines() if line in done.stdout]
    assert notebook.read_bytes() == before


def get(port: int, path: str):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read().decode("utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def listening_lab(command: list, cwd: Path, port: int, log: Path):
    """JupyterLab started by `command` (with our token), once it answers on `port`: (process, seconds it
    took). Stopped afterwards."""
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=clean_env(JUPYTER_TOKEN=TOKEN), stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        while True:
            try:
                get(port, "/api/status")
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() - started < 120, "JupyterLab không mở trong 120 giây\n" + log.read_text()
                time.sleep(0.5)
        yield process, time.monotonic() - started
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_launch_script_opens_vietnamese_jupyterlab_on_loopback(venv, unzipped, tmp_path):
    port = free_port()
    command = ["sh", "bat-dau.sh", "--no-browser", "--port", str(port)]
    with listening_lab(command, unzipped, port, tmp_path / "bat-dau.log") as (process, seconds):
        print(f"\nbat-dau.sh to a listening JupyterLab (packages already in .venv): {seconds:.1f} s")
        server = psutil.Process(process.pid)  # the script execs langnghe lab, which execs jupyter lab
        listening = {c.laddr.ip for c in server.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
        assert listening == {"127.0.0.1"}
        _, page = get(port, "/api/contents/BAT-DAU.ipynb")
        assert "Khóa học dữ liệu cho cơ sở làng nghề" in page["content"]["cells"][0]["source"]
        _, locale = get(port, "/lab/api/settings/@jupyterlab/translation-extension:plugin")
        assert locale["settings"].get("locale", locale["schema"]["properties"]["locale"]["default"]) == "vi_VN"
        _, pack = get(port, "/lab/api/translations/vi_VN")
        assert pack["data"], "gói tiếng Việt chưa được cài trong .venv của bộ tự học"
        # `langnghe check` must work in JupyterLab's terminal: the venv's bin/ leads PATH.
        assert server.environ()["PATH"].split(os.pathsep)[0] == str(venv)
        assert (unzipped / ".venv" / STAMP).read_text().strip() == unzipped.name
        assert (unzipped / ".jupyter" / "runtime").is_dir()


def test_the_bundles_jupyterlab_shows_the_bai_tap_panel_from_the_installed_wheel(venv, unzipped, tmp_path):
    """The wheel's prebuilt extension, in the learner's fresh venv (no node build there): the panel lists
    the bundle's exercises, and nbgrader's tools are hidden."""
    from playwright.sync_api import sync_playwright

    from langnghe.lab import LEARNER_HIDDEN_LAB_PLUGINS
    from test_lab import CHROMIUM_ARGS

    port = free_port()
    with listening_lab(["sh", "bat-dau.sh", "--no-browser", "--port", str(port)], unzipped, port,
                       tmp_path / "bat-dau.log"):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{port}/lab?token={TOKEN}")
            config = json.loads(page.locator("#jupyter-config-data").text_content())
            tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="langnghe-bai-tap"]')
            tab.click(timeout=60_000)
            row = page.locator('#langnghe-bai-tap .langnghe-BaiTap-exercise[data-path="exercises/bt00-lam-quen/bt00-lam-quen.ipynb"]')
            row.wait_for(timeout=30_000)
            title = row.locator(".langnghe-BaiTap-exerciseTitle").inner_text()
            browser.close()
    loaded = {e["name"]: e for e in config["federated_extensions"]}
    assert "@langnghe/bai-tap" in loaded, list(loaded)
    assert title == "Bài tập 0. Làm quen với Jupyter"
    assert set(LEARNER_HIDDEN_LAB_PLUGINS) <= set(config["disabledExtensions"])
    assert (venv.parent / "share/jupyter/labextensions/@langnghe/bai-tap/package.json").is_file()


def test_windows_script_has_the_commands_it_needs(unzipped):
    raw = (unzipped / "bat-dau.bat").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "BOM phá dòng đầu của tệp .bat"
    assert raw.count(b"\n") == raw.count(b"\r\n"), "tệp .bat phải xuống dòng kiểu Windows (CRLF)"
    text = raw.decode("utf-8")
    values = dict(re.findall(r'^set "(\w+)=(.*)"\r?$', text, re.M))
    wheel = unzipped / values["WHEEL"].replace("\\", "/")
    assert wheel.is_file() and wheel.suffix == ".whl"
    assert values["BUNDLE"] == unzipped.name and values["STAMP"] == f".venv\\{STAMP}"
    for needed in ["chcp 65001", 'cd /d "%~dp0"', "py -3 -c", "python -c", "sys.version_info < (3, 11)",
                   "%PY% -m venv .venv",
                   '".venv\\Scripts\\python.exe" -m pip install --disable-pip-version-check -r requirements.txt "%WHEEL%"',
                   '> "%STAMP%" echo %BUNDLE%', '".venv\\Scripts\\langnghe.exe" lab %*',
                   "Không tìm thấy Python 3.11 trở lên", "https://www.python.org/downloads/"]:
        assert needed in text, needed
    labels = set(re.findall(r"^:(\w+)", text, re.M))
    targets = set(re.findall(r"goto (\w+)", text)) - {"eof"}
    assert targets and targets <= labels, targets - labels


def test_guide_says_how_to_start_check_and_what_is_hidden(unzipped):
    guide = (unzipped / "DOC-TRUOC.md").read_text(encoding="utf-8")
    assert "{{" not in guide
    for heading in ["## Bắt đầu trên Windows", "## Bắt đầu trên Linux hoặc macOS",
                    "## Tự chấm bài: nút Kiểm tra trong bảng Bài tập", "### Cách khác: lệnh `langnghe check`",
                    "## Kiểm tra ẩn: học viên thấy được gì, không thấy được gì"]:
        assert heading in guide
    assert "Chỉ lần mở đầu tiên cần Internet" in guide
    assert "chưa được chạy trên một máy Windows thật" in guide
    for path in re.findall(r"langnghe check (exercises/\S+\.ipynb)", guide):
        assert (unzipped / path).is_file(), path
    assert "bat-dau.bat" in guide and "sh bat-dau.sh" in guide


def test_environment_yml_installs_the_bundled_wheel_without_extras(unzipped):
    env = yaml.safe_load((unzipped / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    wheels = [p for p in pip if p.endswith(".whl")]
    assert len(wheels) == 1 and (unzipped / wheels[0]).is_file()
    assert not any(d.startswith(("pytest", "playwright", "jupyterhub", "-e")) for d in conda + pip)
    requirements = (unzipped / "requirements.txt").read_text(encoding="utf-8")
    assert "nbgrader" in requirements and "jupyterlab-language-pack-vi-VN" in requirements
    assert "pytest" not in requirements


def test_the_guide_opens_as_a_page_with_the_same_sections(unzipped):
    guide = (unzipped / "DOC-TRUOC.md").read_text(encoding="utf-8")
    page = (unzipped / "DOC-TRUOC.html").read_text(encoding="utf-8")
    headings = [h.replace("`", "") for h in re.findall(r"^#+ (.+)$", guide, re.M)]
    shown = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h\d>(.*?)</h\d>", page)]
    assert headings and shown == headings, (shown, headings)
    assert '<html lang="vi">' in page and "<table>" in page
    assert "**" not in page and "```" not in page



def test_the_learners_view_of_a_source_tree_keeps_her_work_and_checks_alone(tmp_path):
    """`langnghe lab --tu-hoc` (make course): the bundle's course files in a folder, renewed around her work."""
    view = write_self_study(ROOT, tmp_path / "tu-hoc")
    assert not (view / "solutions").exists() and (view / KEYS).is_dir()
    for path in [*(view / "lessons").rglob("*.ipynb"), *(view / "exercises").rglob("*.ipynb")]:
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert not re.search(r"Submit|Assignment List|Validate|giảng viên|giáo viên", text), path
    mine = view / "exercises/bt00-lam-quen/bt00-lam-quen.ipynb"
    solved = solved_copy("bt00-lam-quen", tmp_path / "bai-lam")
    shutil.copyfile(solved, mine)
    lesson = next((view / "lessons").rglob("00.2-*.ipynb"))
    lesson.unlink()
    write_self_study(ROOT, view)
    assert mine.read_bytes() == solved.read_bytes() and lesson.is_file()
    done = subprocess.run([BIN / "langnghe", "check", mine.relative_to(view)], cwd=view, capture_output=True,
                          text=True, env=clean_env(), timeout=240)
    got, total = points(done.stdout)
    assert got == total > 0, done.stdout + done.stderr
    assert "không cần nộp bài cho ai" in done.stdout and "giảng viên" not in done.stdout


def test_lab_tu_hoc_opens_jupyterlab_on_the_learners_view(tmp_path):
    port = free_port()
    log = tmp_path / "lab.log"
    with listening_lab([BIN / "langnghe", "lab", "--tu-hoc", "--no-browser", "--port", str(port)], ROOT, port, log):
        _, listing = get(port, "/api/contents/")
        names = {item["name"] for item in listing["content"]}
        assert {"lessons", "exercises", "BAT-DAU.ipynb"} <= names and "solutions" not in names
        _, bt00 = get(port, "/api/contents/exercises/bt00-lam-quen/bt00-lam-quen.ipynb")
        last = bt00["content"]["cells"][-1]["source"]
        assert "langnghe check exercises/bt00-lam-quen/bt00-lam-quen.ipynb" in last, last
        assert "build/tu-hoc" in log.read_text(encoding="utf-8")
