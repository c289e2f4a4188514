"""The "Bài tập" panel as a learner alone uses it, in Chromium: her JupyterLab (`langnghe lab` in a self-study
course, as the bundle's launcher and `make course` open it), bt00 opened from the panel, one answer wrong,
Kiểm tra shows ❌ and the hint, the answer fixed in the notebook, Kiểm tra saves it and shows ✅; no nbgrader
tool on her screen, and no English word on the panel. Screenshots for docs/ (tests/screenshots.py)."""

from __future__ import annotations

import datetime
import getpass
import json
import os
import re
import shutil
import subprocess
import zoneinfo
from pathlib import Path

import nbformat
import pytest

from coursetools import BIN, ROOT, clean_env, with_answers
from langnghe.bundle import write_self_study
from langnghe.lab import LEARNER_HIDDEN_LAB_PLUGINS, is_self_study, start_url
from screenshots import chup_anh  # noqa: F401  (pytest fixture: screenshots for docs/)
from test_bai_tap import BT00, TOKEN as SERVER_TOKEN, WRONG_TINH_LAI, jupyter_server
from test_bundle import TOKEN, free_port, listening_lab
from test_lab import CHROMIUM_ARGS
from tieng_viet import foreign_words

pytestmark = pytest.mark.xdist_group("bai_tap_browser")  # one worker, one learner's JupyterLab for the module
RIGHT_TINH_LAI = "def tinh_lai(doanh_thu, chi_phi):\n    return doanh_thu - chi_phi"
PANEL = "#langnghe-bai-tap"
# Words the panel shows that are not Vietnamese on purpose: bt01's title ("số liệu của shop"), and a hint's
# loanword and the line it tells her to replace ("thay dòng raise NotImplementedError bằng code của bạn").
# Files' paths count as names too (panel_words).
PANEL_ALLOWED = {"shop", "code", "raise", "NotImplementedError"}
# The panel's visible text, its tooltips, and the words of the file paths it shows.
PANEL_TEXT = """el => ({
  text: el.innerText,
  tooltips: [...el.querySelectorAll('[title]')].map(e => e.title),
  paths: [...el.querySelectorAll('.langnghe-BaiTap-path')].map(e => e.innerText)
})"""


def panel_words(locator) -> tuple[str, set[str]]:
    """(the panel's visible text and tooltips, the words it may show: PANEL_ALLOWED and its paths' words)."""
    seen = locator.evaluate(PANEL_TEXT)
    names = {w for path in seen["paths"] for w in re.findall(r"[^\W_]+", path)}
    return " ".join([seen["text"], *seen["tooltips"]]), PANEL_ALLOWED | names
# What nbgrader's tools show in English: none of it may be on a learner's screen.
NBGRADER_WORDS = ["Nbgrader", "Formgrader", "Create Assignment", "Validate", "Assignment List", "Course List",
                  "Assignments"]


@pytest.fixture(scope="module")
def learner_lab(tmp_path_factory):
    """JupyterLab on a learner's self-study course, with bt00 answered but tinh_lai wrong: (port, course)."""
    course = write_self_study(ROOT, tmp_path_factory.mktemp("tu-hoc"))
    notebook = course / BT00
    nb = with_answers(nbformat.read(notebook, as_version=4), ROOT / "solutions" / "bt00-lam-quen" / notebook.name)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "tinh_lai"]
    cell.source = WRONG_TINH_LAI
    nbformat.write(nb, notebook)
    port = free_port()
    log = tmp_path_factory.mktemp("log") / "lab.log"
    with listening_lab([BIN / "langnghe", "lab", "--no-browser", "--port", str(port)], course, port, log):
        yield port, course


def page_config(port: int) -> dict:
    """The page_config JupyterLab's page carries (disabledExtensions among it)."""
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{port}/lab", headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        html = response.read().decode("utf-8")
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found[1])


