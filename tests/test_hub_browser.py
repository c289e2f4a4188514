"""A trainee and an instructor in Debian's Chromium, on the real workshop hub (127.0.0.1).

The trainee logs in on the hub's own login page, lands in JupyterLab, runs a lesson (a chart
and a working widget), then fetches and submits an assignment from the course's Bài tập panel. The instructor opens formgrader in its own tab. The screenshots go to the test's output
folder (and to docs/hinh with `make docs-screenshots`); the trainee's memory with a kernel
that ran a lesson is printed, for sizing a server.
"""

from __future__ import annotations

import pwd
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from nbgrader.api import Gradebook
from hubtools import PASSWORD, login_code, running_workshop, username
from test_hub_load import unique_memory
from tieng_viet import foreign_words
from test_bai_tap_browser import PANEL
from test_lab import CHROMIUM_ARGS, hide_file_browser, wait_for_kernel

from screenshots import chup_anh  # noqa: F401  (pytest fixture: screenshots for docs/)

pytestmark = pytest.mark.xdist_group("hub")

ASSIGNMENT = "bt01-ban-hang-truc-tuyen"
WRITTEN_ANSWER = "mo_ta_san_pham"  # bt01's manually graded cell
LESSON = "langnghe/lessons/00-lam-quen/00.1-chay-o-lenh.ipynb"
PEOPLE = [("Trần Thị Hương", "giảng viên"), ("Nguyễn Văn An", "học viên")]


@pytest.fixture(scope="module")
def hub():
    with running_workshop(PEOPLE) as ws:
        yield ws


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def log_in(page, hub, name: str) -> None:
    """As a person does: the first time the code on their card and a new password, twice."""
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    code = login_code(hub, name)
    page.fill("#password_input", code or PASSWORD)
    if code:
        page.fill("#new_password_input", PASSWORD)
        page.fill("#new_password_again_input", PASSWORD)
    page.click("#login_submit")


def show(page, locator) -> None:
    """Scroll to the middle of the window and wait until it is painted (cells out of view are not)."""
    locator.evaluate("el => el.scrollIntoView({block: 'center'})")
    locator.wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(300)


