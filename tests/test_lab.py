"""`langnghe lab` (what `make course` runs): JupyterLab on 127.0.0.1, in Vietnamese, state under the project."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import nbformat
import psutil
import pytest

from coursetools import BIN, ROOT
from langnghe.lab import start_url
from screenshots import chup_anh  # noqa: F401  (pytest fixture: screenshots for docs/)

TOKEN = "kiem-thu-langnghe"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str):
    url = f"http://127.0.0.1:{port}{path}"
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


# One worker runs every test of this module, so the module's fixture starts once.
pytestmark = pytest.mark.xdist_group("jupyterlab_server")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """`langnghe lab` as `make course` starts it; yields (port, process, log file)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MPLCONFIGDIR"))}
    env["JUPYTER_TOKEN"] = TOKEN
    log = tmp_path_factory.mktemp("lab") / "lab.log"
    # A learner's first start: no workspace saved by an earlier run (it would restore, say, a hidden file browser).
    shutil.rmtree(ROOT / ".jupyter" / "lab" / "workspaces", ignore_errors=True)
    with open(log, "w") as out:
        process = subprocess.Popen([BIN / "langnghe", "lab", "--no-browser", "--port", str(port)], cwd=ROOT,
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(port, "/api/status")
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(log.read_text())
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("JupyterLab không khởi động trong 60 giây")
    yield port, process, log
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def test_prints_the_start_page_url(lab):
    port, _, log = lab
    assert start_url(port, TOKEN) in log.read_text()


def effective_setting(port: int, plugin: str, key: str):
    """What JupyterLab applies: the user's value, else the default (where overrides.json lands)."""
    _, body = get(port, f"/lab/api/settings/{plugin}")
    data = json.loads(body)
    return data["settings"].get(key, data["schema"]["properties"][key].get("default"))


def test_interface_is_vietnamese(lab):
    port, _, _ = lab
    assert effective_setting(port, "@jupyterlab/translation-extension:plugin", "locale") == "vi_VN"
    _, body = get(port, "/lab/api/translations/vi_VN")
    assert json.loads(body)["data"], "gói ngôn ngữ vi_VN chưa được cài"


def test_code_font_has_every_vietnamese_letter(lab):
    port, _, _ = lab
    font = effective_setting(port, "@jupyterlab/apputils-extension:themes", "overrides")["code-font-family"]
    assert font.startswith("'Noto Mono'")


def test_start_page_is_served(lab):
    port, _, _ = lab
    status, body = get(port, "/api/contents/BAT-DAU.ipynb")
    first_cell = json.loads(body)["content"]["cells"][0]["source"]
    assert status == 200 and "Khóa học dữ liệu cho cơ sở làng nghề" in first_cell


def test_listens_on_loopback_only(lab):
    port, process, _ = lab
    addresses = {c.laddr.ip for c in psutil.Process(process.pid).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN}
    assert addresses == {"127.0.0.1"}


def test_jupyter_state_stays_in_the_project(lab):
    _, process, _ = lab
    runtime = ROOT / ".jupyter" / "runtime"
    assert any(runtime.glob(f"jpserver-{process.pid}.json"))


def vietnamese_letters() -> set[str]:
    """Every letter of Vietnamese, both cases: 12 vowels × 6 tones, plus đ."""
    import unicodedata

    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {"đ", "Đ"}
    for vowel in "aăâeêioôơuưy":
        for tone in tones:
            letter = unicodedata.normalize("NFC", vowel + tone)
            letters |= {letter, letter.upper()}
    return letters


def test_noto_mono_covers_vietnamese_where_dejavu_sans_mono_does_not():
    from fontTools.ttLib import TTFont

    def missing(path):
        cmap = TTFont(path).getBestCmap()
        return {ch for ch in vietnamese_letters() if ord(ch) not in cmap}

    noto = "/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf"
    dejavu = next((ROOT / ".venv").glob("lib/python3*/site-packages/matplotlib/mpl-data/fonts/ttf/DejaVuSansMono.ttf"))
    assert missing(noto) == set()
    assert len(missing(dejavu)) > 0


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def hide_file_browser(page) -> None:
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Hiển thị").click()
    page.locator('li[data-command="filebrowser:toggle-main"]').click()


def wait_for_kernel(page, server: str, path: str, timeout: float = 60) -> None:
    """Until the notebook at `path` (from the server's root) has a kernel, idle, that the page has connected to:
    a cell run before that is cleared, not run (JupyterLab's CodeCell.execute has no kernel to send it to)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in page.request.get(f"{server}/api/sessions").json():
            kernel = session.get("kernel") or {}
            if session["path"] == path and kernel.get("connections") and kernel["execution_state"] == "idle":
                return
        page.wait_for_timeout(500)
    pytest.fail(f"{path}: kernel chưa sẵn sàng sau {timeout:.0f} giây")


def test_trainee_sees_vietnamese_menus_and_the_start_page(lab, chup_anh):
    from playwright.sync_api import sync_playwright

    port, _, _ = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(start_url(port, TOKEN))  # the URL `make course` prints
        heading = page.locator(".jp-Notebook .jp-RenderedMarkdown h1", has_text="Khóa học dữ liệu cho cơ sở làng nghề")
        heading.wait_for(timeout=60_000)
        menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
        font = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--jp-code-font-family')")
        page.locator(".jp-DirListing-item", has_text="lessons").wait_for(timeout=30_000)  # the course's folders
        hide_file_browser(page)  # the picture in the guides: the page a learner reads, not the repository
        chup_anh(page, "bat-dau")
        browser.close()
    assert "Tệp" in menus, menus
    assert "Noto Mono" in font


@pytest.fixture
def lesson_copy():
    """Lesson 0.1 copied under build/ (ignored by git): JupyterLab autosaves outputs, and lessons stay clean."""
    folder = ROOT / "build" / f"kiem-thu-trinh-duyet-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    notebook = folder / "00.1-chay-o-lenh.ipynb"
    shutil.copy(ROOT / "lessons" / "00-lam-quen" / notebook.name, notebook)
    yield notebook.relative_to(ROOT)
    shutil.rmtree(folder, ignore_errors=True)


def test_trainee_runs_a_lesson_and_sees_a_chart_a_hint_and_a_working_widget(lab, lesson_copy, chup_anh):
    from playwright.sync_api import sync_playwright

    port, _, _ = lab
    workspace = f"kiem-thu-{os.getpid()}"  # its own workspace: the default one keeps no trace of the copy

    def show(locator):
        """Scroll to the middle of the window and wait until it is painted (cells out of view are not)."""
        locator.evaluate("el => el.scrollIntoView({block: 'center'})")
        locator.wait_for(state="visible", timeout=10_000)
        page.wait_for_timeout(300)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{port}/lab/workspaces/{workspace}/tree/{lesson_copy.as_posix()}?token={TOKEN}")
        page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first.wait_for(timeout=60_000)
        hide_file_browser(page)  # the lesson uses the whole width
        wait_for_kernel(page, f"http://127.0.0.1:{port}", lesson_copy.as_posix())
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Chạy").click()
        page.locator('li[data-command="runmenu:run-all"]').click()

        # The calculator is the last cell: once it is there, every cell has run.
        widget = page.locator(".jp-Notebook .widget-interact").first
        widget.wait_for(state="attached", timeout=60_000)
        chart = page.locator(".jp-Notebook .jp-OutputArea-output img").first
        show(chart)
        loaded = chart.evaluate("img => img.complete && img.naturalWidth > 100")
        chup_anh(page, "bai-hoc-bieu-do")

        hint = page.locator(".jp-Notebook .jp-OutputArea-output", has_text="Gợi ý").first
        show(hint)
        hint_text = hint.text_content()
        chup_anh(page, "thu-ngay-goi-y")

        output = widget.locator(".widget-output")
        show(widget)
        before = output.text_content()
        widget.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("PageUp")  # the price slider moves one big step
        page.wait_for_function("([el, text]) => el.textContent !== text", arg=[output.element_handle(), before],
                               timeout=10_000)
        after = output.text_content()
        chup_anh(page, "may-tinh-thanh-truot")
        page.request.delete(f"http://127.0.0.1:{port}/lab/api/workspaces/{workspace}?token={TOKEN}")
        browser.close()
    assert loaded, "biểu đồ chưa hiện"
    assert "chưa thay dấu ..." in hint_text, hint_text
    assert "Doanh thu:" in before and "Doanh thu:" in after and before != after


@pytest.fixture
def names_notebook():
    """A notebook under build/ with a new import, a call to complete, and an old lesson's import."""
    folder = ROOT / "build" / f"kiem-thu-ten-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    notebook = folder / "ten-moi-ten-cu.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from langnghe.ban_hang_truc_tuyen import khoi_luong_tinh_cuoc"),
        nbformat.v4.new_code_cell("khoi_luong_tinh_cuoc("),
        nbformat.v4.new_code_cell("from langnghe.selling import chargeable_weight"),
        nbformat.v4.new_code_cell("gia_ban = 240.000.000"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    nbformat.write(nb, notebook)
    yield notebook.relative_to(ROOT)
    shutil.rmtree(folder, ignore_errors=True)


def test_shift_tab_explains_in_vietnamese_an_old_lesson_says_what_to_type_and_errors_are_explained(lab, names_notebook,
                                                                                     chup_anh):
    from playwright.sync_api import sync_playwright

    port, _, _ = lab
    workspace = f"kiem-thu-ten-{os.getpid()}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{port}/lab/workspaces/{workspace}/tree/{names_notebook.as_posix()}?token={TOKEN}")
        cells = page.locator(".jp-Notebook .jp-CodeCell")
        cells.first.wait_for(timeout=60_000)
        hide_file_browser(page)
        wait_for_kernel(page, f"http://127.0.0.1:{port}", names_notebook.as_posix())

        # The old lesson's cell runs, and says in Vietnamese what to type now.
        cells.nth(2).locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        warning = cells.nth(2).locator(".jp-OutputArea-output")
        warning.first.wait_for(timeout=60_000)
        warning_text = warning.first.text_content()

        # The new name's explanation, as a trainee calls it up: Shift+Tab after the bracket.
        cells.first.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        cells.first.locator(".jp-InputArea-prompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=60_000)
        cells.nth(1).locator(".cm-content").click()
        page.keyboard.press("End")
        page.keyboard.press("Shift+Tab")
        tooltip = page.locator(".jp-Tooltip")
        tooltip.wait_for(timeout=30_000)
        tooltip_text = tooltip.text_content()
        chup_anh(page, "shift-tab-ten-moi")
        page.keyboard.press("Escape")

        # A beginner's mistake: the Vietnamese explanation first, Python's English folded below.
        cells.nth(3).locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        explanation = cells.nth(3).locator(".langnghe-loi")
        explanation.wait_for(timeout=60_000)
        folded_visible = explanation.locator("pre").is_visible()
        explanation_text = explanation.inner_text()
        chup_anh(page, "loi-python-tieng-viet")
        explanation.locator("summary").click()
        unfolded_visible = explanation.locator("pre").is_visible()
        page.request.delete(f"http://127.0.0.1:{port}/lab/api/workspaces/{workspace}?token={TOKEN}")
        browser.close()
    assert "Khối lượng đơn vị vận chuyển tính cước" in tooltip_text, tooltip_text
    assert "viết 240000000" in explanation_text and not folded_visible and unfolded_visible
    assert "kg_thuc" in tooltip_text and "he_so_quy_doi" in tooltip_text
    assert warning_text.startswith("⚠️ Tên cũ: `langnghe.selling.chargeable_weight`") and "from langnghe.ban_hang_truc_tuyen import khoi_luong_tinh_cuoc" in warning_text


def test_the_terminal_finds_the_course_command(lab):
    """A learner types `langnghe check ...` in JupyterLab's terminal: the command must be found there."""
    import asyncio

    from tornado.websocket import websocket_connect

    port, _, _ = lab
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/terminals", data=b"{}", method="POST",
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        name = json.loads(response.read())["name"]

    async def ask() -> str:
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/terminals/websocket/{name}?token={TOKEN}")
        ws.write_message(json.dumps(["stdin", "command -v langnghe; echo XONG-$?\r"]))
        seen = ""
        deadline = time.monotonic() + 30
        while not re.search(r"XONG-\d", seen) and time.monotonic() < deadline:  # the echoed line has XONG-$?
            message = await asyncio.wait_for(ws.read_message(), timeout=30)
            if message is None:
                break
            kind, *data = json.loads(message)
            if kind == "stdout":
                seen += data[0]
        ws.close()
        return seen

    try:
        seen = asyncio.run(ask())
    finally:
        delete = urllib.request.Request(f"http://127.0.0.1:{port}/api/terminals/{name}", method="DELETE",
                                        headers={"Authorization": f"token {TOKEN}"})
        urllib.request.urlopen(delete, timeout=10)
    assert "XONG-0" in seen and str(BIN / "langnghe") in seen, seen


# `**Menu** → **Item**` or `**Menu → Item → Sub-item**` in the lessons and the learner's guide.
MENU_PATH = re.compile(r"\*\*([^*\n]+?)\*\*(?:\s*→\s*\*\*([^*\n]+?)\*\*)+|\*\*([^*\n]+? → [^*\n]+?)\*\*")


def _quoted_menu_paths() -> dict[tuple[str, ...], str]:
    texts = {"docs/hoc-vien.md": (ROOT / "docs" / "hoc-vien.md").read_text(encoding="utf-8")}
    for path in sorted((ROOT / "lessons").glob("*/*.ipynb")) + sorted((ROOT / "exercises").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        texts[str(path.relative_to(ROOT))] = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    found = {}
    for where, text in texts.items():
        for match in MENU_PATH.finditer(text.replace("\n> ", " ").replace("\n", " ")):
            parts = [" ".join(p.split()) for p in re.split(r"\*\*\s*→\s*\*\*|→", match.group(0).strip("*"))]
            found.setdefault(tuple(parts), where)
    return found


# JupyterLab's top menus in English: a lesson that names one speaks a language the learner's screen does not.
ENGLISH_MENUS = {"File", "Edit", "View", "Run", "Tabs", "Settings", "Help"}
# Quoted on purpose as they are: the way back to Vietnamese when the screen is in English, and a menu
# item that exists only on the workshop's hub (checked by the hub's browser test).
NOT_IN_THIS_LAB = {("Settings", "Language", "Tiếng Việt"), ("Tệp", "Hub Control Panel")}


def test_every_menu_path_a_lesson_quotes_is_what_the_menus_show(lab, lesson_copy):
    """A learner reads only Vietnamese: the words a lesson tells her to click must be on her screen."""
    from playwright.sync_api import sync_playwright

    port, _, _ = lab
    quoted = _quoted_menu_paths()
    assert quoted, "no menu path found: the pattern is wrong"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        # With a notebook open, as the learner has: some labels change with what is open.
        page.goto(f"http://127.0.0.1:{port}/lab/workspaces/menu-{os.getpid()}/tree/{lesson_copy.as_posix()}?token={TOKEN}")
        page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first.wait_for(timeout=60_000)
        bar = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel")
        bar.first.wait_for(timeout=60_000)
        menus = {}
        for title in bar.all_inner_texts():
            page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=title).first.click()
            page.wait_for_timeout(400)
            items = page.locator(".lm-Menu:visible .lm-Menu-itemLabel")
            menus[(title,)] = [t for t in items.all_inner_texts() if t]
            for sub in list(menus[(title,)]):  # one level of submenus (Tệp → Mới → ...)
                item = page.locator(".lm-Menu:visible .lm-Menu-item[data-type='submenu']", has_text=sub)
                if item.count():
                    item.first.hover()
                    page.wait_for_timeout(300)
                    menus[(title, sub)] = [t for t in page.locator(".lm-Menu:visible").last
                                           .locator(".lm-Menu-itemLabel").all_inner_texts() if t]
            page.keyboard.press("Escape")
            page.keyboard.press("Escape")
        browser.close()
    titles = {key[0] for key in menus}
    checked = {path: where for path, where in quoted.items()
               if (path[0] in titles or path[0] in ENGLISH_MENUS) and path not in NOT_IN_THIS_LAB}
    assert checked, "no quoted path names a menu: the pattern is wrong"
    wrong = [f"{where}: {' → '.join(path)}" for path, where in checked.items()
             if not (tuple(path[:-1]) in menus and path[-1] in menus[tuple(path[:-1])])]
    assert not wrong, "\n".join(wrong) + f"\nmenus: {menus}"


def kernels(port: int) -> list[dict]:
    return json.loads(get(port, "/api/kernels")[1])


def test_closing_a_lesson_shuts_its_kernel_down(lab, lesson_copy):
    """A lesson she has finished costs nothing once its tab is closed (kernelShutdown in overrides.json)."""
    from playwright.sync_api import sync_playwright

    port, _, _ = lab
    workspace = f"dong-tab-{os.getpid()}"

    def lesson_kernels() -> set[str]:
        """The kernels of this lesson's sessions (other tests leave kernels of their own)."""
        sessions = json.loads(get(port, "/api/sessions")[1])
        ids = {s["kernel"]["id"] for s in sessions if s["path"] == lesson_copy.as_posix() and s.get("kernel")}
        return ids & {k["id"] for k in kernels(port)}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{port}/lab/workspaces/{workspace}/tree/{lesson_copy.as_posix()}?token={TOKEN}")
        page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first.wait_for(timeout=60_000)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not lesson_kernels():
            time.sleep(0.5)  # JupyterLab starts the lesson's kernel
        started = lesson_kernels()
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=lesson_copy.name)
        page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first.click()
        page.keyboard.press("Control+s")  # as the lessons teach; a changed notebook would ask first
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached", timeout=10_000)
        tab.locator(".lm-TabBar-tabCloseIcon").click()
        tab.wait_for(state="detached", timeout=10_000)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and started & {k["id"] for k in kernels(port)}:
            time.sleep(0.5)
        left = started & {k["id"] for k in kernels(port)}
        page.request.delete(f"http://127.0.0.1:{port}/lab/api/workspaces/{workspace}?token={TOKEN}")
        browser.close()
    assert started, "bài học chưa có kernel"
    assert not left, "đóng tab mà kernel của bài vẫn chạy"


def test_a_trainees_idle_kernel_is_shut_down_but_not_one_with_a_tab_open(tmp_path):
    """The hub's culling options, given to a real jupyter_server as the hub gives them (Spawner.args),
    with the wait shortened: a kernel nobody is connected to goes, a connected one stays."""
    import websocket  # websocket-client, a dependency of jupyter_server

    from langnghe.hub.workshop import as_arguments, trainee_kernel_culling

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MPLCONFIGDIR"))}
    env.update(JUPYTER_TOKEN=TOKEN, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), HOME=str(tmp_path))
    culling = trainee_kernel_culling(3)
    culling["MappingKernelManager"]["cull_interval"] = 1
    args = as_arguments(culling)
    server = subprocess.Popen([BIN / "jupyter", "server", "--no-browser", f"--port={port}", "--allow-root",
                               f"--ServerApp.root_dir={tmp_path}", *args], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(port, "/api/status")
                break
            except OSError:
                time.sleep(0.5)

        def start() -> str:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/kernels", data=b"{}", method="POST",
                                             headers={"Authorization": f"token {TOKEN}"})
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["id"]

        idle, open_tab = start(), start()
        connection = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{open_tab}/channels",
                                                 header=[f"Authorization: token {TOKEN}"])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and idle in {k["id"] for k in kernels(port)}:
            time.sleep(0.5)
        left = {k["id"] for k in kernels(port)}
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert idle not in left, "kernel bỏ không vẫn chạy"
    assert open_tab in left, "kernel đang mở trong một tab bị tắt"