def test_the_learners_jupyterlab_disables_nbgraders_tools_and_the_authors_keeps_them(learner_lab):
    port, course = learner_lab
    disabled = page_config(port)["disabledExtensions"]
    assert set(LEARNER_HIDDEN_LAB_PLUGINS) <= set(disabled), disabled
    assert is_self_study(course) and not is_self_study(ROOT)  # authors' `langnghe lab` on the source tree
    settings = json.loads((course / ".jupyter" / "config" / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert settings["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False


def test_learner_checks_bt00_from_the_panel_sees_the_hint_fixes_it_and_passes(learner_lab, chup_anh):  # noqa: F811
    from playwright.sync_api import sync_playwright

    port, course = learner_lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(start_url(port, TOKEN))
        page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first.wait_for(timeout=60_000)

        # The panel's tab in the left sidebar: its tooltip is Vietnamese.
        tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="langnghe-bai-tap"]')
        tab.wait_for(timeout=30_000)
        tab_tooltip = tab.get_attribute("title")
        tab.click()
        panel = page.locator(PANEL)
        row = panel.locator(f'.langnghe-BaiTap-exercise[data-path="{BT00}"]')
        row.wait_for(timeout=30_000)
        listed = panel.locator(".langnghe-BaiTap-exercise").count()
        chup_anh(page, "bai-tap-danh-sach")

        row.get_by_role("button", name="Mở", exact=True).click()
        notebook = page.locator(".jp-NotebookPanel:visible .jp-Notebook")
        notebook.locator(".jp-RenderedMarkdown h1", has_text="Bài tập 0").wait_for(timeout=60_000)

        row.get_by_role("button", name="Kiểm tra", exact=True).click()
        busy = row.locator(".langnghe-BaiTap-busy").inner_text(timeout=10_000)
        total = row.locator(".langnghe-BaiTap-total")
        total.wait_for(timeout=180_000)
        failed = row.locator(".langnghe-BaiTap-failed")
        failed_text = failed.inner_text() if failed.count() == 1 else f"{failed.count()} câu sai"
        first_total = total.inner_text()
        first_panel_text, allowed = panel_words(panel)
        row.locator(".langnghe-BaiTap-hint").first.scroll_into_view_if_needed()
        chup_anh(page, "bai-tap-kiem-tra-goi-y")

        # She fixes the answer in the notebook, as she would: the cell's editor, select all, type.
        cell = notebook.locator(".jp-CodeCell", has_text="def tinh_lai")
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(RIGHT_TINH_LAI)
        page.wait_for_timeout(300)
        row.get_by_role("button", name="Kiểm tra", exact=True).click()  # saves the notebook first
        page.wait_for_function(
            "el => el.querySelector('.langnghe-BaiTap-total') && !el.querySelector('.langnghe-BaiTap-failed')",
            arg=row.element_handle(), timeout=180_000)
        second_total = total.inner_text()
        passed = row.locator(".langnghe-BaiTap-passed").count()
        chup_anh(page, "bai-tap-kiem-tra-dat")

        # Nothing of nbgrader on her screen: menus, side panels, the notebook's toolbar.
        menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
        chrome = " ".join(page.locator(sel).first.inner_text() for sel in
                          ["#jp-menu-panel", ".jp-SideBar.jp-mod-left", ".jp-NotebookPanel:visible .jp-Toolbar"])
        sidebar_tooltips = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all("els => els.map(e => e.title)")

        # An exercise gone from the folder: the row says so in a sentence that says what to do.
        gone = "exercises/bt06-lien-ket/bt06-lien-ket.ipynb"
        (course / gone).rename(course / (gone + ".cat-di"))
        gone_row = panel.locator(f'.langnghe-BaiTap-exercise[data-path="{gone}"]')
        gone_row.get_by_role("button", name="Kiểm tra", exact=True).click()
        error = gone_row.locator(".langnghe-BaiTap-error")
        error.wait_for(timeout=30_000)
        error_text = error.inner_text()
        (course / (gone + ".cat-di")).rename(course / gone)

        # The launcher's item, in the course's own category.
        page.keyboard.press("Control+Shift+L")
        card = page.locator(".jp-Launcher-section", has_text="Khóa học").locator(".jp-LauncherCard",
                                                                                 has_text="Bài tập")
        card.wait_for(timeout=30_000)
        launcher_card = card.inner_text()
        browser.close()

    saved = nbformat.read(course / BT00, as_version=4)
    (fixed,) = [c for c in saved.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "tinh_lai"]

    assert tab_tooltip == "Bài tập"
    assert listed == len(list((ROOT / "solutions").glob("bt*"))), listed
    assert "Đang kiểm tra" in busy
    assert failed_text.startswith("❌") and "Gợi ý:" in failed_text and "3 điểm" in failed_text, failed_text
    assert re.fullmatch(r"Tổng điểm tự động: 9/12 điểm", first_total), first_total
    assert fixed.source.strip() == RIGHT_TINH_LAI, "Kiểm tra must save the notebook before checking it"
    assert second_total == "Tổng điểm tự động: 12/12 điểm" and passed == 6, (second_total, passed)
    assert foreign_words(first_panel_text, allowed) == [], first_panel_text
    assert not [m for m in menus if "grader" in m.lower()], menus
    assert not [w for w in NBGRADER_WORDS if w in chrome or any(w in t for t in sidebar_tooltips)], chrome
    assert launcher_card.strip() == "Bài tập", launcher_card
    assert error_text.startswith(f"Không thấy tệp {gone}.") and "tải lại danh sách" in error_text, error_text
    assert foreign_words(error_text, allowed) == [], error_text


# ---- On a hub: nbgrader's exchange, driven by the panel through nbgrader's own handlers -------------------

COURSE_ID = "langnghe"
STUDENT = getpass.getuser()  # nbgrader's default exchange knows a student by her Unix user
TIME_ZONE = "Asia/Ho_Chi_Minh"


def nbgrader(args: list, cwd: Path, env: dict) -> None:
    done = subprocess.run([BIN / "nbgrader", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def class_lab(tmp_path):
    """A server that looks like a trainee's on the workshop hub (JUPYTERHUB_SERVICE_PREFIX set, none of
    nbgrader's server extensions: the panel's exchange is langnghe.trao_doi's child process), a file exchange
    on this machine, bt00 released to it by the instructor's nbgrader.
    The trainee's home has the lessons and the check's keys as the bundle carries them (how the hub hands
    out keys is the hub's business), and no exercises/: she fetches them. Yields (port, instructor)."""
    home, course, exchange = tmp_path / "home", tmp_path / "course", tmp_path / "trao-doi"
    write_self_study(ROOT, home)
    shutil.rmtree(home / "exercises")
    (course / "release" / "bt00-lam-quen").mkdir(parents=True)
    shutil.copy(ROOT / BT00, course / "release" / "bt00-lam-quen")
    exchange.mkdir()
    exchange.chmod(0o777)
    shared = f'c = get_config()\nc.CourseDirectory.course_id = "{COURSE_ID}"\nc.Exchange.root = {str(exchange)!r}\n'
    (home / "nbgrader_config.py").write_text(shared, encoding="utf-8")
    (course / "nbgrader_config.py").write_text(shared + f"c.CourseDirectory.root = {str(course)!r}\n", encoding="utf-8")
    env = clean_env(JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"  # nbgrader runs alembic by name
    nbgrader(["release_assignment", "bt00-lam-quen"], course, env)

    def instructor(*args):
        nbgrader(list(args), course, env)

    no_nbgrader = {f"nbgrader.server_extensions.{name}": False
                   for name in ("formgrader", "assignment_list", "course_list", "validate_assignment")}
    config = home / ".jupyter" / "config" / "jupyter_server_config.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps({"ServerApp": {"jpserver_extensions": no_nbgrader}}), encoding="utf-8")

    with jupyter_server(home, tmp_path / "lab.log", app="lab", JUPYTERHUB_SERVICE_PREFIX="/user/hv01/") as port:
        yield port, instructor, exchange, course
    loaded = re.findall(r"(\S+) \| extension was successfully loaded", (tmp_path / "lab.log").read_text(encoding="utf-8"))
    assert "langnghe.bai_tap" in loaded and not [name for name in loaded if "nbgrader" in name], loaded


def return_feedback(course: Path, html: str) -> None:
    """What `langnghe feedback` leaves for nbgrader's release_feedback: the page beside the submission's
    timestamp and secret, in feedback/<student>/<assignment>/."""
    submitted = course / "submitted" / STUDENT / "bt00-lam-quen"
    target = course / "feedback" / STUDENT / "bt00-lam-quen"
    target.mkdir(parents=True)
    for name in ["timestamp.txt", "submission_secret.txt"]:
        shutil.copy(submitted / name, target / name)
    (target / "bt00-lam-quen.html").write_text(html, encoding="utf-8")


def test_trainee_on_a_hub_fetches_checks_submits_and_reads_the_feedback_from_the_panel(class_lab, tmp_path):
    from playwright.sync_api import sync_playwright

    port, instructor, exchange, course = class_lab
    fetched = "bt00-lam-quen/bt00-lam-quen.ipynb"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, timezone_id=TIME_ZONE)
        page.goto(f"http://127.0.0.1:{port}/lab?token={SERVER_TOKEN}")
        page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="langnghe-bai-tap"]').click(timeout=60_000)
        panel = page.locator(PANEL)
        card = panel.locator('[data-assignment="bt00-lam-quen"]')
        card.get_by_role("button", name="Lấy bài", exact=True).click(timeout=30_000)
        row = card.locator(f'.langnghe-BaiTap-exercise[data-path="{fetched}"]')
        row.wait_for(timeout=30_000)
        title = row.locator(".langnghe-BaiTap-exerciseTitle").inner_text()
        before_submitting = card.locator(".langnghe-BaiTap-submissions").inner_text()

        row.get_by_role("button", name="Mở", exact=True).click()
        page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown h1", has_text="Bài tập 0").wait_for(timeout=60_000)
        row.get_by_role("button", name="Kiểm tra", exact=True).click()
        row.locator(".langnghe-BaiTap-total").wait_for(timeout=180_000)
        result = row.locator(".langnghe-BaiTap-result").inner_text()
        page.screenshot(path=tmp_path / "lop-hoc-kiem-tra.png")

        card.get_by_role("button", name="Nộp bài", exact=True).click()
        dialog = page.locator(".jp-Dialog")
        dialog.wait_for(timeout=30_000)
        dialog_text = dialog.inner_text()
        page.screenshot(path=tmp_path / "lop-hoc-nop-bai.png")
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        times = card.locator(".langnghe-BaiTap-times li")
        times.first.wait_for(timeout=60_000)
        shown_time = times.first.inner_text()
        after_submitting = card.locator(".langnghe-BaiTap-submissions").inner_text()

        # The instructor collects, grades and returns the feedback; the trainee reloads the list.
        instructor("collect", "bt00-lam-quen")
        return_feedback(course, "<html><body><h1>Nhận xét bài 0</h1><p>Làm tốt lắm.</p></body></html>")
        instructor("release_feedback", "bt00-lam-quen")
        panel.get_by_role("button", name="Tải lại", exact=True).click()
        card.get_by_role("button", name="Xem nhận xét", exact=True).click(timeout=30_000)
        feedback = page.frame_locator(".jp-HTMLViewer:visible iframe").locator("h1")
        feedback.wait_for(timeout=30_000)
        feedback_heading = feedback.inner_text()
        panel_text, allowed = panel_words(panel)
        page.screenshot(path=tmp_path / "lop-hoc-nhan-xet.png")
        browser.close()

    (inbound,) = (exchange / COURSE_ID / "inbound").iterdir()
    stamp = inbound.name.split("+")[2]  # student+assignment+timestamp+random, the timestamp in UTC
    utc = datetime.datetime.strptime(stamp.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.UTC)
    local = utc.astimezone(zoneinfo.ZoneInfo(TIME_ZONE))

    assert title == "Bài tập 0. Làm quen với Jupyter"
    assert "Chưa nộp lần nào." in before_submitting
    assert "Tổng điểm tự động: 0/12 điểm" in result and result.count("❌") == 6
    assert "điểm chính thức do giảng viên chấm" in result  # a class's words, not a learner alone's
    assert "Nộp bài bt00-lam-quen?" in dialog_text and "bt00-lam-quen.ipynb" in dialog_text
    assert "đã được lưu trước khi nộp" in dialog_text, dialog_text
    assert shown_time == local.strftime("%d/%m/%Y %H:%M"), (shown_time, stamp)
    assert "Chưa có nhận xét" in after_submitting
    assert feedback_heading == "Nhận xét bài 0"
    assert foreign_words(" ".join([result, dialog_text, panel_text]), allowed) == [], (result, dialog_text, panel_text)