def write_product_description(page, hub, trainee: str) -> None:
    """The written answer of the fetched bt01, saved through the server's API (what typing it does)."""
    url = f"{hub.url}/user/{trainee}/api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf" and c["path"] == f"/user/{trainee}/")
    model = page.request.get(url).json()
    cell = next(c for c in model["content"]["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == WRITTEN_ANSWER)
    cell["source"] = ("Chén men lam vẽ tay của xưởng gốm An Phúc, men bóng, dung tích 250 ml, an toàn khi dùng lò vi sóng. "
                      "Đóng hộp giấy có lót xốp, giao toàn quốc.")
    saved = page.request.put(url, data={"type": "notebook", "content": model["content"]},
                             headers={"X-XSRFToken": xsrf})
    assert saved.ok, saved.text()


def memory_mb(uid: int) -> float:
    """Unique memory (USS) of all of a Unix user's processes: what one more trainee costs."""
    return unique_memory({uid})[uid] / 2**20


def test_trainee_logs_in_runs_a_lesson_and_submits_from_the_panel(hub, browser, chup_anh, capsys):
    trainee = username(hub, "Nguyễn Văn An")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{hub.url}/hub/login")
    page.locator("#login_submit").wait_for()
    login_text = page.locator("body").inner_text()
    chup_anh(page, "hub-dang-nhap")
    log_in(page, hub, trainee)

    # Straight into JupyterLab, on the start page, in Vietnamese.
    page.locator(".jp-Notebook .jp-RenderedMarkdown h1", has_text="Khóa học dữ liệu cho cơ sở làng nghề") \
        .wait_for(timeout=120_000)
    menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
    font = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--jp-code-font-family')")

    # A workspace of its own: the default one would also restore the start page, and under load
    # that tab can end up the active one when "Run all" is clicked.
    page.goto(f"{hub.url}/user/{trainee}/lab/workspaces/bai-01/tree/{LESSON}")
    title = page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first
    title.wait_for(timeout=60_000)
    hide_file_browser(page)
    wait_for_kernel(page, f"{hub.url}/user/{trainee}", LESSON)
    title.click()  # the lesson has the focus: the Run menu acts on it
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Chạy").click()
    page.locator('li[data-command="runmenu:run-all"]').click()
    widget = page.locator(".jp-Notebook .widget-interact").first  # the last cell: every cell has run
    widget.wait_for(state="attached", timeout=90_000)
    chart = page.locator(".jp-Notebook .jp-OutputArea-output img").first
    show(page, chart)
    chart_loaded = chart.evaluate("img => img.complete && img.naturalWidth > 100")
    output = widget.locator(".widget-output")
    show(page, widget)
    before = output.text_content()
    widget.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("PageUp")
    page.wait_for_function("([el, text]) => el.textContent !== text", arg=[output.element_handle(), before],
                           timeout=10_000)
    after = output.text_content()
    with_kernel = memory_mb(pwd.getpwnam(trainee).pw_uid)

    # The Bài tập panel: fetch, then submit (after the confirmation), as a trainee does.
    page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="langnghe-bai-tap"]').click(timeout=60_000)
    card = page.locator(PANEL).locator(f'[data-assignment="{ASSIGNMENT}"]')
    card.get_by_role("button", name="Lấy bài", exact=True).click(timeout=60_000)
    card.get_by_role("button", name="Nộp bài", exact=True).wait_for(timeout=60_000)
    write_product_description(page, hub, trainee)
    card.get_by_role("button", name="Nộp bài", exact=True).click()
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click(timeout=30_000)
    card.locator(".langnghe-BaiTap-times li").first.wait_for(timeout=60_000)
    panel_text = page.locator(PANEL).inner_text()
    # The exercise's own title and file path are the course's (the notebooks have tests of their own).
    course_words = set(re.findall(r"[^\W_]+", " ".join(
        page.locator(PANEL).locator(".langnghe-BaiTap-exerciseTitle, .langnghe-BaiTap-path").all_inner_texts())))
    chup_anh(page, "hub-danh-sach-bai-tap")
    page.close()

    assert "Đăng nhập" in login_text and "Mật khẩu" in login_text, login_text
    assert "Tệp" in menus, menus
    assert "Noto Mono" in font, font  # a code font with every Vietnamese letter
    assert chart_loaded, "biểu đồ chưa hiện"
    assert "Doanh thu:" in before and "Doanh thu:" in after and before != after
    assert foreign_words(panel_text, course_words) == [], panel_text
    inbound = hub.exchange / "langnghe" / "inbound"
    assert [p.name for p in inbound.iterdir() if p.name.startswith(f"{trainee}+{ASSIGNMENT}+")]
    with capsys.disabled():
        print(f"\n[bộ nhớ] một học viên sau khi chạy bài 0.1 (server JupyterLab + kernel), riêng (USS): {with_kernel:.0f} MB")


def test_instructor_grades_a_written_answer_in_formgrader_in_its_own_tab(hub, browser, chup_anh):
    from langnghe.hub import instructor

    # The submission the trainee made above, collected and autograded as the guide says (in a
    # thread: the grader runs its own event loop, and Playwright's is running in this one).
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(instructor.collect, hub, "bt01").result()[1], "the test above submits bt01"
        thread.submit(instructor.grade, hub, "bt01").result()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, hub, username(hub, "Trần Thị Hương"))
    page.wait_for_url(re.compile(r".*/hub/home"), timeout=60_000)
    page.goto(f"{hub.url}/services/formgrader/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
    page.locator('a[href*="/submissions/"]').first.click(timeout=60_000)
    # The written answer (the product description), with its score box and comment box.
    written = page.locator(".nbgrader_cell", has=page.locator(f"input.score#{WRITTEN_ANSWER}"))
    written.wait_for(timeout=60_000)
    written.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    chup_anh(page, "hub-formgrader")
    score_box = written.locator(f"input.score#{WRITTEN_ANSWER}")
    score_box.fill("2")
    score_box.press("Tab")  # formgrader saves on change
    written.locator("textarea").first.fill("Mô tả rõ chất liệu, nên thêm kích thước và cách bảo quản.")
    written.locator("textarea").first.press("Tab")
    page.wait_for_timeout(1500)
    page.close()
    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}") as gb:
        grade = gb.find_grade(WRITTEN_ANSWER, ASSIGNMENT, ASSIGNMENT, username(hub, "Nguyễn Văn An"))
        assert grade.manual_score == 2
